import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { OrgRole } from '../src/common/auth/access.js';
import { OrganisationsRepository } from '../src/modules/organisations/organisations.repository.js';
import { startApi, type TestApi } from './support/api.js';
import { logIn, mailsTo, makePlatformAdmin, signUp, tokenFromMail, type Person } from './support/people.js';

/**
 * Organisations, members and invitations through the real HTTP app, against the real
 * PostgreSQL and Redis. Mail goes to files (MAIL_DIR) by the inline queue driver, so tests read
 * invitation links the way a person would.
 */
const PUBLIC_ORIGIN = 'http://academy.test';
const ACCEPT_PATH = '/invitations/accept';

let api: TestApi;
let mailDir: string;
let db: pg.Client;
let platformAdmin: Person;

beforeAll(async () => {
  mailDir = await mkdtemp(join(tmpdir(), 'htmse-orgs-mail-'));
  api = await startApi({
    DATABASE_URL: inject('databaseUrl'),
    REDIS_URL: inject('redisUrl'),
    QUEUE_PREFIX: `${inject('queuePrefix')}-orgs`,
    QUEUE_DRIVER: 'inline',
    MAIL_DIR: mailDir,
    PUBLIC_ORIGIN,
    // signUp sends a random X-Forwarded-For so registrations are not all counted against 127.0.0.1.
    TRUST_PROXY: 'true',
  });
  db = new pg.Client({ connectionString: inject('databaseUrl') });
  await db.connect();
  platformAdmin = await signUp(api, mailDir, { displayName: 'Platform Admin' });
  await makePlatformAdmin(inject('databaseUrl'), platformAdmin.userId);
});
afterAll(async () => {
  await db?.end();
  await api?.close();
  if (mailDir) await rm(mailDir, { recursive: true, force: true });
});

// ── helpers ─────────────────────────────────────────────────────────────────────

interface Reply {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
  text: string;
  headers: Headers;
}

type Caller = Person | string | undefined;

async function request(method: string, path: string, opts: { as?: Caller; body?: unknown } = {}): Promise<Reply> {
  const headers: Record<string, string> = {};
  const token = typeof opts.as === 'string' ? opts.as : opts.as?.accessToken;
  if (token) headers.authorization = `Bearer ${token}`;
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${api.baseUrl}${path}`, { method, headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body) });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as unknown) : undefined, text, headers: res.headers };
}

const short = () => randomUUID().slice(0, 8);
const newEmail = () => `${randomUUID()}@example.org`;
const newPassword = () => `long enough passphrase ${randomUUID()}`;
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

async function createOrg(name = `Org ${short()}`): Promise<{ id: string; name: string; slug: string }> {
  const res = await request('POST', '/api/organisations', { as: platformAdmin, body: { name } });
  expect(res.status, res.text).toBe(201);
  return res.body;
}

function invite(organisationId: string, email: string, role: OrgRole, as: Caller = platformAdmin): Promise<Reply> {
  return request('POST', `/api/organisations/${organisationId}/invitations`, { as, body: { email, role } });
}

/** The newest invitation token mailed to `email` (skipping ones already used by the test). */
const invitationToken = (email: string, skip?: string[]) => tokenFromMail(mailDir, email, ACCEPT_PATH, { skip });

interface Member extends Person {
  displayName: string;
}

/** Someone new joins through an invitation (creating their account on accept), then signs in. */
async function newMember(organisationId: string, role: OrgRole, displayName = `Member ${short()}`, opts: { signIn?: boolean } = {}): Promise<Member> {
  const email = newEmail();
  const password = newPassword();
  const invited = await invite(organisationId, email, role);
  expect(invited.status, invited.text).toBe(201);
  const token = await invitationToken(email);
  const accepted = await request('POST', '/api/invitations/accept', { body: { token, displayName, password } });
  expect(accepted.status, accepted.text).toBe(200);
  const { rows } = await db.query<{ id: string }>(`SELECT id FROM users WHERE email = $1`, [email]);
  const accessToken = opts.signIn === false ? '' : await logIn(api, email, password);
  return { userId: rows[0]!.id, email, password, accessToken, displayName };
}

async function listAll(path: string, as: Caller, limit: number): Promise<unknown[]> {
  const items: unknown[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 100; page++) {
    const sep = path.includes('?') ? '&' : '?';
    const res = await request('GET', `${path}${sep}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { as });
    expect(res.status, res.text).toBe(200);
    expect(res.body.items.length).toBeLessThanOrEqual(limit);
    items.push(...res.body.items);
    cursor = res.body.nextCursor;
    if (!cursor) return items;
  }
  throw new Error('pagination did not end');
}

// ── creating organisations ──────────────────────────────────────────────────────

