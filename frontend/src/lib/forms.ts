import type { FieldError } from './components/types';

/**
 * Joins the ids that describe a control, skipping absent ones, so that
 * `aria-describedby` is omitted entirely rather than rendered empty.
 */
export function describedBy(...ids: Array<string | false | null | undefined>): string | undefined {
  const joined = ids.filter((id): id is string => typeof id === 'string' && id.length > 0).join(' ');
  return joined.length > 0 ? joined : undefined;
}

/**
 * Moves focus to the first invalid control after a failed submission so that
 * keyboard and screen reader users land where the problem is.
 * Returns the focused element, or null when the form has no invalid control.
 */
export function focusFirstError(form: HTMLFormElement): HTMLElement | null {
  const control = form.querySelector<HTMLElement>('[aria-invalid="true"]');
  control?.focus();
  return control;
}

/**
 * After a failed submission: focus the form's error summary (it lists every problem and links
 * to each control), or else its first invalid control.
 */
export function focusProblem(form: HTMLFormElement): HTMLElement | null {
  const summary = form.querySelector<HTMLElement>('[data-error-summary]');
  if (summary) {
    summary.focus();
    return summary;
  }
  return focusFirstError(form);
}

/** The summary's entries, in the order the controls appear (`order`), then any others. */
export function summaryOf(errors: Record<string, string> | null | undefined, order: string[] = []): FieldError[] {
  if (!errors) return [];
  const fields = [...order.filter((f) => f in errors), ...Object.keys(errors).filter((f) => !order.includes(f))];
  return fields.flatMap((field) => (errors[field] ? [{ field, message: errors[field] }] : []));
}
