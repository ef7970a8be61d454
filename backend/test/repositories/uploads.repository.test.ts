import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { UploadsRepository, type NewUpload } from '../../src/modules/courses/uploads.repository.js';
import { newOrganisation, newUser } from '../support/factories.js';
import { openRepositoryDatabase, stillPendingAfter, type RepositoryDatabase } from '../support/repository-db.js';

let rdb: RepositoryDatabase;
let repo: UploadsRepository;
let uploader: string;
beforeAll(async () => {
  rdb = await openRepositoryDatabase();
  repo = new UploadsRepository(rdb.db);
});
afterAll(() => rdb?.close());
beforeEach(async () => {
  await rdb.reset();
  uploader = (await newUser(rdb.db)).id;
});

const fileName = () => `${randomBytes(16).toString('hex')}.png`;
const upload = (organisationId: string | null, sizeBytes: number): NewUpload => ({
  fileName: fileName(),
  organisationId,
  uploadedBy: uploader,
  sizeBytes,
  contentType: 'image/png',
});

describe('UploadsRepository', () => {
  it('organisationExists', async () => {
    const org = await newOrganisation(rdb.db);
    expect(await repo.organisationExists(org.id)).toBe(true);
    expect(await repo.organisationExists('7d0f4c62-3b7e-4f7a-9a57-0b6f0a0e9d11')).toBe(false);
  });

  it('usage is zero with no uploads, and counts each owner apart (the platform is the null owner)', async () => {
    const a = await newOrganisation(rdb.db);
    const b = await newOrganisation(rdb.db);
    expect(await repo.usage(a.id)).toEqual({ usedBytes: 0, fileCount: 0 });
    await repo.reserve(upload(a.id, 100), 1_000);
    await repo.reserve(upload(a.id, 50), 1_000);
    await repo.reserve(upload(b.id, 7), 1_000);
    await repo.reserve(upload(null, 3), 1_000);
    expect(await repo.usage(a.id)).toEqual({ usedBytes: 150, fileCount: 2 });
    expect(await repo.usage(b.id)).toEqual({ usedBytes: 7, fileCount: 1 });
    expect(await repo.usage(null)).toEqual({ usedBytes: 3, fileCount: 1 });
  });

  it('usage beyond 2 GiB is summed as bigint and answered as a number', async () => {
    const org = await newOrganisation(rdb.db);
    for (let i = 0; i < 3; i++) await repo.reserve(upload(org.id, 2_000_000_000), 10_000_000_000);
    expect(await repo.usage(org.id)).toEqual({ usedBytes: 6_000_000_000, fileCount: 3 });
  });

  it('reserve records an upload that fits exactly, refuses one byte more, and answers the usage before', async () => {
    const org = await newOrganisation(rdb.db);
    expect(await repo.reserve(upload(org.id, 60), 100)).toEqual({ recorded: true, usedBytes: 0 });
    expect(await repo.reserve(upload(org.id, 41), 100)).toEqual({ recorded: false, usedBytes: 60 });
    expect(await repo.reserve(upload(org.id, 40), 100)).toEqual({ recorded: true, usedBytes: 60 });
    expect(await repo.usage(org.id)).toEqual({ usedBytes: 100, fileCount: 2 });
  });

  it('parallel reservations never overshoot the quota together (per owner)', async () => {
    const org = await newOrganisation(rdb.db);
    const results = await Promise.all(Array.from({ length: 6 }, () => repo.reserve(upload(org.id, 30), 100)));
    expect(results.filter((r) => r.recorded)).toHaveLength(3);
    expect((await repo.usage(org.id)).usedBytes).toBe(90);
    const platform = await Promise.all(Array.from({ length: 4 }, () => repo.reserve(upload(null, 50), 100)));
    expect(platform.filter((r) => r.recorded)).toHaveLength(2);
  });

  it('a reservation waits for another owner-lock holder, and one of another owner does not', async () => {
    const a = await newOrganisation(rdb.db);
    const b = await newOrganisation(rdb.db);
    const other = await rdb.connect();
    try {
      await other.query('BEGIN');
      await other.query(`SELECT pg_advisory_xact_lock(7011, hashtext($1::text))`, [a.id]);
      const waiting = repo.reserve(upload(a.id, 10), 100);
      expect(await stillPendingAfter(waiting, 300)).toBe(true);
      expect(await repo.reserve(upload(b.id, 10), 100)).toEqual({ recorded: true, usedBytes: 0 });
      await other.query(`INSERT INTO uploads (file_name, organisation_id, uploaded_by, size_bytes, content_type) VALUES ($1, $2, $3, 95, 'image/png')`, [
        fileName(),
        a.id,
        uploader,
      ]);
      await other.query('COMMIT');
      // It sums after the lock: the 95 bytes committed meanwhile leave no room for 10 more.
      expect(await waiting).toEqual({ recorded: false, usedBytes: 95 });
    } finally {
      await other.end();
    }
  });

  it('release gives the space back', async () => {
    const org = await newOrganisation(rdb.db);
    const u = upload(org.id, 80);
    await repo.reserve(u, 100);
    await repo.release(u.fileName);
    expect(await repo.usage(org.id)).toEqual({ usedBytes: 0, fileCount: 0 });
    await repo.release(u.fileName);
  });

  it('a file name is recorded once (uq_uploads_file_name)', async () => {
    const u = upload(null, 1);
    await repo.reserve(u, 100);
    await expect(repo.reserve(u, 100)).rejects.toThrow(/uq_uploads_file_name/);
  });
});
