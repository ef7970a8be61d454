import { redirect, type RequestEvent } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { failForm, formOk } from '#lib/server/form-result.js';
import { loginUrl } from '#lib/safe-redirect.js';
import { apiFor } from '#lib/server/api-event.js';
import { callApi, mapFieldErrors, type ApiProblem } from '#lib/server/api-result.js';
import { setFlash } from '#lib/server/flash.js';
import { compact, displayNameProblem, newPasswordProblem, textField } from '#lib/server/form-data.js';
import { clearSession } from '#lib/server/session.js';

export const load: PageServerLoad = ({ locals }) => {
  if (!locals.user) redirect(303, loginUrl('/account'));
  const { displayName, email, emailVerified } = locals.user;
  return { account: { displayName, email, emailVerified } };
};

/** Every action needs a live session; one that ended meanwhile goes back through sign-in. */
function requireSession(event: RequestEvent): void {
  if (!event.locals.user || !event.locals.accessToken) redirect(303, loginUrl('/account'));
}

/** A 401 from the API means the session ended while the page was open. */
function otherProblem(form: string, problem: ApiProblem, values?: Record<string, string>) {
  if (problem.status === 401) redirect(303, loginUrl('/account'));
  return failForm(problem.status >= 500 ? 503 : problem.status, { form, values, problem: problem.message });
}

export const actions: Actions = {
  profile: async (event) => {
    requireSession(event);
    const data = await event.request.formData();
    const displayName = textField(data, 'displayName');
    const values = { displayName };
    const error = displayNameProblem(displayName);
    if (error) return failForm(400, { form: 'profile', values, errors: { displayName: error } });

    const api = apiFor(event);
    const outcome = await callApi(() => api.PATCH('/api/me', { body: { displayName } }));
    if (outcome.ok) return formOk({ form: 'profile', success: 'Your display name has been saved.' });
    const { problem } = outcome;
    if (problem.code === 'VALIDATION_FAILED') {
      const { errors } = mapFieldErrors(problem, { displayName: { label: 'Display name', missing: 'Enter your display name' } });
      return failForm(400, { form: 'profile', values, errors });
    }
    return otherProblem('profile', problem, values);
  },

  password: async (event) => {
    requireSession(event);
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
    const { problem } = outcome;
    if (problem.code === 'VALIDATION_FAILED') {
      const mapped = mapFieldErrors(problem, {
        currentPassword: { label: 'Current password', missing: 'Enter your current password' },
        newPassword: { label: 'New password', missing: 'Enter a new password' }
      });
      return failForm(400, {
        form: 'password',
        errors: mapped.errors,
        problem: mapped.unmatched.length ? mapped.unmatched.join(' ') : undefined
      });
    }
    return otherProblem('password', problem);
  },

  delete: async (event) => {
    requireSession(event);
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
    const { problem } = outcome;
    if (problem.code === 'VALIDATION_FAILED') {
      const { errors } = mapFieldErrors(problem, { password: { field: 'deletePassword', label: 'Password' } });
      return failForm(400, { form: 'delete', errors });
    }
    return otherProblem('delete', problem);
  }
};
