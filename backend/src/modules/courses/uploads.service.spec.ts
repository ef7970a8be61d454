import { describe, expect, it, vi } from 'vitest';
import type { OrgRole } from '../../common/auth/access.js';
import type { MembershipReader } from '../../common/auth/membership-reader.js';
import { type DomainError } from '../../common/errors/domain-error.js';
import { ErrorCode } from '../../common/errors/error-code.js';
import type { AppConfig } from '../../config/config.js';
import type { StorageAdapter } from '../../infra/storage/storage.js';
import { CoursesErrors } from './courses.errors.js';
import type { NewUpload, UploadsRepository } from './uploads.repository.js';
import { MAX_IMAGE_BYTES, megabytes, UploadsService } from './uploads.service.js';

const actor = { userId: 'u1', sessionId: 's', isPlatformAdmin: false, via: 'bearer' as const };
const admin = { ...actor, isPlatformAdmin: true };
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]);
const png = () => ({ buffer: PNG, size: PNG.length, originalname: 'x.gif', mimetype: 'image/gif' });
const MB = 1024 * 1024;

function setup(roles: Record<string, OrgRole> = { o1: 'trainer' }, opts: { usedBytes?: number; putFails?: boolean } = {}) {
  const reserved: { upload: NewUpload; quotaBytes: number }[] = [];
  const repository = {
    organisationExists: vi.fn(async (id: string) => id === 'o1'),
    usage: vi.fn(async () => ({ usedBytes: 3 * MB, fileCount: 2 })),
    reserve: vi.fn(async (upload: NewUpload, quotaBytes: number) => {
      reserved.push({ upload, quotaBytes });
      const usedBytes = opts.usedBytes ?? 0;
      return { recorded: usedBytes + upload.sizeBytes <= quotaBytes, usedBytes };
    }),
    release: vi.fn(async () => undefined),
  };
  const memberships = {
    roleOf: vi.fn(async (_userId: string, organisationId: string) => roles[organisationId] ?? null),
    listForUser: vi.fn(async () => Object.entries(roles).map(([organisationId, role]) => ({ organisationId, organisationName: 'O', role }))),
  };
  const storage = {
    put: vi.fn(async () => {
      if (opts.putFails) throw new Error('disk full');
    }),
    get: vi.fn(async () => null),
    delete: vi.fn(async () => undefined),
  };
  const config = { storage: { uploadDir: '/tmp', certificateDir: '/tmp', organisationQuotaBytes: 10 * MB, platformQuotaBytes: 20 * MB } } as AppConfig;
  const service = new UploadsService(
    repository as unknown as UploadsRepository,
    memberships as unknown as MembershipReader,
    storage as unknown as StorageAdapter,
    config,
  );
  return { service, storage, repository, reserved };
}
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (e: unknown) => e as DomainError,
  );

