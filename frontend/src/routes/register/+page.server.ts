import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { failForm } from '#lib/server/form-result.js';
import { apiFor } from '#lib/server/api-event.js';
import { callApi, mapFieldErrors, rateLimitMessage, type FieldSpec } from '#lib/server/api-result.js';
import { compact, displayNameProblem, emailProblem, newPasswordProblem, textField } from '#lib/server/form-data.js';

export const load: PageServerLoad = ({ locals }) => {
  // Someone signed in has an account already.
  if (locals.user) redirect(303, '/account');
};

const FIELDS: Record<string, FieldSpec> = {
  email: { label: 'Email address', missing: 'Enter your email address' },
  displayName: { label: 'Display name', missing: 'Enter your display name' },
  password: { label: 'Password', missing: 'Enter a password' }
};

export const actions: Actions = {
  default: async (event) => {
    const data = await event.request.formData();
    const email = textField(data, 'email');
    const displayName = textField(data, 'displayName');
    const password = textField(data, 'password', { trim: false });
    // Never the password: a page must not carry it back.
    const values = { email, displayName };

    const errors = compact({
      email: emailProblem(email),
      displayName: displayNameProblem(displayName),
      password: newPasswordProblem(password)
    });
    if (Object.keys(errors).length > 0) return failForm(400, { values, errors });

    const api = apiFor(event, { signedIn: false });
    const outcome = await callApi(() => api.POST('/api/auth/register', { body: { email, displayName, password } }));
    if (outcome.ok) redirect(303, '/register/check-email');

    const { problem } = outcome;
    if (problem.status === 429) return failForm(429, { values, problem: rateLimitMessage(problem) });
    if (problem.code === 'VALIDATION_FAILED') {
      const mapped = mapFieldErrors(problem, FIELDS);
      return failForm(400, {
        values,
        errors: mapped.errors,
        problem: mapped.unmatched.length ? mapped.unmatched.join(' ') : undefined
      });
    }
    return failForm(problem.status >= 500 ? 503 : problem.status, { values, problem: problem.message });
  }
};
