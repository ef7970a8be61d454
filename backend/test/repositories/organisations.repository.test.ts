import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { OrgRole } from '../../src/common/auth/access.js';
import { OrganisationMembershipReader } from '../../src/modules/organisations/membership-reader.impl.js';
import { OrganisationsRepository, type MembershipChange } from '../../src/modules/organisations/organisations.repository.js';
import { newInvitation, newMember, newMembership, newOrganisation, newUser, uid } from '../support/factories.js';
import { openRepositoryDatabase, stillPendingAfter, type RepositoryDatabase } from '../support/repository-db.js';

let rdb: RepositoryDatabase;
let repo: OrganisationsRepository;
beforeAll(async () => {
  rdb = await openRepositoryDatabase();
  repo = new OrganisationsRepository(rdb.db);
});
afterAll(() => rdb?.close());
beforeEach(() => rdb.reset());

const MISSING = '7d0f4c62-3b7e-4f7a-9a57-0b6f0a0e9d11';
const inOneDay = () => new Date(Date.now() + 86_400_000);

describe('organisations', () => {
  it('findWithRole answers the caller role, null for a non-member, and null for an unknown organisation', async () => {
    const org = await newOrganisation(rdb.db, { name: 'Acme' });
    const admin = await newMember(rdb.db, org.id, 'org_admin');
    const stranger = await newUser(rdb.db);
    expect(await repo.findWithRole(org.id, admin.id)).toMatchObject({ id: org.id, name: 'Acme', slug: org.slug, callerRole: 'org_admin' });
    expect(await repo.findWithRole(org.id, stranger.id)).toMatchObject({ id: org.id, callerRole: null });
    expect(await repo.findWithRole(MISSING, admin.id)).toBeNull();
  });

  it('slugsLike answers the base and base-<suffix>, not other slugs sharing a prefix', async () => {
    await newOrganisation(rdb.db, { slug: 'acme' });
    await newOrganisation(rdb.db, { slug: 'acme-2' });
    await newOrganisation(rdb.db, { slug: 'acme-trust' });
    await newOrganisation(rdb.db, { slug: 'acmex' });
    await newOrganisation(rdb.db, { slug: 'other' });
    expect((await repo.slugsLike('acme')).sort()).toEqual(['acme', 'acme-2', 'acme-trust']);
    expect(await repo.slugsLike('nothing')).toEqual([]);
  });

  it('insertOrganisation stores the row, and answers null (no error) when the slug is taken', async () => {
    const user = await newUser(rdb.db);
    const row = await repo.insertOrganisation('Acme', 'acme', user.id);
    expect(row).toMatchObject({ name: 'Acme', slug: 'acme' });
    expect(await repo.insertOrganisation('Acme again', 'acme', user.id)).toBeNull();
    expect(await rdb.db.query(`SELECT name FROM organisations WHERE slug = 'acme'`)).toEqual([{ name: 'Acme' }]);
  });

  it('of two concurrent inserts with one slug exactly one succeeds', async () => {
    const user = await newUser(rdb.db);
    const results = await Promise.all([repo.insertOrganisation('A', 'same', user.id), repo.insertOrganisation('B', 'same', user.id)]);
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('renameOrganisation changes only that organisation; null for an unknown id', async () => {
    const a = await newOrganisation(rdb.db, { name: 'A' });
    const b = await newOrganisation(rdb.db, { name: 'B' });
    expect(await repo.renameOrganisation(a.id, 'A2')).toMatchObject({ id: a.id, name: 'A2', slug: a.slug });
    expect(await repo.findWithRole(b.id, MISSING)).toMatchObject({ name: 'B' });
    expect(await repo.renameOrganisation(MISSING, 'x')).toBeNull();
  });

  it('countMembers counts live members of that organisation only, not deleted accounts', async () => {
    const org = await newOrganisation(rdb.db);
    const other = await newOrganisation(rdb.db);
    await newMember(rdb.db, org.id, 'org_admin');
    await newMember(rdb.db, org.id, 'learner');
    await newMember(rdb.db, org.id, 'learner', { deletedAt: new Date() });
    await newMember(rdb.db, other.id, 'learner');
    expect(await repo.countMembers(org.id)).toBe(2);
    expect(await repo.countMembers(MISSING)).toBe(0);
  });
});

describe('listOrganisations', () => {
  it('memberOnly: only the user’s organisations, by lower(name) then id, with their role', async () => {
    const user = await newUser(rdb.db);
    const b = await newOrganisation(rdb.db, { name: 'beta' });
    const a = await newOrganisation(rdb.db, { name: 'Alpha' });
    await newOrganisation(rdb.db, { name: 'Aardvark (not a member)' });
    await newMembership(rdb.db, b.id, user.id, 'trainer');
    await newMembership(rdb.db, a.id, user.id, 'learner');
    const rows = await repo.listOrganisations({ userId: user.id, memberOnly: true, limit: 10 });
    expect(rows.map((r) => [r.name, r.callerRole, r.sortName])).toEqual([
      ['Alpha', 'learner', 'alpha'],
      ['beta', 'trainer', 'beta'],
    ]);
  });

  it('not memberOnly (platform admin): every organisation, the role where there is one', async () => {
    const user = await newUser(rdb.db);
    const a = await newOrganisation(rdb.db, { name: 'A' });
    await newOrganisation(rdb.db, { name: 'B' });
    await newMembership(rdb.db, a.id, user.id, 'org_admin');
    const rows = await repo.listOrganisations({ userId: user.id, memberOnly: false, limit: 10 });
    expect(rows.map((r) => [r.name, r.callerRole])).toEqual([
      ['A', 'org_admin'],
      ['B', null],
    ]);
  });

  it('q matches the name case-insensitively, and its % and _ are literal', async () => {
    const user = await newUser(rdb.db);
    await newOrganisation(rdb.db, { name: 'Anti-Slavery 100% Trust' });
    await newOrganisation(rdb.db, { name: 'Anti-Slavery 1000 Trust' });
    await newOrganisation(rdb.db, { name: 'Under_score' });
    await newOrganisation(rdb.db, { name: 'Underscore' });
    const names = async (q: string) => (await repo.listOrganisations({ userId: user.id, memberOnly: false, q, limit: 10 })).map((r) => r.name);
    expect(await names('SLAVERY')).toEqual(['Anti-Slavery 100% Trust', 'Anti-Slavery 1000 Trust']);
    expect(await names('100%')).toEqual(['Anti-Slavery 100% Trust']);
    expect(await names('_')).toEqual(['Under_score']);
    expect(await names('nomatch')).toEqual([]);
  });

  it('keyset pages: same lower(name) ordered by id, no row skipped or repeated, then an empty page', async () => {
    const user = await newUser(rdb.db);
    const orgs = [];
    for (const name of ['Same', 'same', 'SAME', 'Other']) orgs.push(await newOrganisation(rdb.db, { name }));
    const expected = [
      orgs[3]!.id,
      ...orgs
        .slice(0, 3)
        .map((o) => o.id)
        .sort(),
    ];
    const seen: string[] = [];
    let after: [string, string] | undefined;
    for (let i = 0; i < 10; i++) {
      const page = await repo.listOrganisations({ userId: user.id, memberOnly: false, after, limit: 2 });
      if (page.length === 0) break;
      seen.push(...page.map((r) => r.id));
      const last = page.at(-1)!;
      after = [last.sortName, last.id];
    }
    expect(seen).toEqual(expected);
  });

  it('listForUser: the user’s organisations by name with role, never another user’s', async () => {
    const user = await newUser(rdb.db);
    const other = await newUser(rdb.db);
    const z = await newOrganisation(rdb.db, { name: 'Zeta' });
    const a = await newOrganisation(rdb.db, { name: 'alpha' });
    const not = await newOrganisation(rdb.db, { name: 'Not mine' });
    await newMembership(rdb.db, z.id, user.id, 'org_admin');
    await newMembership(rdb.db, a.id, user.id, 'learner');
    await newMembership(rdb.db, not.id, other.id, 'org_admin');
    const none = { safeguardingContact: null, supportLine: null };
    expect(await repo.listForUser(user.id)).toEqual([
      { organisationId: a.id, organisationName: 'alpha', role: 'learner', support: none },
      { organisationId: z.id, organisationName: 'Zeta', role: 'org_admin', support: none },
    ]);
    expect(await repo.listForUser(MISSING)).toEqual([]);
  });

  it('listForUser: carries each organisation’s support details, only the parts members can use', async () => {
    const user = await newUser(rdb.db);
    const org = await newOrganisation(rdb.db, { name: 'Supportive' });
    await newMembership(rdb.db, org.id, user.id, 'learner');
    const fields = {
      safeguardingName: 'Lead',
      safeguardingEmail: 'lead@example.org',
      safeguardingPhone: null,
      supportLineName: 'Line',
      supportLinePhone: null,
      supportLineUrl: null,
      supportLineHours: '9-5',
    };
    expect(await repo.replaceSupport(org.id, fields, 0, () => true)).toMatchObject({ outcome: 'saved', after: { version: 1 } });
    const [membership] = await repo.listForUser(user.id);
    // The line has no phone or address: nothing to reach, so none.
    expect(membership!.support).toEqual({ safeguardingContact: { name: 'Lead', email: 'lead@example.org', phone: null }, supportLine: null });
  });

  it('replaceSupport: writes only at the expected version, and one of two concurrent saves wins', async () => {
    const org = await newOrganisation(rdb.db);
    const base = {
      safeguardingName: null,
      safeguardingEmail: null,
      safeguardingPhone: null,
      supportLineName: null,
      supportLinePhone: null,
      supportLineUrl: null,
      supportLineHours: null,
    };
    expect(await repo.replaceSupport(org.id, { ...base, safeguardingPhone: '999' }, 1, () => true)).toMatchObject({ outcome: 'stale' });
    const results = await Promise.all([
      repo.replaceSupport(org.id, { ...base, safeguardingPhone: '111' }, 0, () => true),
      repo.replaceSupport(org.id, { ...base, safeguardingPhone: '222' }, 0, () => true),
    ]);
    expect(results.map((r) => r?.outcome).sort()).toEqual(['saved', 'stale']);
    const saved = results.find((r) => r?.outcome === 'saved')!;
    expect(await repo.findSupport(org.id)).toMatchObject({ safeguardingPhone: saved.after.safeguardingPhone, version: 1 });
    expect(await repo.replaceSupport(org.id, base, 1, () => false)).toMatchObject({ outcome: 'unchanged', after: { version: 1 } });
    expect(await repo.replaceSupport(MISSING, base, 0, () => true)).toBeNull();
  });
});

describe('memberships', () => {
  it('organisationExists and roleOf', async () => {
    const org = await newOrganisation(rdb.db);
    const other = await newOrganisation(rdb.db);
    const member = await newMember(rdb.db, org.id, 'trainer');
    expect(await repo.organisationExists(org.id)).toBe(true);
    expect(await repo.organisationExists(MISSING)).toBe(false);
    expect(await repo.roleOf(member.id, org.id)).toBe('trainer');
    expect(await repo.roleOf(member.id, other.id)).toBeNull();
  });

  it('soleAdminOf: organisations where the user is the only org admin, by name', async () => {
    const user = await newUser(rdb.db);
    const sole = await newOrganisation(rdb.db, { name: 'Sole' });
    const shared = await newOrganisation(rdb.db, { name: 'Shared' });
    const asLearner = await newOrganisation(rdb.db, { name: 'Learner there' });
    const alsoSole = await newOrganisation(rdb.db, { name: 'also sole' });
    await newMembership(rdb.db, sole.id, user.id, 'org_admin');
    await newMember(rdb.db, sole.id, 'trainer');
    await newMembership(rdb.db, shared.id, user.id, 'org_admin');
    await newMember(rdb.db, shared.id, 'org_admin');
    await newMembership(rdb.db, asLearner.id, user.id, 'learner');
    await newMembership(rdb.db, alsoSole.id, user.id, 'org_admin');
    expect(await repo.soleAdminOf(user.id)).toEqual([
      { organisationId: alsoSole.id, organisationName: 'also sole' },
      { organisationId: sole.id, organisationName: 'Sole' },
    ]);
  });

  it('removeAllFor removes every membership of that user and no other', async () => {
    const user = await newUser(rdb.db);
    const a = await newOrganisation(rdb.db);
    const b = await newOrganisation(rdb.db);
    await newMembership(rdb.db, a.id, user.id, 'learner');
    await newMembership(rdb.db, b.id, user.id, 'org_admin');
    const keeper = await newMember(rdb.db, a.id, 'learner');
    await repo.removeAllFor(user.id);
    expect(await repo.listForUser(user.id)).toEqual([]);
    expect(await repo.roleOf(keeper.id, a.id)).toBe('learner');
  });

  it('findMember: the member in that organisation only; a deleted account is not a member', async () => {
    const org = await newOrganisation(rdb.db);
    const other = await newOrganisation(rdb.db);
    const m = await newMember(rdb.db, org.id, 'trainer', { displayName: 'Tess' });
    const gone = await newMember(rdb.db, org.id, 'learner', { deletedAt: new Date() });
    expect(await repo.findMember(org.id, m.id)).toMatchObject({ userId: m.id, displayName: 'Tess', email: m.email, role: 'trainer' });
    expect(await repo.findMember(other.id, m.id)).toBeNull();
    expect(await repo.findMember(org.id, gone.id)).toBeNull();
  });
});

describe('listMembers', () => {
  it('one organisation’s live members by lower(display name), filtered by role and by q on name or email', async () => {
    const org = await newOrganisation(rdb.db);
    const other = await newOrganisation(rdb.db);
    await newMember(rdb.db, org.id, 'learner', { displayName: 'bob', email: 'bob@example.org' });
    await newMember(rdb.db, org.id, 'org_admin', { displayName: 'Alice', email: 'alice@ngo.example' });
    await newMember(rdb.db, org.id, 'learner', { displayName: 'Carol', email: 'carol@ngo.example' });
    await newMember(rdb.db, org.id, 'learner', { displayName: 'Deleted', deletedAt: new Date() });
    await newMember(rdb.db, other.id, 'learner', { displayName: 'Aaron elsewhere' });
    const names = async (opts: { q?: string; role?: OrgRole }) =>
      (await repo.listMembers({ organisationId: org.id, limit: 10, ...opts })).map((r) => r.displayName);
    expect(await names({})).toEqual(['Alice', 'bob', 'Carol']);
    expect(await names({ role: 'learner' })).toEqual(['bob', 'Carol']);
    expect(await names({ q: 'NGO.EXAMPLE' })).toEqual(['Alice', 'Carol']);
    expect(await names({ q: 'ngo', role: 'learner' })).toEqual(['Carol']);
    expect(await names({ q: '%' })).toEqual([]);
  });

  it('keyset pages over equal names by user id, then an empty page', async () => {
    const org = await newOrganisation(rdb.db);
    const ids = [];
    for (let i = 0; i < 5; i++) ids.push((await newMember(rdb.db, org.id, 'learner', { displayName: i % 2 ? 'Sam' : 'sam' })).id);
    const seen: string[] = [];
    let after: [string, string] | undefined;
    for (let i = 0; i < 10; i++) {
      const page = await repo.listMembers({ organisationId: org.id, after, limit: 2 });
      if (page.length === 0) break;
      seen.push(...page.map((r) => r.userId));
      after = [page.at(-1)!.sortName, page.at(-1)!.userId];
    }
    expect(seen).toEqual([...ids].sort());
  });
});

describe('changeMembership', () => {
  const demoteUnlessLastAdmin =
    (seen: unknown[]) =>
    (state: { callerRole: OrgRole | null; member: { role: OrgRole } | null; adminCount: number }): MembershipChange => {
      seen.push(state);
      if (!state.member) return { kind: 'none' };
      if (state.member.role === 'org_admin' && state.adminCount <= 1) return { kind: 'none' };
      return { kind: 'update', role: 'learner' };
    };

  it('passes decide the caller role, the member and the admin count, and applies an update', async () => {
    const org = await newOrganisation(rdb.db);
    const caller = await newMember(rdb.db, org.id, 'org_admin');
    const target = await newMember(rdb.db, org.id, 'org_admin');
    await newMember(rdb.db, org.id, 'org_admin', { deletedAt: new Date() });
    const seen: unknown[] = [];
    const result = await repo.changeMembership(org.id, target.id, caller.id, demoteUnlessLastAdmin(seen));
    expect(seen).toEqual([{ callerRole: 'org_admin', member: expect.objectContaining({ userId: target.id, role: 'org_admin' }), adminCount: 2 }]);
    expect(result).toMatchObject({ before: { userId: target.id, role: 'org_admin' }, change: { kind: 'update', role: 'learner' } });
    expect(await repo.roleOf(target.id, org.id)).toBe('learner');
  });

  it('applies a delete, and changes nothing on none', async () => {
    const org = await newOrganisation(rdb.db);
    const caller = await newMember(rdb.db, org.id, 'org_admin');
    const target = await newMember(rdb.db, org.id, 'learner');
    await repo.changeMembership(org.id, target.id, caller.id, () => ({ kind: 'none' }));
    expect(await repo.roleOf(target.id, org.id)).toBe('learner');
    await repo.changeMembership(org.id, target.id, caller.id, () => ({ kind: 'delete' }));
    expect(await repo.roleOf(target.id, org.id)).toBeNull();
  });

  it('an unknown organisation, a member of another organisation and a deleted account reach decide as null', async () => {
    const org = await newOrganisation(rdb.db);
    const other = await newOrganisation(rdb.db);
    const caller = await newMember(rdb.db, org.id, 'org_admin');
    const elsewhere = await newMember(rdb.db, other.id, 'learner');
    const gone = await newMember(rdb.db, org.id, 'learner', { deletedAt: new Date() });
    const seen: { member: unknown; callerRole: unknown }[] = [];
    const decide = (s: { member: unknown; callerRole: OrgRole | null }) => {
      seen.push(s);
      return { kind: 'delete' } as const;
    };
    await repo.changeMembership(MISSING, caller.id, caller.id, decide);
    await repo.changeMembership(org.id, elsewhere.id, caller.id, decide);
    await repo.changeMembership(org.id, gone.id, caller.id, decide);
    expect(seen.map((s) => s.member)).toEqual([null, null, null]);
    expect(seen[0]!.callerRole).toBeNull();
    // The delete was applied by organisation and user: the other organisation's membership stays.
    expect(await repo.roleOf(elsewhere.id, other.id)).toBe('learner');
  });

  it('a decide that throws rolls back and the error reaches the caller', async () => {
    const org = await newOrganisation(rdb.db);
    const caller = await newMember(rdb.db, org.id, 'org_admin');
    await expect(
      repo.changeMembership(org.id, caller.id, caller.id, () => {
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    expect(await repo.roleOf(caller.id, org.id)).toBe('org_admin');
  });

  it('waits for a lock on the organisation and then decides on the committed state (last admin kept)', async () => {
    const org = await newOrganisation(rdb.db);
    const a = await newMember(rdb.db, org.id, 'org_admin');
    const b = await newMember(rdb.db, org.id, 'org_admin');
    const other = await rdb.connect();
    try {
      await other.query('BEGIN');
      await other.query(`SELECT id FROM organisations WHERE id = $1 FOR NO KEY UPDATE`, [org.id]);
      await other.query(`UPDATE memberships SET role = 'learner' WHERE organisation_id = $1 AND user_id = $2`, [org.id, a.id]);
      const seen: { adminCount: number }[] = [];
      const pending = repo.changeMembership(org.id, b.id, b.id, demoteUnlessLastAdmin(seen) as never);
      expect(await stillPendingAfter(pending, 300)).toBe(true);
      await other.query('COMMIT');
      const result = await pending;
      expect(seen).toEqual([expect.objectContaining({ adminCount: 1 })]);
      expect(result.change).toEqual({ kind: 'none' });
    } finally {
      await other.end();
    }
    expect(await repo.roleOf(b.id, org.id)).toBe('org_admin');
  });

  it('two admins demoting each other at once: one succeeds, one admin remains', async () => {
    const org = await newOrganisation(rdb.db);
    const a = await newMember(rdb.db, org.id, 'org_admin');
    const b = await newMember(rdb.db, org.id, 'org_admin');
    const results = await Promise.all([
      repo.changeMembership(org.id, a.id, b.id, demoteUnlessLastAdmin([])),
      repo.changeMembership(org.id, b.id, a.id, demoteUnlessLastAdmin([])),
    ]);
    expect(results.map((r) => r.change.kind).sort()).toEqual(['none', 'update']);
    const roles = [await repo.roleOf(a.id, org.id), await repo.roleOf(b.id, org.id)];
    expect(roles.sort()).toEqual(['learner', 'org_admin']);
  });
});

describe('invitations', () => {
  const input = (organisationId: string, email: string, invitedBy: string) => ({
    organisationId,
    email,
    role: 'trainer' as const,
    tokenHash: `hash-${uid()}`,
    invitedBy,
    expiresAt: inOneDay(),
  });

  it('createInvitation stores a pending invitation and revokes earlier pending ones for that email in that organisation only', async () => {
    const org = await newOrganisation(rdb.db);
    const other = await newOrganisation(rdb.db);
    const admin = await newMember(rdb.db, org.id, 'org_admin');
    const first = await repo.createInvitation(input(org.id, 'x@example.org', admin.id));
    const elsewhere = await repo.createInvitation(input(other.id, 'x@example.org', admin.id));
    const otherEmail = await repo.createInvitation(input(org.id, 'y@example.org', admin.id));
    const second = await repo.createInvitation(input(org.id, 'x@example.org', admin.id));
    expect(first).toMatchObject({ invitation: { organisationId: org.id, email: 'x@example.org', role: 'trainer' }, replacedIds: [] });
    expect(second!.replacedIds).toEqual([first!.invitation.id]);
    const pending = (await repo.listPendingInvitations({ organisationId: org.id, limit: 10 })).map((r) => r.id);
    expect(pending.sort()).toEqual([second!.invitation.id, otherEmail!.invitation.id].sort());
    expect((await repo.listPendingInvitations({ organisationId: other.id, limit: 10 })).map((r) => r.id)).toEqual([elsewhere!.invitation.id]);
  });

  it('createInvitation answers null for an unknown organisation', async () => {
    const admin = await newUser(rdb.db);
    expect(await repo.createInvitation(input(MISSING, 'x@example.org', admin.id))).toBeNull();
  });

  it('of two concurrent invitations to one address exactly one stays pending', async () => {
    const org = await newOrganisation(rdb.db);
    const admin = await newMember(rdb.db, org.id, 'org_admin');
    const [a, b] = await Promise.all([
      repo.createInvitation(input(org.id, 'same@example.org', admin.id)),
      repo.createInvitation(input(org.id, 'same@example.org', admin.id)),
    ]);
    const pending = await repo.listPendingInvitations({ organisationId: org.id, limit: 10 });
    expect(pending).toHaveLength(1);
    expect([...a!.replacedIds, ...b!.replacedIds]).toHaveLength(1);
  });

  it('createInvitation waits for the organisation lock, then revokes what another transaction committed meanwhile', async () => {
    const org = await newOrganisation(rdb.db);
    const admin = await newMember(rdb.db, org.id, 'org_admin');
    const other = await rdb.connect();
    let racing: { id: string } | undefined;
    try {
      await other.query('BEGIN');
      await other.query(`SELECT id FROM organisations WHERE id = $1 FOR NO KEY UPDATE`, [org.id]);
      const pending = repo.createInvitation(input(org.id, 'late@example.org', admin.id));
      expect(await stillPendingAfter(pending, 300)).toBe(true);
      const { rows } = await other.query(
        `INSERT INTO invitations (organisation_id, email, role, token_hash, expires_at) VALUES ($1, 'late@example.org', 'learner', $2, now() + interval '1 day') RETURNING id`,
        [org.id, `hash-${uid()}`],
      );
      racing = rows[0];
      await other.query('COMMIT');
      expect((await pending)!.replacedIds).toEqual([racing!.id]);
    } finally {
      await other.end();
    }
    expect(await repo.listPendingInvitations({ organisationId: org.id, limit: 10 })).toHaveLength(1);
  });

  it('listPendingInvitations: newest first, leaves out accepted, revoked and expired ones, pages through equal times', async () => {
    const org = await newOrganisation(rdb.db);
    await newInvitation(rdb.db, { organisationId: org.id, acceptedAt: new Date() });
    await newInvitation(rdb.db, { organisationId: org.id, revokedAt: new Date() });
    await newInvitation(rdb.db, { organisationId: org.id, expiresAt: new Date(Date.now() - 1000) });
    const old = await newInvitation(rdb.db, { organisationId: org.id, createdAt: '2026-01-01 10:00:00.000001+00' });
    const tied = [];
    for (let i = 0; i < 3; i++) tied.push(await newInvitation(rdb.db, { organisationId: org.id, createdAt: '2026-01-01 10:00:00.000002+00' }));
    const expected = [
      ...tied
        .map((t) => t.id)
        .sort()
        .reverse(),
      old.id,
    ];
    const seen: string[] = [];
    let after: [string, string] | undefined;
    for (let i = 0; i < 10; i++) {
      const page = await repo.listPendingInvitations({ organisationId: org.id, after, limit: 2 });
      if (page.length === 0) break;
      seen.push(...page.map((r) => r.id));
      after = [page.at(-1)!.sortTime, page.at(-1)!.id];
    }
    expect(seen).toEqual(expected);
  });

  it('revokeInvitation: revoked, then not-pending; missing in another organisation', async () => {
    const org = await newOrganisation(rdb.db);
    const other = await newOrganisation(rdb.db);
    const inv = await newInvitation(rdb.db, { organisationId: org.id });
    const accepted = await newInvitation(rdb.db, { organisationId: org.id, acceptedAt: new Date() });
    expect(await repo.revokeInvitation(other.id, inv.id)).toBe('missing');
    expect(await repo.revokeInvitation(org.id, inv.id)).toBe('revoked');
    expect(await repo.revokeInvitation(org.id, inv.id)).toBe('not-pending');
    expect(await repo.revokeInvitation(org.id, accepted.id)).toBe('not-pending');
    expect(await repo.revokeInvitation(org.id, MISSING)).toBe('missing');
  });

  it('findPendingByTokenHash answers a pending invitation with its organisation name, else null', async () => {
    const org = await newOrganisation(rdb.db, { name: 'Acme' });
    const inv = await newInvitation(rdb.db, { organisationId: org.id, role: 'trainer' });
    const expired = await newInvitation(rdb.db, { organisationId: org.id, expiresAt: new Date(Date.now() - 1000) });
    const revoked = await newInvitation(rdb.db, { organisationId: org.id, revokedAt: new Date() });
    expect(await repo.findPendingByTokenHash(inv.tokenHash)).toMatchObject({ id: inv.id, organisationId: org.id, organisationName: 'Acme', role: 'trainer' });
    expect(await repo.findPendingByTokenHash(expired.tokenHash)).toBeNull();
    expect(await repo.findPendingByTokenHash(revoked.tokenHash)).toBeNull();
    expect(await repo.findPendingByTokenHash('unknown')).toBeNull();
  });

  it('isAcceptedByTokenHash only for an accepted invitation', async () => {
    const org = await newOrganisation(rdb.db);
    const accepted = await newInvitation(rdb.db, { organisationId: org.id, acceptedAt: new Date() });
    const pending = await newInvitation(rdb.db, { organisationId: org.id });
    expect(await repo.isAcceptedByTokenHash(accepted.tokenHash)).toBe(true);
    expect(await repo.isAcceptedByTokenHash(pending.tokenHash)).toBe(false);
    expect(await repo.isAcceptedByTokenHash('unknown')).toBe(false);
  });
});

describe('acceptInvitation', () => {
  it('makes a new member with the invited role and uses the invitation once', async () => {
    const org = await newOrganisation(rdb.db);
    const inv = await newInvitation(rdb.db, { organisationId: org.id, role: 'trainer' });
    const user = await newUser(rdb.db);
    expect(await repo.acceptInvitation(inv.id, user.id)).toEqual({ organisationId: org.id, role: 'trainer', previousRole: null });
    expect(await repo.roleOf(user.id, org.id)).toBe('trainer');
    expect(await repo.isAcceptedByTokenHash(inv.tokenHash)).toBe(true);
    expect(await repo.acceptInvitation(inv.id, (await newUser(rdb.db)).id)).toBeNull();
  });

  it('an existing member keeps the higher of their role and the invited one', async () => {
    const org = await newOrganisation(rdb.db);
    const trainer = await newMember(rdb.db, org.id, 'trainer');
    const learner = await newMember(rdb.db, org.id, 'learner');
    const down = await newInvitation(rdb.db, { organisationId: org.id, role: 'learner' });
    const up = await newInvitation(rdb.db, { organisationId: org.id, role: 'org_admin' });
    expect(await repo.acceptInvitation(down.id, trainer.id)).toEqual({ organisationId: org.id, role: 'trainer', previousRole: 'trainer' });
    expect(await repo.acceptInvitation(up.id, learner.id)).toEqual({ organisationId: org.id, role: 'org_admin', previousRole: 'learner' });
    expect(await repo.roleOf(trainer.id, org.id)).toBe('trainer');
    expect(await repo.roleOf(learner.id, org.id)).toBe('org_admin');
  });

  it('refuses an expired or revoked invitation', async () => {
    const org = await newOrganisation(rdb.db);
    const user = await newUser(rdb.db);
    const expired = await newInvitation(rdb.db, { organisationId: org.id, expiresAt: new Date(Date.now() - 1000) });
    const revoked = await newInvitation(rdb.db, { organisationId: org.id, revokedAt: new Date() });
    expect(await repo.acceptInvitation(expired.id, user.id)).toBeNull();
    expect(await repo.acceptInvitation(revoked.id, user.id)).toBeNull();
    expect(await repo.roleOf(user.id, org.id)).toBeNull();
  });

  it('of two concurrent accepts of one invitation exactly one wins', async () => {
    const org = await newOrganisation(rdb.db);
    const inv = await newInvitation(rdb.db, { organisationId: org.id });
    const [u1, u2] = [await newUser(rdb.db), await newUser(rdb.db)];
    const results = await Promise.all([repo.acceptInvitation(inv.id, u1.id), repo.acceptInvitation(inv.id, u2.id)]);
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await repo.countMembers(org.id)).toBe(1);
  });
});

describe('OrganisationMembershipReader', () => {
  it('answers through the repository', async () => {
    const reader = new OrganisationMembershipReader(repo);
    const org = await newOrganisation(rdb.db, { name: 'Reader org' });
    const user = await newMember(rdb.db, org.id, 'org_admin');
    expect(await reader.roleOf(user.id, org.id)).toBe('org_admin');
    expect(await reader.organisationExists(org.id)).toBe(true);
    expect(await reader.listForUser(user.id)).toEqual([
      { organisationId: org.id, organisationName: 'Reader org', role: 'org_admin', support: { safeguardingContact: null, supportLine: null } },
    ]);
    expect(await reader.soleAdminOf(user.id)).toEqual([{ organisationId: org.id, organisationName: 'Reader org' }]);
    await reader.removeAllFor(user.id);
    expect(await reader.roleOf(user.id, org.id)).toBeNull();
  });
});
