import type { Actions, PageServerLoad } from './$types';
import type { FormState } from '#lib/form-state.js';
import { failForm, formOk } from '#lib/server/form-result.js';
import { apiFor } from '#lib/server/api-event.js';
import { callApi } from '#lib/server/api-result.js';
import { newPasswordProblem, textField } from '#lib/server/form-data.js';
import { formAnswer, formFailure } from '#lib/server/problems.js';
import { clearSession } from '#lib/server/session.js';

interface ResetState extends FormState {
  done?: boolean;
  tokenInvalid?: boolean;
}

export const load: PageServerLoad = ({ url }) => ({ token: url.searchParams.get('token') ?? '' });

export const actions: Actions = {
  default: async (event) => {
    const data = await event.request.formData();
    const token = textField(data, 'token');
    const password = textField(data, 'password', { trim: false });
    const values = { token };
    if (!token) return failForm<ResetState>(400, { values, tokenInvalid: true });

    const error = newPasswordProblem(password, 'New password');
    if (error) return failForm<ResetState>(400, { values, errors: { password: error } });

    const api = apiFor(event, { signedIn: false });
    const outcome = await callApi(() => api.POST('/api/auth/reset-password', { body: { token, password } }));
    if (outcome.ok) {
      // Every session of the account has ended, this browser's included.
      clearSession(event.cookies);
      return formOk<ResetState>({ done: true });
    }
    const fields = { password: { label: 'New password', missing: 'Enter a new password' } };
    return formFailure<ResetState>(
      outcome.problem,
      event,
      { values },
      {
        on: {
          // The link's token was refused (invalid, used or expired): offer a new link.
          validation: (problem) => (problem.fields.token ? { tokenInvalid: true } : formAnswer<ResetState>(problem, { fields }))
        }
      }
    );
  }
};
