import { describe, expect, it, vi } from 'vitest';
import type { MembershipReader } from '../../common/auth/membership-reader.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { ErrorCode } from '../../common/errors/error-code.js';
import type { RateLimiter } from '../../infra/rate-limit/rate-limiter.js';
import type { StorageAdapter } from '../../infra/storage/storage.js';
import type { AuthoringRepository } from './authoring.repository.js';
import { AuthoringService, MAX_IMAGE_BYTES, PREVIEWS_PER_MINUTE } from './authoring.service.js';

const actor = { userId: 'u1', sessionId: 's', isPlatformAdmin: false, via: 'bearer' as const };
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]);

function setup(roles: ('learner' | 'trainer')[] = ['trainer'], count = 1) {
  const repository = { findModule: vi.fn(async () => ({ id: 'm', slug: 'm', title: 'M', summary: 'S', origin: 'content', publicationSlug: 'p' })) };
  const memberships = { listForUser: vi.fn(async () => roles.map((role, i) => ({ organisationId: `o${i}`, organisationName: 'O', role }))) };
  const rateLimiter = { hit: vi.fn(async () => ({ count, retryAfterSeconds: 30 })) };
  const storage = { put: vi.fn(async () => undefined), get: vi.fn(async () => null) };
  const service = new AuthoringService(
    repository as unknown as AuthoringRepository,
    memberships as unknown as MembershipReader,
    rateLimiter as unknown as RateLimiter,
    storage as unknown as StorageAdapter,
  );
  return { service, storage, repository };
}
const failure = (promise: Promise<unknown>) => promise.then(() => null, (e: unknown) => e as DomainError);

describe('AuthoringService', () => {
  it('previews exactly as a lesson renders, and limits previews per person per minute', async () => {
    expect(await setup().service.preview(actor, 'a <script>x</script> **b**')).toEqual({ html: '<p>a &lt;script&gt;x&lt;/script&gt; <strong>b</strong></p>\n' });
    const limited = await failure(setup([], PREVIEWS_PER_MINUTE + 1).service.preview(actor, 'x'));
    expect(limited).toMatchObject({ code: ErrorCode.RateLimited, headers: { 'Retry-After': '30' } });
  });

  it('stores an image by its bytes under a random name, ignoring the client’s name and type', async () => {
    const { service, storage } = setup();
    const stored = await service.uploadImage(actor, { buffer: PNG, size: PNG.length, originalname: 'x.gif', mimetype: 'image/gif' });
    expect(stored).toMatchObject({ contentType: 'image/png', size: PNG.length });
    expect(stored.url).toBe(`/api/uploads/${stored.file}`);
    expect(storage.put).toHaveBeenCalledWith(stored.file, PNG);
  });

  it('refuses other types (415), large files (413), missing files (400) and non-authors (403)', async () => {
    const html = Buffer.from('<html>');
    expect((await failure(setup().service.uploadImage(actor, { buffer: html, size: html.length, originalname: 'x.png', mimetype: 'image/png' })))?.code).toBe(ErrorCode.UnsupportedMediaType);
    expect((await failure(setup().service.uploadImage(actor, { buffer: PNG, size: MAX_IMAGE_BYTES + 1 })))?.code).toBe(ErrorCode.PayloadTooLarge);
    expect((await failure(setup().service.uploadImage(actor, undefined)))?.code).toBe(ErrorCode.ValidationFailed);
    const { service, storage } = setup(['learner']);
    expect((await failure(service.uploadImage(actor, { buffer: PNG, size: PNG.length })))?.code).toBe(ErrorCode.Forbidden);
    expect(storage.put).not.toHaveBeenCalled();
  });

  it('edits modules and lessons for platform admins only, and never imported ones', async () => {
    const { service } = setup();
    expect((await failure(service.updateModule(actor, 'm', { title: 'x' })))?.code).toBe(ErrorCode.Forbidden);
    expect(await failure(service.updateModule({ ...actor, isPlatformAdmin: true }, 'm', { title: 'x' }))).toMatchObject({
      code: ErrorCode.RuleViolation,
      message: 'imported from backend/content; edit the file',
    });
  });

  it('serves only stored names', async () => {
    expect((await failure(setup().service.readUpload('../../etc/passwd')))?.code).toBe(ErrorCode.NotFound);
    expect((await failure(setup().service.readUpload(`${'a'.repeat(32)}.png`)))?.code).toBe(ErrorCode.NotFound);
  });
});
