import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EnquiriesRepository } from '../../src/modules/enquiries/enquiries.repository.js';
import { newEnquiry } from '../support/factories.js';
import { openRepositoryDatabase, type RepositoryDatabase } from '../support/repository-db.js';

let rdb: RepositoryDatabase;
let repo: EnquiriesRepository;
beforeAll(async () => {
  rdb = await openRepositoryDatabase();
  repo = new EnquiriesRepository(rdb.db);
});
afterAll(() => rdb?.close());
beforeEach(() => rdb.reset());

const T = '2026-01-01 10:00:00.123456+00';

describe('EnquiriesRepository.insert', () => {
  it('stores the enquiry as new and answers every column', async () => {
    const row = await repo.insert({
      organisation: 'Acme',
      contactName: 'Ada',
      email: 'ada@example.org',
      needs: 'Police training',
      staffCount: 40,
      preferredTiming: null,
    });
    expect(row).toMatchObject({
      organisation: 'Acme',
      contactName: 'Ada',
      email: 'ada@example.org',
      needs: 'Police training',
      staffCount: 40,
      preferredTiming: null,
      status: 'new',
    });
    expect(row.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(row.createdAt).toBeInstanceOf(Date);
  });

  it('refuses a staff count outside the check (the database guards the DTO)', async () => {
    await expect(
      repo.insert({ organisation: 'Acme', contactName: 'Ada', email: 'a@example.org', needs: 'x', staffCount: 0, preferredTiming: null }),
    ).rejects.toThrow(/chk_enquiries_staff_count/);
  });
});

describe('EnquiriesRepository.list', () => {
  it('is empty on an empty table', async () => {
    expect(await repo.list(undefined, null, 10)).toEqual([]);
  });

  it('answers newest first, limit + 1 rows', async () => {
    const a = await newEnquiry(rdb.db, { createdAt: '2026-01-01T10:00:00Z' });
    const b = await newEnquiry(rdb.db, { createdAt: '2026-01-02T10:00:00Z' });
    const c = await newEnquiry(rdb.db, { createdAt: '2026-01-03T10:00:00Z' });
    expect((await repo.list(undefined, null, 2)).map((r) => r.id)).toEqual([c.id, b.id, a.id]);
    expect((await repo.list(undefined, null, 1)).map((r) => r.id)).toEqual([c.id, b.id]);
  });

  it('filters by status', async () => {
    const open = await newEnquiry(rdb.db, { status: 'new' });
    const closed = await newEnquiry(rdb.db, { status: 'closed' });
    expect((await repo.list('new', null, 10)).map((r) => r.id)).toEqual([open.id]);
    expect((await repo.list('closed', null, 10)).map((r) => r.id)).toEqual([closed.id]);
    expect(await repo.list('in_progress', null, 10)).toEqual([]);
  });

  it('pages through rows with the same created_at by id, none skipped or repeated', async () => {
    const tied = await Promise.all([1, 2, 3, 4, 5].map(() => newEnquiry(rdb.db, { createdAt: T })));
    const expected = tied
      .map((r) => r.id)
      .sort()
      .reverse();
    const seen: string[] = [];
    let after: { createdAt: string; id: string } | null = null;
    for (;;) {
      const rows = await repo.list(undefined, after, 2);
      const page = rows.slice(0, 2);
      seen.push(...page.map((r) => r.id));
      if (rows.length <= 2) break;
      const last = tied.find((t) => t.id === page[1]!.id)!;
      after = { createdAt: last.createdAt, id: last.id };
    }
    expect(seen).toEqual(expected);
  });

  it('keeps microseconds in the keyset: a row 1 µs older is on the next page, not lost', async () => {
    const newer = await newEnquiry(rdb.db, { createdAt: '2026-01-01 10:00:00.000002+00' });
    const older = await newEnquiry(rdb.db, { createdAt: '2026-01-01 10:00:00.000001+00' });
    expect((await repo.list(undefined, { createdAt: newer.createdAt, id: newer.id }, 10)).map((r) => r.id)).toEqual([older.id]);
  });

  it('the page after the last row is empty', async () => {
    const only = await newEnquiry(rdb.db);
    expect(await repo.list(undefined, { createdAt: only.createdAt, id: only.id }, 10)).toEqual([]);
  });

  it('combines the status filter with the keyset', async () => {
    const a = await newEnquiry(rdb.db, { status: 'new', createdAt: '2026-01-01T10:00:00Z' });
    await newEnquiry(rdb.db, { status: 'closed', createdAt: '2026-01-02T10:00:00Z' });
    const c = await newEnquiry(rdb.db, { status: 'new', createdAt: '2026-01-03T10:00:00Z' });
    expect((await repo.list('new', { createdAt: c.createdAt, id: c.id }, 10)).map((r) => r.id)).toEqual([a.id]);
  });
});

describe('EnquiriesRepository.setStatus', () => {
  it('changes the status, bumps updated_at, and answers the row', async () => {
    const e = await newEnquiry(rdb.db, { createdAt: '2026-01-01T10:00:00Z' });
    await rdb.db.query(`UPDATE enquiries SET updated_at = '2026-01-01T10:00:00Z' WHERE id = $1`, [e.id]);
    const row = await repo.setStatus(e.id, 'in_progress');
    expect(row).toMatchObject({ id: e.id, status: 'in_progress' });
    expect(row!.updatedAt.getTime()).toBeGreaterThan(row!.createdAt.getTime());
  });

  it('answers null for an unknown id', async () => {
    expect(await repo.setStatus('7d0f4c62-3b7e-4f7a-9a57-0b6f0a0e9d11', 'closed')).toBeNull();
  });
});
