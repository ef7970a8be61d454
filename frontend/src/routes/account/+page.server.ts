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

export const load: PageServerLoad = (event) => {
  const { displayName, email, emailVerified } = requireSignedIn(event);
  return { account: { displayName, email, emailVerified } };
};

export const actions: Actions = {
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