describe('UploadsService', () => {
  it('stores an image by its bytes under a random name, ignoring the client’s name and type', async () => {
    const { service, storage } = setup();
    const stored = await service.uploadImage(actor, png());
    expect(stored).toMatchObject({ contentType: 'image/png', size: PNG.length, organisationId: 'o1' });
    expect(stored.url).toBe(`/api/uploads/${stored.file}`);
    expect(storage.put).toHaveBeenCalledWith(stored.file, PNG);
  });

  it('refuses other types (415), large files (413), missing files (400) and non-authors (403)', async () => {
    const html = Buffer.from('<html>');
    expect((await failure(setup().service.uploadImage(actor, { buffer: html, size: html.length, originalname: 'x.png', mimetype: 'image/png' })))?.code).toBe(
      ErrorCode.UnsupportedMediaType,
    );
    expect((await failure(setup().service.uploadImage(actor, { buffer: PNG, size: MAX_IMAGE_BYTES + 1 })))?.code).toBe(ErrorCode.PayloadTooLarge);
    expect((await failure(setup().service.uploadImage(actor, undefined)))?.code).toBe(ErrorCode.ValidationFailed);
    const { service, storage, repository } = setup({ o1: 'learner' });
    expect((await failure(service.uploadImage(actor, png())))?.code).toBe(ErrorCode.Forbidden);
    expect(storage.put).not.toHaveBeenCalled();
    expect(repository.reserve).not.toHaveBeenCalled();
  });

  it('charges the one organisation a trainer authors in, the named one, or the platform for platform admins', async () => {
    expect(await setup({ o1: 'trainer', o2: 'learner' }).service.chargeTo(actor, undefined)).toBe('o1');
    expect(await setup({ o1: 'trainer', o2: 'org_admin' }).service.chargeTo(actor, 'o2')).toBe('o2');
    expect(await setup({}).service.chargeTo(admin, undefined)).toBeNull();
    expect(await setup({}).service.chargeTo(admin, 'o1')).toBe('o1');
    const several = await failure(setup({ o1: 'trainer', o2: 'org_admin' }).service.chargeTo(actor, undefined));
    expect(several).toMatchObject({ code: ErrorCode.ValidationFailed, details: { fields: [{ field: 'organisationId' }] } });
    expect((await failure(setup({ o1: 'trainer' }).service.chargeTo(actor, 'o9')))?.code).toBe(ErrorCode.NotFound);
    expect((await failure(setup({ o1: 'learner' }).service.chargeTo(actor, 'o1')))?.code).toBe(ErrorCode.Forbidden);
    expect((await failure(setup({}).service.chargeTo(admin, 'o9')))?.code).toBe(ErrorCode.NotFound);
  });

  it('reserves against the owner’s quota: 413 STORAGE_QUOTA_EXCEEDED with the numbers, nothing stored', async () => {
    const { service, storage, reserved } = setup({ o1: 'trainer' }, { usedBytes: 10 * MB - 5 });
    const error = await failure(service.uploadImage(actor, png()));
    expect(error).toMatchObject({
      code: CoursesErrors.StorageQuotaExceeded.code,
      details: { organisationId: 'o1', usedBytes: 10 * MB - 5, quotaBytes: 10 * MB, fileBytes: PNG.length },
    });
    expect(error?.message).toMatch(/organisation’s image storage is full: 10 MB of 10 MB used/);
    expect(reserved[0]).toMatchObject({
      quotaBytes: 10 * MB,
      upload: { organisationId: 'o1', uploadedBy: 'u1', sizeBytes: PNG.length, contentType: 'image/png' },
    });
    expect(storage.put).not.toHaveBeenCalled();

    const platform = setup({});
    await platform.service.uploadImage(admin, png());
    expect(platform.reserved[0]).toMatchObject({ quotaBytes: 20 * MB, upload: { organisationId: null } });
  });

  it('gives the reservation back when the file cannot be stored', async () => {
    const { service, repository } = setup({ o1: 'trainer' }, { putFails: true });
    await expect(service.uploadImage(actor, png())).rejects.toThrow('disk full');
    expect(repository.release).toHaveBeenCalledWith(repository.reserve.mock.calls[0]![0].fileName);
  });

  it('shows an organisation’s usage to its org admins and platform admins only', async () => {
    expect(await setup({ o1: 'org_admin' }).service.organisationUsage(actor, 'o1')).toEqual({
      organisationId: 'o1',
      usedBytes: 3 * MB,
      fileCount: 2,
      quotaBytes: 10 * MB,
    });
    expect((await failure(setup({ o1: 'trainer' }).service.organisationUsage(actor, 'o1')))?.code).toBe(ErrorCode.Forbidden);
    expect((await failure(setup({}).service.organisationUsage(actor, 'o1')))?.code).toBe(ErrorCode.NotFound);
    expect(await setup({}).service.platformUsage(admin)).toMatchObject({ organisationId: null, quotaBytes: 20 * MB });
  });

  it('serves only stored names', async () => {
    expect((await failure(setup().service.readUpload('../../etc/passwd')))?.code).toBe(ErrorCode.NotFound);
    expect((await failure(setup().service.readUpload(`${'a'.repeat(32)}.png`)))?.code).toBe(ErrorCode.NotFound);
  });

  it('says sizes in MB', () => {
    expect(megabytes(2 * MB)).toBe('2 MB');
    expect(megabytes(1.94 * MB)).toBe('1.9 MB');
  });
});