describe('POST /api/organisations', () => {
  it('lets a platform admin create one, with a slug from the name, suffixed on a clash', async () => {
    const tag = short();
    const name = `Fundação Ação ${tag}`;
    const first = await request('POST', '/api/organisations', { as: platformAdmin, body: { name: `  ${name} ` } });
    expect(first.status, first.text).toBe(201);
    const base = `fundacao-acao-${tag}`;
    expect(first.body).toMatchObject({ name, slug: base, role: null, memberCount: 0 });
    expect(first.body.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(new Date(first.body.createdAt).getTime()).toBeGreaterThan(Date.now() - 60_000);

    expect((await createOrg(name)).slug).toBe(`${base}-2`);
    expect((await createOrg(name.toUpperCase())).slug).toBe(`${base}-3`);
  });

  it('refuses anyone else (403), anonymous callers (401) and bad names (400)', async () => {
    const someone = await signUp(api, mailDir);
    const refused = await request('POST', '/api/organisations', { as: someone, body: { name: 'Mine' } });
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('FORBIDDEN');
    expect((await request('POST', '/api/organisations', { body: { name: 'Mine' } })).status).toBe(401);

    const bad = await request('POST', '/api/organisations', { as: platformAdmin, body: { name: ' ', slug: 'chosen' } });
    expect(bad.status).toBe(400);
    expect(bad.body.details.fields.map((f: { field: string }) => f.field).sort()).toEqual(['name', 'slug']);
    expect((await request('POST', '/api/organisations', { as: platformAdmin, body: { name: 'Line\nbreak' } })).status).toBe(400);
  });

  it('records organisation.created', async () => {
    const org = await createOrg();
    const events = await request('GET', `/api/organisations/${org.id}/audit-events`, { as: platformAdmin });
    expect(events.status).toBe(200);
    expect(events.body.items).toEqual([
      expect.objectContaining({ action: 'organisation.created', actorUserId: platformAdmin.userId, organisationId: org.id, targetId: org.id }),
    ]);
  });
});

describe('GET and PATCH /api/organisations/{organisationId}', () => {
  it('shows members the organisation with their role and the member count; org admins rename it', async () => {
    const org = await createOrg();
    const admin = await newMember(org.id, 'org_admin');
    const learner = await newMember(org.id, 'learner');

    const seen = await request('GET', `/api/organisations/${org.id}`, { as: learner });
    expect(seen.status).toBe(200);
    expect(seen.body).toEqual({ id: org.id, name: org.name, slug: org.slug, createdAt: expect.any(String), memberCount: 2, role: 'learner' });

    expect((await request('PATCH', `/api/organisations/${org.id}`, { as: learner, body: { name: 'Renamed' } })).status).toBe(403);
    const renamed = await request('PATCH', `/api/organisations/${org.id}`, { as: admin, body: { name: `Renamed ${short()}` } });
    expect(renamed.status, renamed.text).toBe(200);
    expect(renamed.body).toMatchObject({ slug: org.slug, role: 'org_admin', memberCount: 2 });

    const events = await request('GET', `/api/organisations/${org.id}/audit-events`, { as: admin });
    expect(events.body.items[0]).toMatchObject({ action: 'organisation.updated', metadata: { name: { from: org.name, to: renamed.body.name } } });
  });
});

describe('GET /api/organisations', () => {
  it('lists only your organisations with your role; platform admins see them all; q searches names literally', async () => {
    const tag = short();
    const a = await createOrg(`Alpha ${tag}`);
    const b = await createOrg(`Beta 100% ${tag}`);
    const c = await createOrg(`Gamma ${tag}`);
    const person = await signUp(api, mailDir);
    expect((await invite(a.id, person.email, 'trainer')).status).toBe(201);
    const tokenA = await invitationToken(person.email);
    expect((await request('POST', '/api/invitations/accept', { as: person, body: { token: tokenA } })).status).toBe(200);
    expect((await invite(b.id, person.email, 'learner')).status).toBe(201);
    const tokenB = await invitationToken(person.email, [tokenA]);
    expect((await request('POST', '/api/invitations/accept', { as: person, body: { token: tokenB } })).status).toBe(200);

    const mine = (await listAll('/api/organisations', person, 1)) as { id: string; role: string }[];
    expect(mine.map((o) => [o.id, o.role])).toEqual([
      [a.id, 'trainer'],
      [b.id, 'learner'],
    ]);

    const all = (await listAll(`/api/organisations?q=${tag}`, platformAdmin, 2)) as { id: string; role: string | null }[];
    expect(all.map((o) => o.id)).toEqual([a.id, b.id, c.id]);
    expect(all.every((o) => o.role === null)).toBe(true);

    const percent = await request('GET', `/api/organisations?q=${encodeURIComponent(`100% ${tag}`)}`, { as: platformAdmin });
    expect(percent.body.items.map((o: { id: string }) => o.id)).toEqual([b.id]);
    const literal = await request('GET', `/api/organisations?q=${encodeURIComponent(`%${tag}`)}`, { as: platformAdmin });
    expect(literal.body.items).toEqual([]);
    expect((await request('GET', '/api/organisations')).status).toBe(401);
  });
});

// ── invitations ─────────────────────────────────────────────────────────────────

describe('invitation of a new person', () => {
  it('mails a single-use link; the invitee previews it, creates an account on accepting, and is a member with that role', async () => {
    const org = await createOrg();
    const email = newEmail();
    const password = newPassword();

    const created = await invite(org.id, email.toUpperCase(), 'trainer');
    expect(created.status, created.text).toBe(201);
    expect(created.body).toEqual({ id: expect.any(String), email, role: 'trainer', expiresAt: expect.any(String) });
    const days = (new Date(created.body.expiresAt).getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.9);
    expect(days).toBeLessThanOrEqual(7);

    const token = await invitationToken(email);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const [mail] = await mailsTo(mailDir, email);
    expect(mail!.subject).toContain(org.name);
    expect(mail!.text).toContain(`${PUBLIC_ORIGIN}${ACCEPT_PATH}?token=${token}`);
    // Only the SHA-256 of the token is stored.
    const { rows } = await db.query<{ token_hash: string }>(`SELECT token_hash FROM invitations WHERE id = $1`, [created.body.id]);
    expect(rows[0]!.token_hash).toBe(sha256(token));

    const preview = await request('GET', `/api/invitations/preview?token=${token}`);
    expect(preview.status).toBe(200);
    expect(preview.body).toEqual({ organisationName: org.name, role: 'trainer', email, expiresAt: created.body.expiresAt, accountExists: false });

    const missing = await request('POST', '/api/invitations/accept', { body: { token } });
    expect(missing.status).toBe(400);
    expect(missing.body.details.fields.map((f: { field: string }) => f.field).sort()).toEqual(['displayName', 'password']);
    const weak = await request('POST', '/api/invitations/accept', { body: { token, displayName: 'Nova Pessoa', password: 'short' } });
    expect(weak.status).toBe(400);
    expect(weak.body.details.fields.map((f: { field: string }) => f.field)).toEqual(['password']);
    // A refused password does not use up the invitation.
    expect((await request('GET', `/api/invitations/preview?token=${token}`)).status).toBe(200);

    const accepted = await request('POST', '/api/invitations/accept', { body: { token, displayName: 'Nova Pessoa', password } });
    expect(accepted.status, accepted.text).toBe(200);
    expect(accepted.body).toEqual({ organisationId: org.id, organisationName: org.name, role: 'trainer' });

    const accessToken = await logIn(api, email, password);
    const me = await request('GET', '/api/me', { as: accessToken });
    expect(me.body).toMatchObject({ email, displayName: 'Nova Pessoa' });
    const asMember = await request('GET', `/api/organisations/${org.id}`, { as: accessToken });
    expect(asMember.status).toBe(200);
    expect(asMember.body).toMatchObject({ role: 'trainer', memberCount: 1 });

    // Single use: a second accept is a conflict that says to sign in.
    const again = await request('POST', '/api/invitations/accept', { body: { token, displayName: 'Someone', password: newPassword() } });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'CONFLICT', message: 'This invitation has already been accepted: sign in to continue' });
    expect((await request('GET', `/api/invitations/preview?token=${token}`)).status).toBe(404);

    const events = (await listAll(`/api/organisations/${org.id}/audit-events`, platformAdmin, 50)) as {
      action: string;
      actorUserId: string;
      metadata: Record<string, unknown>;
    }[];
    expect(events.map((e) => e.action)).toEqual(['invitation.accepted', 'invitation.created', 'organisation.created']);
    expect(events[0]).toMatchObject({ actorUserId: me.body.id, metadata: { role: 'trainer', accountCreated: true } });
  });
});

