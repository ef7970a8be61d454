import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AuditEvent } from '../../src/modules/audit/audit-event.entity.js';
import { AuditRepository } from '../../src/modules/audit/audit.repository.js';
import { AuditService } from '../../src/modules/audit/audit.service.js';
import { newOrganisation, newUser } from '../support/factories.js';
import { openRepositoryDatabase, type RepositoryDatabase } from '../support/repository-db.js';

/** The audit log's SQL (an insert, and a keyset list built with the query builder). */
let rdb: RepositoryDatabase;
let audit: AuditService;
beforeAll(async () => {
  rdb = await openRepositoryDatabase();
  audit = new AuditService(new AuditRepository(rdb.db.getRepository(AuditEvent)), pino({ level: 'silent' }));
});
afterAll(() => rdb?.close());
beforeEach(() => rdb.reset());

const at = (id: string, occurredAt: string) => rdb.db.query(`UPDATE audit_events SET occurred_at = $2 WHERE id = $1`, [id, occurredAt]);

describe('AuditService', () => {
  it('record stores the event with the request’s ip, user agent and id; list shows it with the actor’s name', async () => {
    const user = await newUser(rdb.db, { displayName: 'Ada' });
    const org = await newOrganisation(rdb.db);
    await audit.record(
      { action: 'invitation.created', actorUserId: user.id, organisationId: org.id, targetType: 'invitation', targetId: 'x', metadata: { role: 'trainer' } },
      { ip: '10.0.0.9', userAgent: 'ua', requestId: 'req-1' },
    );
    const page = await audit.list({});
    expect(page.nextCursor).toBeNull();
    expect(page.items).toEqual([
      expect.objectContaining({
        action: 'invitation.created',
        actorUserId: user.id,
        actorName: 'Ada',
        organisationId: org.id,
        targetId: 'x',
        ip: '10.0.0.9',
        requestId: 'req-1',
        metadata: { role: 'trainer' },
      }),
    ]);
  });

  it('list is scoped to one organisation or one actor, never showing another organisation’s events', async () => {
    const a = await newOrganisation(rdb.db);
    const b = await newOrganisation(rdb.db);
    const user = await newUser(rdb.db);
    await audit.record({ action: 'organisation.updated', organisationId: a.id });
    await audit.record({ action: 'organisation.updated', organisationId: b.id, actorUserId: user.id });
    await audit.record({ action: 'auth.logout', actorUserId: user.id });
    expect((await audit.list({ organisationId: a.id })).items.map((e) => e.organisationId)).toEqual([a.id]);
    expect((await audit.list({ actorUserId: user.id })).items).toHaveLength(2);
    expect((await audit.list({ organisationId: b.id, actorUserId: user.id })).items).toHaveLength(1);
    expect((await audit.list({})).items).toHaveLength(3);
  });

  it('an event of a deleted (removed) actor is kept, without a name', async () => {
    const user = await newUser(rdb.db);
    await audit.record({ action: 'account.deleted', actorUserId: user.id });
    await rdb.db.query(`DELETE FROM users WHERE id = $1`, [user.id]);
    expect((await audit.list({})).items).toEqual([expect.objectContaining({ action: 'account.deleted', actorUserId: null, actorName: null })]);
  });

  it('pages newest first through events with equal times (to the millisecond) by id, none skipped or repeated', async () => {
    for (let i = 0; i < 5; i++) await audit.record({ action: 'auth.login_failed' });
    const rows: { id: string }[] = await rdb.db.query(`SELECT id FROM audit_events`);
    // Same millisecond, different microseconds: the cursor carries milliseconds only.
    for (const [i, r] of rows.entries()) await at(r.id, `2026-01-01 10:00:00.123${i}00+00`);
    await audit.record({ action: 'auth.logout' });
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let i = 0; i < 10; i++) {
      const page = await audit.list({}, 2, cursor);
      seen.push(...page.items.map((e) => e.id));
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    expect(seen).toHaveLength(6);
    expect(new Set(seen).size).toBe(6);
    expect(seen.slice(1)).toEqual(
      rows
        .map((r) => r.id)
        .sort()
        .reverse(),
    );
  });

  it('an empty log is one empty page', async () => {
    expect(await audit.list({})).toEqual({ items: [], nextCursor: null });
  });
});
