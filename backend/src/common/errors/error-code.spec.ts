import { describe, expect, it } from 'vitest';
import { ErrorCode, errorCodeForStatus, httpStatusFor } from './error-code.js';

const ALL_CODES = Object.values(ErrorCode);

describe('httpStatusFor', () => {
  it.each([
    [ErrorCode.NotFound, 404],
    [ErrorCode.Forbidden, 403],
    [ErrorCode.Conflict, 409],
    [ErrorCode.PreconditionFailed, 412],
    [ErrorCode.PayloadTooLarge, 413],
    [ErrorCode.RuleViolation, 422],
    [ErrorCode.ValidationFailed, 400],
    [ErrorCode.BadRequest, 400],
    [ErrorCode.Unauthenticated, 401],
    [ErrorCode.RateLimited, 429],
    [ErrorCode.ServiceUnavailable, 503],
    [ErrorCode.Internal, 500],
  ])('maps %s to %i', (code, status) => {
    expect(httpStatusFor(code)).toBe(status);
  });

  it.each(ALL_CODES)('maps %s to an error status (400-599)', (code) => {
    const status = httpStatusFor(code);
    expect(Number.isInteger(status)).toBe(true);
    expect(status).toBeGreaterThanOrEqual(400);
    expect(status).toBeLessThanOrEqual(599);
  });

  it('throws for a value that is not an ErrorCode instead of answering undefined', () => {
    expect(() => httpStatusFor('NOPE' as ErrorCode)).toThrow(/NOPE/);
  });
});

describe('errorCodeForStatus', () => {
  // Codes that share a status with another code (VALIDATION_FAILED and BAD_REQUEST are both 400)
  // cannot both round-trip; every other general code must come back from its own status. (Module
  // codes, e.g. STORAGE_QUOTA_EXCEEDED, carry their status: modules/error-codes.spec.ts.)
  const roundTripping = ALL_CODES.filter((code) => code !== ErrorCode.ValidationFailed);

  it.each(roundTripping)('round-trips %s through its status', (code) => {
    expect(errorCodeForStatus(httpStatusFor(code))).toBe(code);
  });

  it('maps 400 to BAD_REQUEST, the generic code for that status', () => {
    expect(errorCodeForStatus(400)).toBe(ErrorCode.BadRequest);
  });

  it.each([501, 502, 504, 599])('maps unknown server status %i to INTERNAL_ERROR', (status) => {
    expect(errorCodeForStatus(status)).toBe(ErrorCode.Internal);
  });

  it.each([402, 406, 410, 418])('maps unknown client status %i to BAD_REQUEST', (status) => {
    expect(errorCodeForStatus(status)).toBe(ErrorCode.BadRequest);
  });
});
