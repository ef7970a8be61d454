/**
 * From an API problem to what a page answers: the one mapping every load function, form action
 * and endpoint uses. api-result.ts reads the API's error shape into an ApiProblem; this module
 * decides what it means for the page.
 *
 * Meaning comes from the API's error code, not its HTTP status. PROBLEM_KINDS below is the one
 * place the web app lists the codes; when the API adds a code (a module's own, such as
 * EMAIL_NOT_VERIFIED or MARKDOWN_REFUSED, from its `<module>.errors.ts`), regenerating the client
 * makes the typecheck ask for its line here, and every page follows. A code this build does not know yet
 * (an API deployed before the web app) is read by its status, as the general code for that
 * status would be.
 *
 * The rules, whatever the page:
 * - signed out (the session ended meanwhile): to sign in, and back through a safe ?next=;
 * - rate limited: how long to wait, from Retry-After;
 * - the API down, or any 5xx: 503 with a message that says to try again;
 * - otherwise the API's status and message, or the page's own words for what it expects.
 */
import { error, fail, type ActionFailure, type RequestEvent } from '@sveltejs/kit';
import type { components } from '#lib/api/schema.js';
import type { FormState } from '#lib/form-state.js';
import { mapFieldErrors, rateLimitMessage, type ApiProblem, type FieldSpec } from './api-result';
import { signInAgain } from './guards';

export type ErrorCode = components['schemas']['ErrorCode'];

/** What a problem means to a page. */
export type ProblemKind =
  /** Input the API refused without naming fields: a stale cursor, a malformed id or token. */
  | 'bad-request'
  /** Input refused field by field (details.fields): said beside each field. */
  | 'validation'
  /** No session, or it ended: sign in again. (From the sign-in form: wrong email or password.) */
  | 'signed-out'
  | 'forbidden'
  /** Right password, but the email address is not confirmed yet. */
  | 'email-not-verified'
  | 'not-found'
  /** A slug or address that is taken, or an account that exists already. */
  | 'conflict'
  /** Someone saved a newer version since the form was loaded (If-Match). */
  | 'edited-meanwhile'
  | 'too-large'
  | 'quota-exceeded'
  | 'unsupported-media'
  /** A rule of the domain (e.g. content managed by files, the last org admin). */
  | 'rule-broken'
  /** Lesson Markdown the renderer refused (too complex or nested too deeply), on its field. */
  | 'markdown-refused'
  | 'rate-limited'
  /** The API is down or failed (any 5xx): the page answers 503. */
  | 'unavailable'
  | 'other';

/**
 * Every code the API sends (ErrorCode, from the generated client), its status (as the API's
 * `httpStatusFor` maps it) and what it means here. `satisfies` keeps this exhaustive.
 */
