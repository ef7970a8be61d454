import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import type { FormState } from '#lib/form-state.js';
import { failForm } from '#lib/server/form-result.js';
import { safeNext } from '#lib/safe-redirect.js';
import { apiFor } from '#lib/server/api-event.js';
import { callApi, mapFieldErrors, rateLimitMessage, type FieldSpec } from '#lib/server/api-result.js';
import { compact, emailProblem, textField } from '#lib/server/form-data.js';
import { deviceCookieHeader, forwardDeviceCookie, setSession } from '#lib/server/session.js';

interface LoginState extends FormState {
  /** Right password, but the address is not confirmed yet: offer a new link. */
  notVerified?: boolean;
}

const FIELDS: Record<string, FieldSpec> = {
  email: { label: 'Email address', missing: 'Enter your email address' },
  password: { label: 'Password', missing: 'Enter your password' }
};

export const load: PageServerLoad = ({ locals, url }) => {
  const next = safeNext(url.searchParams.get('next'));
  if (locals.user) redirect(303, next ?? '/account');
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

    const { problem } = outcome;
    switch (problem.status) {
      case 401:
        // Which of the two was wrong is not said, so nobody learns whether an address has an account.
        return failForm<LoginState>(401, { values, problem: problem.message });
      case 403:
        return failForm<LoginState>(403, {
          values,
          problem: problem.message,
          notVerified: problem.reason === 'email_not_verified'
        });
      case 429:
        return failForm<LoginState>(429, { values, problem: rateLimitMessage(problem) });
      case 400: {
        const mapped = mapFieldErrors(problem, FIELDS);
        return failForm<LoginState>(400, {
          values,
          errors: mapped.errors,
          problem: mapped.unmatched.length ? mapped.unmatched.join(' ') : undefined
        });
      }
      default:
        return failForm<LoginState>(problem.status >= 500 ? 503 : problem.status, { values, problem: problem.message });
    }
  }
};