describe('invitation of someone with an account', () => {
  it('asks them to sign in, refuses another account, and adds them when signed in as the invited address', async () => {
    const org = await createOrg();
    const invitee = await signUp(api, mailDir);
    const stranger = await signUp(api, mailDir);
    expect((await invite(org.id, invitee.email, 'learner')).status).toBe(201);
    const token = await invitationToken(invitee.email);

    expect((await request('GET', `/api/invitations/preview?token=${token}`)).body).toMatchObject({ accountExists: true, email: invitee.email });

    const anonymous = await request('POST', '/api/invitations/accept', { body: { token, displayName: 'X', password: newPassword() } });
    expect(anonymous.status).toBe(409);
    expect(anonymous.body.message).toBe(`Sign in as ${invitee.email} to accept`);

    const wrong = await request('POST', '/api/invitations/accept', { as: stranger, body: { token } });
    expect(wrong.status).toBe(403);
    expect(wrong.body.message).toBe('This invitation is for another email address');
    expect((await request('GET', `/api/organisations/${org.id}`, { as: stranger })).status).toBe(404);

    const accepted = await request('POST', '/api/invitations/accept', { as: invitee, body: { token } });
    expect(accepted.status, accepted.text).toBe(200);
    expect(accepted.body).toEqual({ organisationId: org.id, organisationName: org.name, role: 'learner' });
    expect((await request('GET', `/api/organisations/${org.id}`, { as: invitee })).body.role).toBe('learner');
    const me = await request('GET', '/api/me', { as: invitee });
    expect(me.body.memberships).toEqual([
      { organisationId: org.id, organisationName: org.name, role: 'learner', support: { safeguardingContact: null, supportLine: null } },
    ]);

    // Already a member: inviting again is a conflict, whatever the case of the address.
    const twice = await invite(org.id, invitee.email.toUpperCase(), 'trainer');
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('CONFLICT');
  });

  it('keeps the higher role when the invitee is already a member', async () => {
    const org = await createOrg();
    const member = await newMember(org.id, 'org_admin');
    const repository = api.app.get(OrganisationsRepository);
    // An invitation that predates the membership (the API refuses to create one for a member).
    const token = randomBytes(32).toString('base64url');
    await repository.createInvitation({
      organisationId: org.id,
      email: member.email,
      role: 'learner',
      tokenHash: sha256(token),
      invitedBy: platformAdmin.userId,
      expiresAt: new Date(Date.now() + 3_600_000),
    });
    const accepted = await request('POST', '/api/invitations/accept', { as: member, body: { token } });
    expect(accepted.status, accepted.text).toBe(200);
    expect(accepted.body.role).toBe('org_admin');
    expect((await request('GET', `/api/organisations/${org.id}`, { as: member })).body.role).toBe('org_admin');
  });

  it('lets only one of two simultaneous accepts of the same token through', async () => {
    const org = await createOrg();
    const invitee = await signUp(api, mailDir);
    expect((await invite(org.id, invitee.email, 'trainer')).status).toBe(201);
    const token = await invitationToken(invitee.email);
    const replies = await Promise.all([1, 2, 3].map(() => request('POST', '/api/invitations/accept', { as: invitee, body: { token } })));
    expect(replies.map((r) => r.status).sort()).toEqual([200, 409, 409]);
    const { rows } = await db.query(`SELECT action FROM audit_events WHERE organisation_id = $1 AND action = 'invitation.accepted'`, [org.id]);
    expect(rows).toHaveLength(1);
  });
});

