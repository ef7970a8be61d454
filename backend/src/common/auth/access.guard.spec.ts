import { describe, expect, it } from 'vitest';
import { toErrorBody } from '../errors/all-exceptions.filter.js';
import { DomainError } from '../errors/domain-error.js';
import { ErrorCode } from '../errors/error-code.js';
import { AccessGuard } from './access.guard.js';

// handleRequest uses no state of the guard: called on a bare instance, without Nest's container.
const handle = (err: unknown, user: unknown) =>
  AccessGuard.prototype.handleRequest.call(Object.create(AccessGuard.prototype) as AccessGuard, err, user as false);

describe('AccessGuard.handleRequest (what passport-jwt reported)', () => {
  it('answers no user (a bad, expired or revoked token) with 401 UNAUTHENTICATED', () => {
    expect(() => handle(null, false)).toThrow(DomainError);
    try {
      handle(null, false);
    } catch (e) {
      expect((e as DomainError).code).toBe(ErrorCode.Unauthenticated);
    }
  });

  it('passes on what checking a good token threw (a busy database), so it is a 503, not a sign-out', () => {
    const busy = new Error('timeout exceeded when trying to connect');
    expect(() => handle(busy, false)).toThrow(busy);
    expect(toErrorBody(busy).status).toBe(503);
  });

  it('returns the actor', () => {
    const actor = { userId: 'u', sessionId: 's' };
    expect(handle(null, actor)).toBe(actor);
  });
});
