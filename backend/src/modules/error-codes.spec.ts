import { describe, expect, it } from 'vitest';
import { DomainError } from '../common/errors/domain-error.js';
import { ErrorCode } from '../common/errors/error-code.js';
import { toErrorBody } from '../common/errors/all-exceptions.filter.js';
import { MODULE_ERROR_CODES } from './error-codes.js';

describe('module error codes', () => {
  it('are unique, distinct from the general codes, UPPER_SNAKE, with a 4xx status and a meaning', () => {
    const codes = MODULE_ERROR_CODES.map((c) => c.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const c of MODULE_ERROR_CODES) {
      expect(Object.values(ErrorCode)).not.toContain(c.code);
      expect(c.code).toMatch(/^[A-Z]+(_[A-Z]+)*$/);
      expect(c.status).toBeGreaterThanOrEqual(400);
      expect(c.status).toBeLessThan(500);
      expect(c.meaning.length).toBeGreaterThan(10);
    }
  });

  it.each([
    ['EMAIL_NOT_VERIFIED', 403],
    ['SOLE_ORGANISATION_ADMIN', 422],
    ['LAST_ORG_ADMIN', 422],
    ['CONTENT_MANAGED_BY_FILES', 422],
    ['MARKDOWN_REFUSED', 422],
    ['STORAGE_QUOTA_EXCEEDED', 413],
    ['COURSE_NOT_PUBLISHED', 422],
    ['NOT_ENROLLED', 409],
    ['RETAKE_NOT_ALLOWED', 409],
    ['SEAT_LIMIT_REACHED', 409],
    ['COHORT_NAME_TAKEN', 409],
    ['COHORT_ARCHIVED', 409],
    ['COURSE_ALREADY_ASSIGNED', 409],
  ])('answers %s with %i in the error shape', (code, status) => {
    const spec = MODULE_ERROR_CODES.find((c) => c.code === code);
    expect(spec).toBeDefined();
    const answer = toErrorBody(new DomainError(spec!, 'because', { x: 1 }));
    expect(answer).toMatchObject({ status, body: { statusCode: status, code, message: 'because', details: { x: 1 } } });
  });
});
