/**
 * Turning API answers into what forms show. Every API error has one shape
 * ({ statusCode, code, message, details?, requestId }); validation errors list their fields in
 * details.fields = [{ field, reasons[] }].
 */

export interface ApiProblem {
  status: number;
  code: string;
  message: string;
  /** VALIDATION_FAILED: the reasons, by the API's field name. */
  fields: Record<string, string[]>;
  /** details.reason, e.g. 'email_not_verified'. */
  reason?: string;
  /** From Retry-After (429, 503). */
  retryAfterSeconds?: number;
  requestId?: string;
}

export type ApiOutcome<T> = { ok: true; data: T; status: number } | { ok: false; problem: ApiProblem };

interface FetchResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

const UNREACHABLE = 'The service is not reachable right now. Try again in a moment.';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads an error body defensively: anything may come back from a proxy or a crashed process. */
export function problemOf(error: unknown, response: Response | undefined): ApiProblem {
  const body = isRecord(error) ? error : {};
  const status = response?.status ?? (typeof body.statusCode === 'number' ? body.statusCode : 500);
  const details = isRecord(body.details) ? body.details : {};
  const fields: Record<string, string[]> = {};
  if (Array.isArray(details.fields)) {
    for (const entry of details.fields) {
      if (!isRecord(entry) || typeof entry.field !== 'string') continue;
      const reasons = Array.isArray(entry.reasons) ? entry.reasons.filter((r): r is string => typeof r === 'string') : [];
      fields[entry.field] = [...(fields[entry.field] ?? []), ...reasons];
    }
  }
  const retryHeader = response?.headers.get('retry-after');
  const retryAfterSeconds = retryHeader && /^\d+$/.test(retryHeader.trim()) ? Number(retryHeader.trim()) : undefined;
  return {
    status,
    code: typeof body.code === 'string' ? body.code : status >= 500 ? 'INTERNAL_ERROR' : 'BAD_REQUEST',
    message:
      typeof body.message === 'string' && body.message
        ? body.message
        : status >= 500
          ? 'Something went wrong on our side. Try again in a few minutes.'
          : 'The request could not be completed.',
    fields,
    reason: typeof details.reason === 'string' ? details.reason : undefined,
    retryAfterSeconds,
    requestId: typeof body.requestId === 'string' ? body.requestId : undefined
  };
}

/**
 * Runs one typed-client call. A thrown fetch (the API is down) becomes a 503 problem instead of
 * a crashed page, so forms can say so and keep what the person typed.
 */
export async function callApi<T>(request: () => Promise<FetchResult<T>>): Promise<ApiOutcome<T>> {
  let result: FetchResult<T>;
  try {
    result = await request();
  } catch {
    return {
      ok: false,
      problem: { status: 503, code: 'SERVICE_UNAVAILABLE', message: UNREACHABLE, fields: {} }
    };
  }
  if (result.response.ok) return { ok: true, data: result.data as T, status: result.response.status };
  return { ok: false, problem: problemOf(result.error, result.response) };
}

/** "15 minutes", "1 minute": rounded up, never 0. */
export function minutesText(seconds: number): string {
  const minutes = Math.max(1, Math.ceil(seconds / 60));
  return minutes === 1 ? '1 minute' : `${minutes} minutes`;
}

/** What a 429 tells the person: how long to wait, from Retry-After when the API sent one. */
export function rateLimitMessage(problem: ApiProblem): string {
  if (problem.retryAfterSeconds === undefined) return problem.message;
  return `Too many attempts. Wait ${minutesText(problem.retryAfterSeconds)}, then try again.`;
}

/** How one API field appears in a form. */
export interface FieldSpec {
  /** The form control's name/id; defaults to the API field name. */
  field?: string;
  /** The control's label, used as the subject of the message ("Password must be…"). */
  label: string;
  /** What to say when it is missing ("Enter your email address"). */
  missing?: string;
}

/** Turns a class-validator reason ("displayName must be shorter than…") into a sentence for people. */
export function humaniseReason(reason: string, apiField: string, spec: FieldSpec): string {
  if (/must be an email( address)?$/i.test(reason)) {
    return 'Enter an email address in the correct format, like name@example.org';
  }
  if (/should not be empty|longer than or equal to 1 characters?|is required/i.test(reason)) {
    return spec.missing ?? `Enter ${spec.label.toLowerCase()}`;
  }
  const shorter = /shorter than or equal to (\d+) characters/.exec(reason);
  if (shorter) return `${spec.label} must be ${shorter[1]} characters or fewer`;
  const longer = /longer than or equal to (\d+) characters/.exec(reason);
  if (longer) return `${spec.label} must be at least ${longer[1]} characters`;
  const text = reason.startsWith(`${apiField} `) ? `${spec.label}${reason.slice(apiField.length)}` : reason;
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * Maps a VALIDATION_FAILED problem onto a form: `errors` by control name (first reason each),
 * and `unmatched` for fields the form does not show (said at the top of the form instead).
 */
export function mapFieldErrors(problem: ApiProblem, specs: Record<string, FieldSpec>): { errors: Record<string, string>; unmatched: string[] } {
  const errors: Record<string, string> = {};
  const unmatched: string[] = [];
  for (const [apiField, reasons] of Object.entries(problem.fields)) {
    const spec = specs[apiField];
    const reason = reasons[0] ?? `${apiField} is not valid`;
    if (!spec) {
      unmatched.push(reason);
      continue;
    }
    const field = spec.field ?? apiField;
    errors[field] ??= humaniseReason(reason, apiField, spec);
  }
  return { errors, unmatched };
}
