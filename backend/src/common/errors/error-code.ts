/**
 * The general machine-readable error codes, one per kind of HTTP refusal. A refusal that means
 * something particular to one domain has its own code in that module's `<module>.errors.ts`
 * (ModuleErrorCode); the OpenAPI document's ErrorCode lists both (modules/error-codes.ts).
 */
export enum ErrorCode {
  BadRequest = 'BAD_REQUEST',
  ValidationFailed = 'VALIDATION_FAILED',
  Unauthenticated = 'UNAUTHENTICATED',
  Forbidden = 'FORBIDDEN',
  NotFound = 'NOT_FOUND',
  MethodNotAllowed = 'METHOD_NOT_ALLOWED',
  Conflict = 'CONFLICT',
  PreconditionFailed = 'PRECONDITION_FAILED',
  PayloadTooLarge = 'PAYLOAD_TOO_LARGE',
  UnsupportedMediaType = 'UNSUPPORTED_MEDIA_TYPE',
  RuleViolation = 'RULE_VIOLATION',
  RateLimited = 'RATE_LIMITED',
  ServiceUnavailable = 'SERVICE_UNAVAILABLE',
  Internal = 'INTERNAL_ERROR',
}

/** The one place codes become HTTP statuses. Exhaustive: a new code without a status fails to compile. */
export function httpStatusFor(code: ErrorCode): number {
  switch (code) {
    case ErrorCode.BadRequest:
    case ErrorCode.ValidationFailed:
      return 400;
    case ErrorCode.Unauthenticated:
      return 401;
    case ErrorCode.Forbidden:
      return 403;
    case ErrorCode.NotFound:
      return 404;
    case ErrorCode.MethodNotAllowed:
      return 405;
    case ErrorCode.Conflict:
      return 409;
    case ErrorCode.PreconditionFailed:
      return 412;
    case ErrorCode.PayloadTooLarge:
      return 413;
    case ErrorCode.UnsupportedMediaType:
      return 415;
    case ErrorCode.RuleViolation:
      return 422;
    case ErrorCode.RateLimited:
      return 429;
    case ErrorCode.ServiceUnavailable:
      return 503;
    case ErrorCode.Internal:
      return 500;
    default: {
      const unreachable: never = code;
      throw new Error(`No HTTP status for error code ${String(unreachable)}`);
    }
  }
}

/** Best code for a status raised by the framework or a library (router 404, body parser 413...). */
export function errorCodeForStatus(status: number): ErrorCode {
  switch (status) {
    case 400:
      return ErrorCode.BadRequest;
    case 401:
      return ErrorCode.Unauthenticated;
    case 403:
      return ErrorCode.Forbidden;
    case 404:
      return ErrorCode.NotFound;
    case 405:
      return ErrorCode.MethodNotAllowed;
    case 409:
      return ErrorCode.Conflict;
    case 412:
      return ErrorCode.PreconditionFailed;
    case 413:
      return ErrorCode.PayloadTooLarge;
    case 415:
      return ErrorCode.UnsupportedMediaType;
    case 422:
      return ErrorCode.RuleViolation;
    case 429:
      return ErrorCode.RateLimited;
    case 503:
      return ErrorCode.ServiceUnavailable;
    default:
      return status >= 500 ? ErrorCode.Internal : ErrorCode.BadRequest;
  }
}

/**
 * A code one module owns, declared in its `<module>.errors.ts` with its HTTP status: the two
 * travel together, so a module adds a code without touching common/. The web app branches on
 * codes (frontend/src/lib/server/problems.ts), never on a status or a message.
 */
export interface ModuleErrorCode<C extends string = string> {
  readonly code: C;
  readonly status: number;
  /** What it means, for docs/api.md and the OpenAPI description. */
  readonly meaning: string;
}

/** Declares a module's codes, keeping their literal types (for the generated client's ErrorCode). */
export function moduleErrorCodes<const T extends Record<string, ModuleErrorCode>>(codes: T): T {
  return codes;
}
