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
