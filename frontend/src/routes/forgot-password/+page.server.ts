import type { Actions, PageServerLoad } from './$types';
import { failForm, formOk } from '#lib/server/form-result.js';
import { apiFor } from '#lib/server/api-event.js';
import { callApi } from '#lib/server/api-result.js';
import { devMailEnabled } from '#lib/server/dev-mode.js';
import { emailProblem, textField } from '#lib/server/form-data.js';
import { formFailure } from '#lib/server/problems.js';
import { deviceCookieHeader } from '#lib/server/session.js';

export const load: PageServerLoad = () => ({ devMail: devMailEnabled() });

export const actions: Actions = {
  default: async (event) => {
    const data = await event.request.formData();
    const email = textField(data, 'email');
    const values = { email };
    const error = emailProblem(email);
    if (error) return failForm(400, { values, errors: { email: error } });

    const api = apiFor(event, { signedIn: false });
    // From a browser the account has signed in from, the request is always mailed (the device cookie).
    const outcome = await callApi(() => api.POST('/api/auth/forgot-password', { body: { email }, headers: deviceCookieHeader(event.cookies) }));
    // The same answer whether or not the address has an account.
    if (outcome.ok) {
      return formOk({
        success: 'If the address has an account, we sent a link to it. The link works once and expires in 1 hour.'
      });
    }
    return formFailure(outcome.problem, event, { values }, { fields: { email: { label: 'Email address' } } });
  }
};
