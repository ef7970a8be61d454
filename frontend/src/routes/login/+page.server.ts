import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import type { FormState } from '#lib/form-state.js';
import { safeNext } from '#lib/safe-redirect.js';
import { apiFor } from '#lib/server/api-event.js';
import { callApi, type FieldSpec } from '#lib/server/api-result.js';
import { compact, emailProblem, textField } from '#lib/server/form-data.js';
import { failForm } from '#lib/server/form-result.js';
import { requireSignedOut } from '#lib/server/guards.js';
import { formFailure } from '#lib/server/problems.js';
import { deviceCookieHeader, forwardDeviceCookie, setSession } from '#lib/server/session.js';

interface LoginState extends FormState {
  /** Right password, but the address is not confirmed yet: offer a new link. */
  notVerified?: boolean;
}

const FIELDS: Record<string, FieldSpec> = {
  email: { label: 'Email address', missing: 'Enter your email address' },
  password: { label: 'Password', missing: 'Enter your password' }
};

export const load: PageServerLoad = (event) => {
  const next = safeNext(event.url.searchParams.get('next'));
  requireSignedOut(event, next ?? '/account');
  return { next: next ?? '' };
};

export const actions: Actions = {
  default: async (event) => {
    const data = await event.request.formData();
    const email = textField(data, 'email');
    const password = textField(data, 'password', { trim: false });
    const next = safeNext(textField(data, 'next'));
    const values = { email, next: next ?? '' };

    const errors = compact({ email: emailProblem(email), password: password ? undefined : 'Enter your password' });
    if (Object.keys(errors).length > 0) return failForm<LoginState>(400, { values, errors });

    const api = apiFor(event, { signedIn: false });
    // The browser's device cookie goes to the API and the API's comes back: a browser that has
    // signed in before is not slowed when someone else is guessing at the account.
    let response: Response | undefined;
    const outcome = await callApi(async () => {
      const result = await api.POST('/api/auth/login', {
        body: { email, password, tokenDelivery: 'body' },
        headers: deviceCookieHeader(event.cookies)
      });
      response = result.response;
      return result;
    });
    if (outcome.ok) {
      setSession(event.cookies, event.url, outcome.data);
      forwardDeviceCookie(event.cookies, event.url, response);
      redirect(303, next ?? '/account');
    }

    return formFailure<LoginState>(
      outcome.problem,
      event,
      { values },
      {
        fields: FIELDS,
        on: {
          // Which of the two was wrong is not said, so nobody learns whether an address has an account.
          'signed-out': (problem) => ({ problem: problem.message }),
          'email-not-verified': (problem) => ({ problem: problem.message, notVerified: true }),
          forbidden: (problem) => ({ problem: problem.message, notVerified: false })
        }
      }
    );
  }
};