describe('simultaneous accepts that create the account', () => {
  it('20 at once: one creates the account and joins (200), the other 19 are told to sign in (409), none fails', async () => {
    const org = await createOrg();
    const email = newEmail();
    expect((await invite(org.id, email, 'learner')).status).toBe(201);
    const token = await invitationToken(email);
    const replies = await Promise.all(
      Array.from({ length: 20 }, (_, i) => request('POST', '/api/invitations/accept', { body: { token, displayName: `Racer ${i}`, password: newPassword() } })),
    );
    const statuses = replies.map((r) => r.status);
    expect(
      statuses.filter((s) => s === 200),
      statuses.join(','),
    ).toHaveLength(1);
    expect(
      statuses.filter((s) => s === 409),
      statuses.join(','),
    ).toHaveLength(19);
    for (const conflict of replies.filter((r) => r.status === 409)) {
      expect(conflict.body).toMatchObject({ statusCode: 409, code: 'CONFLICT', requestId: expect.any(String) });
      expect(conflict.body.message).toMatch(/sign in/i);
    }
    const users = await db.query(`SELECT id FROM users WHERE email = $1`, [email]);
    expect(users.rows).toHaveLength(1);
    const members = await db.query(`SELECT user_id, role FROM memberships WHERE organisation_id = $1`, [org.id]);
    expect(members.rows).toEqual([{ user_id: users.rows[0].id, role: 'learner' }]);
    const accepted = await db.query(`SELECT 1 FROM audit_events WHERE organisation_id = $1 AND action = 'invitation.accepted'`, [org.id]);
    expect(accepted.rows).toHaveLength(1);
  });
});

describe('invitation tokens that no longer work', () => {
  it('refuses an expired token (preview 404, accept 400)', async () => {
    const org = await createOrg();
    const email = newEmail();
    const created = await invite(org.id, email, 'learner');
    const token = await invitationToken(email);
    await db.query(`UPDATE invitations SET expires_at = now() - interval '1 minute' WHERE id = $1`, [created.body.id]);
    expect((await request('GET', `/api/invitations/preview?token=${token}`)).status).toBe(404);
    const accept = await request('POST', '/api/invitations/accept', { body: { token, displayName: 'Late', password: newPassword() } });
    expect(accept.status).toBe(400);
    expect(accept.body.details.fields[0].field).toBe('token');
    expect((await request('GET', `/api/organisations/${org.id}/invitations`, { as: platformAdmin })).body.items).toEqual([]);
  });

  it('refuses a revoked token; revoking twice is a conflict; an unknown token looks the same as a used one', async () => {
    const org = await createOrg();
    const email = newEmail();
    const created = await invite(org.id, email, 'learner');
    const token = await invitationToken(email);

    const revoked = await request('DELETE', `/api/organisations/${org.id}/invitations/${created.body.id}`, { as: platformAdmin });
    expect(revoked.status).toBe(204);
    expect((await request('GET', `/api/invitations/preview?token=${token}`)).status).toBe(404);
    expect((await request('POST', '/api/invitations/accept', { body: { token, displayName: 'X', password: newPassword() } })).status).toBe(400);
    expect((await request('DELETE', `/api/organisations/${org.id}/invitations/${created.body.id}`, { as: platformAdmin })).status).toBe(409);

    expect((await request('GET', `/api/invitations/preview?token=${randomBytes(32).toString('base64url')}`)).status).toBe(404);
    expect((await request('GET', '/api/invitations/preview')).status).toBe(400);
    const events = await request('GET', `/api/organisations/${org.id}/audit-events`, { as: platformAdmin });
    expect(events.body.items[0]).toMatchObject({ action: 'invitation.revoked', targetId: created.body.id });
  });

  it('replaces a pending invitation when the same address is invited again', async () => {
    const org = await createOrg();
    const email = newEmail();
    const first = await invite(org.id, email, 'learner');
    const firstToken = await invitationToken(email);
    const second = await invite(org.id, email, 'trainer');
    const secondToken = await invitationToken(email, [firstToken]);

    expect((await request('GET', `/api/invitations/preview?token=${firstToken}`)).status).toBe(404);
    expect((await request('GET', `/api/invitations/preview?token=${secondToken}`)).body.role).toBe('trainer');
    const pending = await request('GET', `/api/organisations/${org.id}/invitations`, { as: platformAdmin });
    expect(pending.body.items.map((i: { id: string }) => i.id)).toEqual([second.body.id]);
    const { rows } = await db.query(`SELECT revoked_at FROM invitations WHERE id = $1`, [first.body.id]);
    expect(rows[0].revoked_at).not.toBeNull();
  });

  it('lists pending invitations newest first, every one exactly once across pages', async () => {
    const org = await createOrg();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await invite(org.id, newEmail(), 'learner')).body.id);
    const listed = (await listAll(`/api/organisations/${org.id}/invitations`, platformAdmin, 2)) as { id: string; createdAt: string }[];
    expect(listed.map((i) => i.id)).toEqual([...ids].reverse());
    expect((await request('GET', `/api/organisations/${org.id}/invitations?cursor=bm9wZQ`, { as: platformAdmin })).status).toBe(400);
  });

  it('limits invitations to 50 an hour per organisation (429 with Retry-After)', async () => {
    const org = await createOrg();
    for (let i = 0; i < 50; i++) {
      const res = await invite(org.id, newEmail(), 'learner');
      expect(res.status, res.text).toBe(201);
    }
    const limited = await invite(org.id, newEmail(), 'learner');
    expect(limited.status).toBe(429);
    expect(limited.body.code).toBe('RATE_LIMITED');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(limited.headers.get('retry-after'))).toBeLessThanOrEqual(3600);
    // Another organisation has its own allowance.
    expect((await invite((await createOrg()).id, newEmail(), 'learner')).status).toBe(201);
  });
});

