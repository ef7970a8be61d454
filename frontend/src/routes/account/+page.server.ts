import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { failForm, formOk } from '#lib/server/form-result.js';
import { apiFor } from '#lib/server/api-event.js';
import { callApi } from '#lib/server/api-result.js';
import { setFlash } from '#lib/server/flash.js';
import { compact, displayNameProblem, newPasswordProblem, textField } from '#lib/server/form-data.js';
import { requireSignedIn } from '#lib/server/guards.js';
import { formFailure } from '#lib/server/problems.js';
import { clearSession } from '#lib/server/session.js';
import { getNotificationSettings, updateNotificationSettings } from '#lib/server/cohorts-api.js';
import { hasOrgRole } from '#lib/roles.js';

export const load: PageServerLoad = async (event) => {
  const user = requireSignedIn(event);
  const { displayName, email, emailVerified } = user;
  const settings = await getNotificationSettings(apiFor(event));
  return {
    account: { displayName, email, emailVerified },
    // Unread, both are on (the default); the form still works.
    notifications: settings.ok ? settings.data : { dueDateReminders: true, weeklyDigest: true },
    /** The weekly digest is for trainers (and organisation admins) of cohorts. */
    trains: user.memberships.some((m) => hasOrgRole(m.role, 'trainer'))
  };
};

export const actions: Actions = {
  notifications: async (event) => {
    const user = requireSignedIn(event);
    const data = await event.request.formData();
    const dueDateReminders = data.get('dueDateReminders') === 'on';
    const trains = user.memberships.some((m) => hasOrgRole(m.role, 'trainer'));
    // A learner's form has no digest box: leave the digest as it is rather than turn it off.
    const body = trains ? { dueDateReminders, weeklyDigest: data.get('weeklyDigest') === 'on' } : { dueDateReminders };
    const outcome = await updateNotificationSettings(apiFor(event), body);
    if (outcome.ok) return formOk({ form: 'notifications', success: 'Your email settings are saved.' });
    return formFailure(outcome.problem, event, { form: 'notifications' });
  },

  profile: async (event) => {
    requireSignedIn(event);
    const data = await event.request.formData();
    const displayName = textField(data, 'displayName');
    const values = { displayName };
    const error = displayNameProblem(displayName);
    if (error) return failForm(400, { form: 'profile', values, errors: { displayName: error } });

    const api = apiFor(event);
    const outcome = await callApi(() => api.PATCH('/api/me', { body: { displayName } }));
    if (outcome.ok) return formOk({ form: 'profile', success: 'Your display name has been saved.' });
    return formFailure(
      outcome.problem,
      event,
      { form: 'profile', values },
      {
        fields: { displayName: { label: 'Display name', missing: 'Enter your display name' } }
      }
    );
  },

  password: async (event) => {
    requireSignedIn(event);
    const data = await event.request.formData();
    const currentPassword = textField(data, 'currentPassword', { trim: false });
    const newPassword = textField(data, 'newPassword', { trim: false });
    const errors = compact({
      currentPassword: currentPassword ? undefined : 'Enter your current password',
      newPassword: newPasswordProblem(newPassword, 'New password')
    });
    if (Object.keys(errors).length > 0) return failForm(400, { form: 'password', errors });

    const api = apiFor(event);
    const outcome = await callApi(() => api.POST('/api/me/password', { body: { currentPassword, newPassword } }));
    if (outcome.ok) {
      return formOk({
        form: 'password',
        success: 'Your password has been changed. You were signed out everywhere else; this device stays signed in.'
      });
    }
    return formFailure(
      outcome.problem,
      event,
      { form: 'password' },
      {
        fields: {
          currentPassword: { label: 'Current password', missing: 'Enter your current password' },
          newPassword: { label: 'New password', missing: 'Enter a new password' }
        }
      }
    );
  },

  delete: async (event) => {
    requireSignedIn(event);
    const data = await event.request.formData();
    const password = textField(data, 'deletePassword', { trim: false });
    if (!password) {
      return failForm(400, { form: 'delete', errors: { deletePassword: 'Enter your password to confirm' } });
    }

    const api = apiFor(event);
    const outcome = await callApi(() => api.DELETE('/api/me', { body: { password } }));
    if (outcome.ok) {
      clearSession(event.cookies);
      setFlash(event.cookies, event.url, 'account-deleted');
      redirect(303, '/');
    }
    return formFailure(outcome.problem, event, { form: 'delete' }, { fields: { password: { field: 'deletePassword', label: 'Password' } } });
  }
};
