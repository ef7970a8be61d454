import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { apiFor } from '#lib/server/api-event.js';
import { callApi, type FieldSpec } from '#lib/server/api-result.js';
import { compact, displayNameProblem, emailProblem, newPasswordProblem, textField } from '#lib/server/form-data.js';
import { failForm } from '#lib/server/form-result.js';
import { requireSignedOut } from '#lib/server/guards.js';
import { formFailure } from '#lib/server/problems.js';

// Someone signed in has an account already.
export const load: PageServerLoad = (event) => requireSignedOut(event, '/account');

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

    return formFailure(outcome.problem, event, { values }, { fields: FIELDS });
  }
};