// ── members ─────────────────────────────────────────────────────────────────────

describe('changing roles and removing members', () => {
  it('never leaves an organisation without an org admin', async () => {
    const org = await createOrg();
    const alice = await newMember(org.id, 'org_admin', 'Alice Admin');
    const bruno = await newMember(org.id, 'trainer', 'Bruno Trainer');
    const members = `/api/organisations/${org.id}/members`;

    const selfDemote = await request('PATCH', `${members}/${alice.userId}`, { as: alice, body: { role: 'trainer' } });
    expect(selfDemote.status).toBe(422);
    expect(selfDemote.body.code).toBe('LAST_ORG_ADMIN');
    expect((await request('DELETE', `${members}/${alice.userId}`, { as: alice })).status).toBe(422);
    // The rule binds platform admins too.
    expect((await request('PATCH', `${members}/${alice.userId}`, { as: platformAdmin, body: { role: 'learner' } })).status).toBe(422);

    const promoted = await request('PATCH', `${members}/${bruno.userId}`, { as: alice, body: { role: 'org_admin' } });
    expect(promoted.status, promoted.text).toBe(200);
    expect(promoted.body).toEqual({ userId: bruno.userId, displayName: 'Bruno Trainer', email: bruno.email, role: 'org_admin', joinedAt: expect.any(String) });

    expect((await request('PATCH', `${members}/${alice.userId}`, { as: alice, body: { role: 'trainer' } })).status).toBe(200);
    expect((await request('DELETE', `${members}/${bruno.userId}`, { as: bruno })).status).toBe(422);
    expect((await request('DELETE', `${members}/${alice.userId}`, { as: bruno })).status).toBe(204);
    expect((await request('GET', `/api/organisations/${org.id}`, { as: alice })).status).toBe(404);
    expect((await request('DELETE', `${members}/${alice.userId}`, { as: bruno })).status).toBe(404);

    const events = (await listAll(`/api/organisations/${org.id}/audit-events`, bruno, 50)) as { action: string; targetId: string; metadata: unknown }[];
    const changes = events.filter((e) => e.action.startsWith('membership.'));
    expect(changes).toEqual([
      expect.objectContaining({ action: 'membership.removed', targetId: alice.userId, metadata: { role: 'trainer' } }),
      expect.objectContaining({ action: 'membership.role_changed', targetId: alice.userId, metadata: { from: 'org_admin', to: 'trainer' } }),
      expect.objectContaining({ action: 'membership.role_changed', targetId: bruno.userId, metadata: { from: 'trainer', to: 'org_admin' } }),
    ]);
  });

  it('lets only one of two org admins demoting each other at once succeed', async () => {
    const org = await createOrg();
    const a = await newMember(org.id, 'org_admin');
    const b = await newMember(org.id, 'org_admin');
    const replies = await Promise.all([
      request('PATCH', `/api/organisations/${org.id}/members/${b.userId}`, { as: a, body: { role: 'learner' } }),
      request('PATCH', `/api/organisations/${org.id}/members/${a.userId}`, { as: b, body: { role: 'learner' } }),
    ]);
    const statuses = replies.map((r) => r.status).sort();
    // One demotion wins; the other either meets the last-admin rule or finds its caller already demoted.
    expect(statuses[0]).toBe(200);
    expect([403, 422]).toContain(statuses[1]);
    const { rows } = await db.query(`SELECT count(*)::int AS n FROM memberships WHERE organisation_id = $1 AND role = 'org_admin'`, [org.id]);
    expect(rows[0].n).toBe(1);
  });

  it('answers 404 for someone who is not a member of this organisation, even if they are of another', async () => {
    const orgA = await createOrg();
    const orgB = await createOrg();
    const adminA = await newMember(orgA.id, 'org_admin');
    const learnerB = await newMember(orgB.id, 'learner', undefined, { signIn: false });
    for (const userId of [learnerB.userId, randomUUID()]) {
      const patch = await request('PATCH', `/api/organisations/${orgA.id}/members/${userId}`, { as: adminA, body: { role: 'trainer' } });
      expect(patch.status).toBe(404);
      expect(patch.body.code).toBe('NOT_FOUND');
      expect((await request('DELETE', `/api/organisations/${orgA.id}/members/${userId}`, { as: adminA })).status).toBe(404);
    }
    const { rows } = await db.query(`SELECT role FROM memberships WHERE organisation_id = $1 AND user_id = $2`, [orgB.id, learnerB.userId]);
    expect(rows).toEqual([{ role: 'learner' }]);
    expect((await request('PATCH', `/api/organisations/${orgA.id}/members/not-a-uuid`, { as: adminA, body: { role: 'trainer' } })).status).toBe(400);
    expect((await request('PATCH', `/api/organisations/${orgA.id}/members/${adminA.userId}`, { as: adminA, body: { role: 'owner' } })).status).toBe(400);
  });
});

