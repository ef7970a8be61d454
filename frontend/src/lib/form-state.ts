/**
 * What a form action answers, with fail() or on success. One shape for every form so pages can
 * read `form?.errors?.email` whatever action ran.
 */
export interface FormState {
  /** Which form on the page answered, when a page has several. */
  form?: string;
  /** What was typed, to put back (never passwords). */
  values?: Record<string, string>;
  /** Messages by control name, shown under each control and in the summary. */
  errors?: Record<string, string>;
  /** A problem with the form as a whole (wrong credentials, rate limit, service down). */
  problem?: string;
  /** A confirmation to show after success. */
  success?: string;
}
