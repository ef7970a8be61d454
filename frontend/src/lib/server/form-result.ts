import { fail, type ActionFailure } from '@sveltejs/kit';
import type { FormState } from '#lib/form-state.js';

/**
 * fail() and success answers typed as the page's whole state (not each literal's own type), so
 * the page's `form` has every key whichever action or branch answered.
 */
export function failForm<T extends FormState = FormState>(status: number, state: NoInfer<T>): ActionFailure<T> {
  return fail(status, state);
}

export function formOk<T extends FormState = FormState>(state: NoInfer<T>): T {
  return state;
}