describe('GET /api/organisations/{organisationId}/members', () => {
  let org: { id: string };
  let admin: Member;
  const people: { email: string; displayName: string; role: OrgRole }[] = [];

  beforeAll(async () => {
    org = await createOrg();
    admin = await newMember(org.id, 'org_admin', 'Org Admin');
    people.push({ email: admin.email, displayName: admin.displayName, role: 'org_admin' });
    const wanted: [string, OrgRole][] = [
      ['Ana Silva', 'learner'],
      ['mariana Costa', 'trainer'],
      ['Bruno 100% Certo', 'learner'],
      ['Carla_Sub', 'learner'],
      ['Dario Mendes', 'trainer'],
      ['Eva Ana', 'learner'],
      ['zoe', 'learner'],
      ['Zé', 'learner'],
    ];
    for (const [displayName, role] of wanted) {
      const m = await newMember(org.id, role, displayName, { signIn: false });
      people.push({ email: m.email, displayName, role });
    }
  });

  const members = (query = '') => `/api/organisations/${org.id}/members${query}`;
  const names = (items: unknown[]) => (items as { displayName: string }[]).map((i) => i.displayName);

  it('pages through every member exactly once, by name, with each one’s details', async () => {
    const all = (await listAll(members(), admin, 2)) as { userId: string; email: string; role: string; joinedAt: string }[];
    expect(all).toHaveLength(people.length);
    expect(new Set(all.map((m) => m.userId)).size).toBe(people.length);
    expect(new Set(all.map((m) => m.email))).toEqual(new Set(people.map((p) => p.email)));
    const { rows } = await db.query<{ name: string }>(
      `SELECT u.display_name AS name FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.organisation_id = $1 ORDER BY lower(u.display_name), u.id`,
      [org.id],
    );
    expect(names(all)).toEqual(rows.map((r) => r.name));
    const ana = all.find((m) => m.email === people[1]!.email)!;
    expect(ana).toMatchObject({ role: 'learner', joinedAt: expect.any(String) });
  });

  it('searches display names and emails case-insensitively, taking % and _ literally', async () => {
    const q = async (text: string) => names((await request('GET', members(`?q=${encodeURIComponent(text)}`), { as: admin })).body.items);
    // Names chosen to sort the same under any collation; emails (uuid@example.org) hold no "ana".
    expect(await q('ANA')).toEqual(['Ana Silva', 'Eva Ana', 'mariana Costa']);
    expect(await q('%')).toEqual(['Bruno 100% Certo']);
    expect(await q('_')).toEqual(['Carla_Sub']);
    expect(await q(people[4]!.email.slice(0, 13).toUpperCase())).toEqual([people[4]!.displayName]);
    expect(await q('nobody-here')).toEqual([]);
  });

  it('filters by role, alone or with a search, and paginates the filtered list', async () => {
    const trainers = names((await request('GET', members('?role=trainer'), { as: admin })).body.items);
    expect(trainers).toEqual(['Dario Mendes', 'mariana Costa']);
    expect(names((await request('GET', members('?role=trainer&q=ana'), { as: admin })).body.items)).toEqual(['mariana Costa']);
    // "n" appears in no email (hex uuid @example.org), so only names match.
    expect(names(await listAll(members('?role=learner&q=N'), admin, 1))).toEqual(['Ana Silva', 'Bruno 100% Certo', 'Eva Ana']);
    expect((await request('GET', members('?role=owner'), { as: admin })).status).toBe(400);
    expect((await request('GET', members('?limit=0'), { as: admin })).status).toBe(400);
    const tampered = Buffer.from(JSON.stringify([1, 'x'])).toString('base64url');
    expect((await request('GET', members(`?cursor=${tampered}`), { as: admin })).status).toBe(400);
  });

  it('never shows deleted accounts, nor counts them', async () => {
    const org2 = await createOrg();
    const admin2 = await newMember(org2.id, 'org_admin');
    const gone = await newMember(org2.id, 'learner', 'Gone Person', { signIn: false });
    // As account deletion leaves the row (anonymised); here the membership is even left behind.
    await db.query(`UPDATE users SET deleted_at = now(), email = 'deleted+' || id || '@users.invalid', display_name = 'Deleted' WHERE id = $1`, [gone.userId]);
    const listed = await request('GET', `/api/organisations/${org2.id}/members`, { as: admin2 });
    expect(listed.body.items.map((m: { userId: string }) => m.userId)).toEqual([admin2.userId]);
    expect((await request('GET', `/api/organisations/${org2.id}`, { as: admin2 })).body.memberCount).toBe(1);
    expect((await request('PATCH', `/api/organisations/${org2.id}/members/${gone.userId}`, { as: admin2, body: { role: 'trainer' } })).status).toBe(404);
  });
});

