import { ErrorCode, httpStatusFor, type ModuleErrorCode } from './error-code.js';

/** One invalid field of a request, as reported to the client. */
export interface FieldError {
  field: string;
  reasons: string[];
}

/**
 * What services throw. Carries a code (mapped to an HTTP status in one place), a message safe to
 * show to a user, and optional structured details. Never put secrets or internals in either.
 */
export class DomainError extends Error {
  /** The machine-readable code: a general ErrorCode or a module's own. */
  readonly code: string;
  /** The HTTP status the code maps to. */
  readonly status: number;

  constructor(
    code: ErrorCode | ModuleErrorCode,
    message: string,
    readonly details?: unknown,
    /** Extra response headers, e.g. Retry-After for RATE_LIMITED. */
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'DomainError';
    this.code = typeof code === 'string' ? code : code.code;
    this.status = typeof code === 'string' ? httpStatusFor(code) : code.status;
  }

  static notFound(what: string): DomainError {
    return new DomainError(ErrorCode.NotFound, `${what} not found`);
  }

  static validation(fields: FieldError[]): DomainError {
    const summary = fields.map((f) => `${f.field}: ${f.reasons.join('; ')}`).join(' | ');
    return new DomainError(ErrorCode.ValidationFailed, `Validation failed: ${summary}`, { fields });
  }
}
