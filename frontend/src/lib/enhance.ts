import type { SubmitFunction } from '$app/forms';
import { tick } from 'svelte';
import { focusProblem } from './forms';

export interface EnhanceOptions {
  /** Called with true when the request starts and false when the page has been updated. */
  busy?: (busy: boolean) => void;
  /** Reset the form after success (SvelteKit's default). */
  reset?: boolean;
}

/**
 * Progressive enhancement shared by every form: a busy state while the request runs; after a
 * failure, password fields are emptied (they are never sent back either) and focus moves to
 * the error summary, as it would be read first on a page loaded without JavaScript.
 */
export function enhanceForm(options: EnhanceOptions = {}): SubmitFunction {
  return ({ formElement }) => {
    options.busy?.(true);
    return async ({ result, update }) => {
      try {
        await update({ reset: options.reset ?? true });
      } finally {
        options.busy?.(false);
      }
      if (result.type === 'failure') {
        for (const input of formElement.querySelectorAll<HTMLInputElement>('input[type="password"]')) input.value = '';
        await tick();
        focusProblem(formElement);
      }
    };
  };
}