// ── refusals ────────────────────────────────────────────────────────────────────

describe('who may do what', () => {
  let orgA: { id: string; name: string };
  let orgB: { id: string; name: string };
  let adminA: Member;
  let trainerA: Member;
  let learnerA: Member;
  let adminB: Member;
  let learnerB: Member;
  let invitationA: string;
  let invitationB: string;

  beforeAll(async () => {
    orgA = await createOrg(`Secret Shelter ${short()}`);
    orgB = await createOrg(`Other Org ${short()}`);
    adminA = await newMember(orgA.id, 'org_admin', 'Hidden Admin A');
    trainerA = await newMember(orgA.id, 'trainer', 'Hidden Trainer A');
    learnerA = await newMember(orgA.id, 'learner', 'Hidden Learner A');
    adminB = await newMember(orgB.id, 'org_admin', 'Admin B');
    learnerB = await newMember(orgB.id, 'learner', 'Learner B');
    invitationA = (await invite(orgA.id, `pending-a-${short()}@example.org`, 'learner', adminA)).body.id;
    invitationB = (await invite(orgB.id, `pending-b-${short()}@example.org`, 'learner', adminB)).body.id;
  });

  /** Every route of organisation A with a valid body (only access decides the answer), and the least role it needs. */
  const routesOfA = (): { method: string; path: string; body?: unknown; min: OrgRole }[] => [
    { method: 'GET', path: `/api/organisations/${orgA.id}`, min: 'learner' },
    { method: 'PATCH', path: `/api/organisations/${orgA.id}`, body: { name: 'Taken over' }, min: 'org_admin' },
    { method: 'GET', path: `/api/organisations/${orgA.id}/members`, min: 'trainer' },
    { method: 'GET', path: `/api/organisations/${orgA.id}/members?q=Hidden`, min: 'trainer' },
    { method: 'PATCH', path: `/api/organisations/${orgA.id}/members/${learnerA.userId}`, body: { role: 'org_admin' }, min: 'org_admin' },
    { method: 'DELETE', path: `/api/organisations/${orgA.id}/members/${learnerA.userId}`, min: 'org_admin' },
    { method: 'POST', path: `/api/organisations/${orgA.id}/invitations`, body: { email: newEmail(), role: 'org_admin' }, min: 'org_admin' },
    { method: 'GET', path: `/api/organisations/${orgA.id}/invitations`, min: 'org_admin' },
    { method: 'DELETE', path: `/api/organisations/${orgA.id}/invitations/${invitationA}`, min: 'org_admin' },
    { method: 'GET', path: `/api/organisations/${orgA.id}/audit-events`, min: 'org_admin' },
  ];

  const secretsOfA = () => [orgA.name, adminA.email, trainerA.email, learnerA.email, 'Hidden', invitationA];

  it('answers 404 to a member of another organisation on every route of A, revealing nothing', async () => {
    for (const caller of [adminB, learnerB]) {
      for (const route of routesOfA()) {
        const res = await request(route.method, route.path, { as: caller, body: route.body });
        expect(res.status, `${route.method} ${route.path}`).toBe(404);
        expect(res.body.code).toBe('NOT_FOUND');
        for (const secret of secretsOfA()) expect(res.text).not.toContain(secret);
      }
    }
    const list = await request('GET', '/api/organisations', { as: adminB });
    expect(list.body.items.map((o: { id: string }) => o.id)).toEqual([orgB.id]);
    for (const secret of secretsOfA()) expect(list.text).not.toContain(secret);
    // Nothing changed in A.
    expect((await request('GET', `/api/organisations/${orgA.id}`, { as: learnerA })).body).toMatchObject({ name: orgA.name, memberCount: 3, role: 'learner' });
    const pending = await request('GET', `/api/organisations/${orgA.id}/invitations`, { as: adminA });
    expect(pending.body.items.map((i: { id: string }) => i.id)).toEqual([invitationA]);
  });

  it('answers 404 for an organisation that does not exist or a malformed id', async () => {
    for (const id of [randomUUID(), 'not-a-uuid']) {
      expect((await request('GET', `/api/organisations/${id}`, { as: adminA })).status).toBe(404);
      expect((await request('GET', `/api/organisations/${id}`, { as: platformAdmin })).status).toBe(404);
    }
  });

  it('answers 401 to anonymous callers on every organisation route', async () => {
    const routes = [
      ...routesOfA(),
      { method: 'GET', path: '/api/organisations' },
      { method: 'POST', path: '/api/organisations', body: { name: 'Anon' } },
      { method: 'GET', path: '/api/audit-events' },
    ];
    for (const route of routes) {
      const res = await request(route.method, route.path, { body: route.body });
      expect(res.status, `${route.method} ${route.path}`).toBe(401);
      for (const secret of secretsOfA()) expect(res.text).not.toContain(secret);
    }
  });

  it('gives learners and trainers only what their role allows (403 beyond it)', async () => {
    expect((await request('GET', `/api/organisations/${orgA.id}`, { as: learnerA })).status).toBe(200);
    const learnerList = await request('GET', `/api/organisations/${orgA.id}/members`, { as: learnerA });
    expect(learnerList.status).toBe(403);
    expect(learnerList.body.code).toBe('FORBIDDEN');
    expect((await request('GET', `/api/organisations/${orgA.id}/members`, { as: trainerA })).status).toBe(200);

    const trainerInvite = await invite(orgA.id, newEmail(), 'learner', trainerA);
    expect(trainerInvite.status).toBe(403);
    expect(trainerInvite.body.code).toBe('FORBIDDEN');
    for (const route of routesOfA()) {
      if (route.min !== 'learner') {
        const res = await request(route.method, route.path, { as: learnerA, body: route.body });
        expect(res.status, `learner: ${route.method} ${route.path}`).toBe(403);
      }
      if (route.min === 'org_admin') {
        const res = await request(route.method, route.path, { as: trainerA, body: route.body });
        expect(res.status, `trainer: ${route.method} ${route.path}`).toBe(403);
        expect(res.body.code).toBe('FORBIDDEN');
      }
    }
    expect((await request('GET', '/api/audit-events', { as: adminA })).status).toBe(403);
    expect((await request('POST', '/api/organisations', { as: adminA, body: { name: 'Mine now' } })).status).toBe(403);
  });

  it('refuses ids of organisation B inside organisation A’s routes (404), leaving B untouched', async () => {
    const revoke = await request('DELETE', `/api/organisations/${orgA.id}/invitations/${invitationB}`, { as: adminA });
    expect(revoke.status).toBe(404);
    const pendingB = await request('GET', `/api/organisations/${orgB.id}/invitations`, { as: adminB });
    expect(pendingB.body.items.map((i: { id: string }) => i.id)).toEqual([invitationB]);

    expect((await request('PATCH', `/api/organisations/${orgA.id}/members/${learnerB.userId}`, { as: adminA, body: { role: 'org_admin' } })).status).toBe(404);
    expect((await request('DELETE', `/api/organisations/${orgA.id}/members/${learnerB.userId}`, { as: adminA })).status).toBe(404);
    const membersB = await request('GET', `/api/organisations/${orgB.id}/members`, { as: adminB });
    expect(membersB.body.items).toContainEqual(expect.objectContaining({ userId: learnerB.userId, role: 'learner' }));
  });

  it('lets platform admins into any organisation without being a member', async () => {
    const seen = await request('GET', `/api/organisations/${orgA.id}`, { as: platformAdmin });
    expect(seen.body).toMatchObject({ id: orgA.id, role: null, memberCount: 3 });
    expect((await request('GET', `/api/organisations/${orgA.id}/members`, { as: platformAdmin })).body.items).toHaveLength(3);
  });

  it('shows audit events only to org admins of that organisation, and only that organisation’s', async () => {
    const eventsA = (await listAll(`/api/organisations/${orgA.id}/audit-events`, adminA, 3)) as { organisationId: string; action: string; ip: string | null }[];
    expect(eventsA.length).toBeGreaterThanOrEqual(8);
    expect(eventsA.every((e) => e.organisationId === orgA.id)).toBe(true);
    expect(eventsA.every((e) => e.ip === null)).toBe(true);
    expect(new Set(eventsA.map((e) => e.action))).toEqual(new Set(['organisation.created', 'invitation.created', 'invitation.accepted']));
    for (const secret of [orgB.name, adminB.email, invitationB]) expect(JSON.stringify(eventsA)).not.toContain(secret);

    expect((await request('GET', `/api/organisations/${orgA.id}/audit-events`, { as: trainerA })).status).toBe(403);
    expect((await request('GET', `/api/organisations/${orgA.id}/audit-events`, { as: adminB })).status).toBe(404);

    const everything = await request('GET', '/api/audit-events?limit=100', { as: platformAdmin });
    expect(everything.status).toBe(200);
    expect(everything.body.items.some((e: { organisationId: string }) => e.organisationId === orgB.id)).toBe(true);
    expect(everything.body.items.some((e: { ip: string | null }) => e.ip !== null)).toBe(true);
  });
});