export const PROBLEM_KINDS = {
  BAD_REQUEST: { status: 400, kind: 'bad-request' },
  VALIDATION_FAILED: { status: 400, kind: 'validation' },
  UNAUTHENTICATED: { status: 401, kind: 'signed-out' },
  FORBIDDEN: { status: 403, kind: 'forbidden' },
  NOT_FOUND: { status: 404, kind: 'not-found' },
  METHOD_NOT_ALLOWED: { status: 405, kind: 'other' },
  CONFLICT: { status: 409, kind: 'conflict' },
  PRECONDITION_FAILED: { status: 412, kind: 'edited-meanwhile' },
  PAYLOAD_TOO_LARGE: { status: 413, kind: 'too-large' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, kind: 'unsupported-media' },
  RULE_VIOLATION: { status: 422, kind: 'rule-broken' },
  RATE_LIMITED: { status: 429, kind: 'rate-limited' },
  SERVICE_UNAVAILABLE: { status: 503, kind: 'unavailable' },
  INTERNAL_ERROR: { status: 500, kind: 'unavailable' },
  // The modules' own codes (backend/src/modules/<module>/<module>.errors.ts).
  EMAIL_NOT_VERIFIED: { status: 403, kind: 'email-not-verified' },
  SOLE_ORGANISATION_ADMIN: { status: 422, kind: 'rule-broken' },
  LAST_ORG_ADMIN: { status: 422, kind: 'rule-broken' },
  CONTENT_MANAGED_BY_FILES: { status: 422, kind: 'rule-broken' },
  MARKDOWN_REFUSED: { status: 422, kind: 'markdown-refused' },
  STORAGE_QUOTA_EXCEEDED: { status: 413, kind: 'quota-exceeded' },
  COURSE_NOT_PUBLISHED: { status: 422, kind: 'rule-broken' },
  ATTEMPT_CLOSED: { status: 409, kind: 'rule-broken' },
  ATTEMPT_VERSION_CONFLICT: { status: 409, kind: 'edited-meanwhile' },
  NO_ATTEMPTS_LEFT: { status: 409, kind: 'rule-broken' },
  ATTEMPT_WAIT: { status: 409, kind: 'rule-broken' },
  QUIZ_CLOSED: { status: 409, kind: 'rule-broken' },
  QUIZ_VERSION_CONFLICT: { status: 409, kind: 'edited-meanwhile' },
  NOT_ENROLLED: { status: 409, kind: 'rule-broken' },
  RETAKE_NOT_ALLOWED: { status: 409, kind: 'rule-broken' },
  SEAT_LIMIT_REACHED: { status: 409, kind: 'rule-broken' },
  COHORT_NAME_TAKEN: { status: 409, kind: 'conflict' },
  COHORT_ARCHIVED: { status: 409, kind: 'rule-broken' },
  COURSE_ALREADY_ASSIGNED: { status: 409, kind: 'conflict' },
  CERTIFICATE_ALREADY_REVOKED: { status: 409, kind: 'conflict' },
  /** The holder deleted their account: the certificate's file is gone (shown as not found). */
  CERTIFICATE_WITHDRAWN: { status: 410, kind: 'not-found' },
  REMINDER_ALREADY_SENT_TODAY: { status: 429, kind: 'rate-limited' },
  REPORT_TOO_LARGE_FOR_PDF: { status: 422, kind: 'rule-broken' }
} as const satisfies Record<ErrorCode, { status: number; kind: ProblemKind }>;

const KNOWN = PROBLEM_KINDS as Record<string, { status: number; kind: ProblemKind } | undefined>;

/** The general meaning of a status, for a code this build does not know. */
function kindOfStatus(status: number): ProblemKind {
  if (status >= 500) return 'unavailable';
  return Object.values(KNOWN).find((entry) => entry?.status === status)?.kind ?? 'other';
}

/**
 * What the problem means. The code decides; when the code is unknown, or its status is not the
 * one the API gives that code (a body not in the API's shape, e.g. from a proxy), the status does.
 */
export function kindOf(problem: ApiProblem): ProblemKind {
  const known = KNOWN[problem.code];
  return known && known.status === problem.status ? known.kind : kindOfStatus(problem.status);
}

/** Input refused, with or without field reasons: what a 400 from the API means to most pages. */
export function isInvalidInput(problem: ApiProblem): boolean {
  const kind = kindOf(problem);
  return kind === 'bad-request' || kind === 'validation';
}

/** The status a page answers with: the API's, except 503 for the API being down or any 5xx. */
export function pageStatus(problem: ApiProblem): number {
  return kindOf(problem) === 'unavailable' ? 503 : problem.status;
}

type Where = Pick<RequestEvent, 'url'>;

export interface PageErrorOptions {
  /** 404's message; input the API refused (a malformed slug or id in the address) then counts as not found too. */
  notFound?: string;
  /** Where signing in comes back to, when not this page. */
  returnTo?: string;
}

