import { afterEach, describe, expect, it } from 'vitest';
import { DomainError } from '../../common/errors/domain-error.js';
import { ErrorCode } from '../../common/errors/error-code.js';
import type { AppConfig } from '../../config/config.js';
import type { JobQueue } from '../../infra/queue/job-queue.js';
import type { MailService } from '../../infra/mail/mail.service.js';
import type { AuditService } from '../audit/index.js';
import { AuthService } from './auth.service.js';
import type { IdentityLimits } from './identity.limits.js';
import type { IdentityRepository } from './identity.repository.js';
import { passwordHashing } from './passwords.js';

/** Sign-in when hashing is saturated: a 503 that never counts as an attempt against the account. */
describe('AuthService.validateCredentials while hashing is saturated', () => {
  const saturate = () => {
    const gates: (() => void)[] = [];
    const held: Promise<unknown>[] = [];
    for (let i = 0; i < passwordHashing.concurrency + passwordHashing.maxWaiting; i++) {
      held.push(passwordHashing.run(() => new Promise<void>((resolve) => gates.push(resolve))));
    }
    return async () => {
      // Release every held run (the waiting ones get a slot, then resolve in turn).
      while (gates.length || passwordHashing.pending) {
        gates.splice(0).forEach((open) => open());
        await new Promise((r) => setImmediate(r));
      }
      await Promise.all(held);
    };
  };
  let release: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await release?.();
    release = undefined;
  });

  it('answers 503 with Retry-After and asks the throttle for no admission', async () => {
    let admissions = 0;
    const repository = { findUserForSignIn: () => Promise.resolve({ user: null, knownDevice: false }) } as unknown as IdentityRepository;
    const limits = {
      admitSignIn: () => {
        admissions++;
        return Promise.resolve({ email: 'x', address: 'a', scope: 's', known: false });
      },
    } as unknown as IdentityLimits;
    const service = new AuthService(
      repository,
      null as never,
      limits,
      null as unknown as JobQueue,
      null as unknown as MailService,
      null as unknown as AuditService,
      {} as AppConfig,
    );

    release = saturate();
    await new Promise((r) => setImmediate(r));
    expect(passwordHashing.full).toBe(true);
    const refused = await service
      .validateCredentials('someone@example.org', 'a long enough password', { ip: '10.0.0.1', userAgent: null, requestId: 'r' })
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(DomainError);
    expect(refused).toMatchObject({ code: ErrorCode.ServiceUnavailable, headers: { 'Retry-After': '5' } });
    expect(admissions).toBe(0);
  });
});
