import type { Actions, PageServerLoad } from './$types';
import type { FormState } from '#lib/form-state.js';
import { failForm, formOk } from '#lib/server/form-result.js';
import { apiFor } from '#lib/server/api-event.js';
import { callApi } from '#lib/server/api-result.js';
import { devMailEnabled } from '#lib/server/dev-mode.js';
import { emailProblem, textField } from '#lib/server/form-data.js';
import { formFailure, isInvalidInput } from '#lib/server/problems.js';

interface VerifyState extends FormState {
  verified?: boolean;
  /** The link's token was refused (invalid, used or expired): offer a new link. */
  tokenInvalid?: boolean;
}

// Nothing is verified here: link scanners in mail systems fetch links, and would use up the token.
export const load: PageServerLoad = ({ url }) => ({
  token: url.searchParams.get('token') ?? '',
  devMail: devMailEnabled()
});

export const actions: Actions = {
  confirm: async (event) => {
    const data = await event.request.formData();
    const token = textField(data, 'token');
    if (!token) return failForm<VerifyState>(400, { form: 'confirm', tokenInvalid: true });

    const api = apiFor(event, { signedIn: false });
    const outcome = await callApi(() => api.POST('/api/auth/verify-email', { body: { token } }));
    if (outcome.ok) return formOk<VerifyState>({ form: 'confirm', verified: true });
    // The link's token was refused (invalid, used or expired): offer a new link.
    if (isInvalidInput(outcome.problem)) return failForm<VerifyState>(400, { form: 'confirm', tokenInvalid: true });
    return formFailure<VerifyState>(outcome.problem, event, { form: 'confirm' });
  },

  resend: async (event) => {
    const data = await event.request.formData();
    const email = textField(data, 'email');
    const values = { email };
    const error = emailProblem(email);
    if (error) return failForm<VerifyState>(400, { form: 'resend', values, errors: { email: error } });

    const api = apiFor(event, { signedIn: false });
    const outcome = await callApi(() => api.POST('/api/auth/verify-email/resend', { body: { email } }));
    if (outcome.ok) {
      return formOk<VerifyState>({
        form: 'resend',
        success: 'If that address has an account that is not confirmed yet, we sent a new link to it. The link expires in 24 hours.'
      });
    }
    return formFailure<VerifyState>(outcome.problem, event, { form: 'resend', values }, { fields: { email: { label: 'Email address' } } });
  }
};
