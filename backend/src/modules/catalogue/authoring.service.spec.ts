import { describe, expect, it, vi } from 'vitest';
import type { MembershipReader } from '../../common/auth/membership-reader.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { ErrorCode } from '../../common/errors/error-code.js';
import type { RateLimiter } from '../../infra/rate-limit/rate-limiter.js';
import type { AuthoringRepository } from './authoring.repository.js';
import { AuthoringService, PREVIEWS_PER_MINUTE } from './authoring.service.js';

const actor = { userId: 'u1', sessionId: 's', isPlatformAdmin: false, via: 'bearer' as const };

function setup(roles: ('learner' | 'trainer')[] = ['trainer'], count = 1) {
  const repository = { findModule: vi.fn(async () => ({ id: 'm', slug: 'm', title: 'M', summary: 'S', origin: 'content', publicationSlug: 'p' })) };
  const memberships = { listForUser: vi.fn(async () => roles.map((role, i) => ({ organisationId: `o${i}`, organisationName: 'O', role }))) };
  const rateLimiter = { hit: vi.fn(async () => ({ count, retryAfterSeconds: 30 })) };
  const service = new AuthoringService(
    repository as unknown as AuthoringRepository,
    memberships as unknown as MembershipReader,
    rateLimiter as unknown as RateLimiter,
  );
  return { service, repository };
}
const failure = (promise: Promise<unknown>) => promise.then(() => null, (e: unknown) => e as DomainError);

describe('AuthoringService', () => {
  it('previews exactly as a lesson renders, and limits previews per person per minute', async () => {
    expect(await setup().service.preview(actor, 'a <script>x</script> **b**')).toEqual({ html: '<p>a &lt;script&gt;x&lt;/script&gt; <strong>b</strong></p>\n' });
    const limited = await failure(setup([], PREVIEWS_PER_MINUTE + 1).service.preview(actor, 'x'));
    expect(limited).toMatchObject({ code: ErrorCode.RateLimited, headers: { 'Retry-After': '30' } });
  });

  it('edits modules and lessons for platform admins only, and never imported ones', async () => {
    const { service } = setup();
    expect((await failure(service.updateModule(actor, 'm', { title: 'x' })))?.code).toBe(ErrorCode.Forbidden);
    expect(await failure(service.updateModule({ ...actor, isPlatformAdmin: true }, 'm', { title: 'x' }))).toMatchObject({
      code: ErrorCode.RuleViolation,
      message: 'imported from backend/content; edit the file',
    });
  });

  it('merges a module change onto the module as read under its lock, and refuses a stale If-Match with 412', async () => {
    const admin = { ...actor, isPlatformAdmin: true };
    const loaded = { id: 'm', slug: 'm', title: 'Old title', summary: 'Old summary', origin: 'authored' as const, publicationSlug: 'p', contentHash: 'rev-1' };
    // Someone else changed the summary between the editor's read and the lock.
    const locked = { ...loaded, summary: 'Summary saved meanwhile', contentHash: 'rev-2' };
    const written: unknown[] = [];
    const repository = {
      findModule: vi.fn(async () => loaded),
      lessonsOfModule: vi.fn(async () => []),
      updateModule: vi.fn(async (_id: string, change: (current: typeof locked) => unknown) => {
        written.push(await change(locked));
        return true;
      }),
    };
    const service = new AuthoringService(repository as unknown as AuthoringRepository, {} as MembershipReader, {} as RateLimiter);

    await service.updateModule(admin, 'm', { title: 'New title' });
    expect(written[0]).toMatchObject({ title: 'New title', summary: 'Summary saved meanwhile' });

    const stale = await failure(service.updateModule(admin, 'm', { title: 'Newer title' }, ['rev-1']));
    expect(stale).toMatchObject({ code: ErrorCode.PreconditionFailed, headers: { ETag: '"rev-2"' } });
    expect(written).toHaveLength(1);
    await service.updateModule(admin, 'm', { title: 'Newest title' }, ['rev-2']);
    await service.updateModule(admin, 'm', { title: 'Any' }, '*');
    expect(written).toHaveLength(3);
  });
});