/**
 * A load function (or a GET endpoint) that has nothing to show: throws the page's error, or the
 * redirect to sign in. With `notFound`, input the API refused (a malformed slug or id in the
 * address) is as unknown as a missing thing: 404 with that message.
 */
export function pageError(problem: ApiProblem, event: Where, { notFound, returnTo }: PageErrorOptions = {}): never {
  const kind = kindOf(problem);
  if (kind === 'signed-out') signInAgain(event, returnTo);
  if (kind === 'not-found') error(404, notFound ?? problem.message);
  if (notFound && isInvalidInput(problem)) error(404, notFound);
  if (kind === 'rate-limited') error(429, rateLimitMessage(problem));
  error(pageStatus(problem), problem.message);
}

/** What a list says when its page (its cursor) is no longer valid. */
export const STALE_PAGE = 'This page of results is no longer available. Start again from the first page.';

/**
 * A part of a page that could not be read (a list, a panel) says so in its place while the rest
 * of the page renders. A stale or hand-edited cursor gets `stale`. Signed out: to sign in.
 */
export function sectionProblem(problem: ApiProblem, event: Where, { stale = STALE_PAGE }: { stale?: string } = {}): string {
  const kind = kindOf(problem);
  if (kind === 'signed-out') signInAgain(event);
  if (isInvalidInput(problem)) return stale;
  if (kind === 'rate-limited') return rateLimitMessage(problem);
  return problem.message;
}

export interface FormFailureOptions<T extends FormState> {
  /** The form's fields by the API's field name: a VALIDATION_FAILED answer is shown beside them. */
  fields?: Record<string, FieldSpec>;
  /** The form's own answer to some kinds of problem (may also throw a redirect or an error). */
  on?: Partial<Record<ProblemKind, (problem: ApiProblem) => Partial<T>>>;
  /** The form's own answer to every kind `on` does not name, instead of the default below. */
  otherwise?: (problem: ApiProblem) => Partial<T>;
  /** Where signing in comes back to, when not this page. */
  returnTo?: string;
}

/**
 * What a form says about a problem, without the status: the form's own answer, else inline field
 * errors for a refusal by field (fields it does not show are said at the top), how long to wait
 * when rate limited, or the API's message at the top of the form.
 */
export function formAnswer<T extends FormState = FormState>(problem: ApiProblem, options: FormFailureOptions<T> = {}): Partial<T> {
  const kind = kindOf(problem);
  const own = options.on?.[kind] ?? options.otherwise;
  if (own) return own(problem);
  if (kind === 'validation' && options.fields) {
    const { errors, unmatched } = mapFieldErrors(problem, options.fields);
    return { errors, problem: unmatched.join(' ') || undefined } as Partial<T>;
  }
  if (kind === 'rate-limited') return { problem: rateLimitMessage(problem) } as Partial<T>;
  return { problem: problem.message } as Partial<T>;
}

/**
 * What a form action returns when the API refused: fail(status, state + what the form says), so
 * the page re-renders with everything typed, with or without JavaScript. A session that ended
 * goes to sign in first (unless the form answers 'signed-out' itself, as sign-in does).
 * `state` is what the form answers whatever went wrong (which form, the values typed...).
 */
export function formFailure<T extends FormState = FormState>(
  problem: ApiProblem,
  event: Where,
  state: NoInfer<T>,
  options: FormFailureOptions<NoInfer<T>> = {}
): ActionFailure<T> {
  if (kindOf(problem) === 'signed-out' && !options.on?.['signed-out']) signInAgain(event, options.returnTo);
  return fail(pageStatus(problem), { ...state, ...formAnswer(problem, options) } as T);
}

/** A JSON endpoint's answer to a problem: { message } with the page's status. */
export function endpointProblem(problem: ApiProblem): Response {
  const message = kindOf(problem) === 'rate-limited' ? rateLimitMessage(problem) : problem.message;
  return Response.json({ message }, { status: pageStatus(problem) });
}
