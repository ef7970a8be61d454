import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EmailToken, RefreshToken, Session, User } from '../../src/modules/identity/identity.entities.js';
import { IdentityRepository, KNOWN_DEVICE_DAYS } from '../../src/modules/identity/identity.repository.js';
import { newMembership, newOrganisation, newUser, uid } from '../support/factories.js';
import { openRepositoryDatabase, type RepositoryDatabase } from '../support/repository-db.js';

let rdb: RepositoryDatabase;
let repo: IdentityRepository;
beforeAll(async () => {
  rdb = await openRepositoryDatabase();
  const { db } = rdb;
  repo = new IdentityRepository(db, db.getRepository(User), db.getRepository(Session), db.getRepository(RefreshToken), db.getRepository(EmailToken));
});
afterAll(() => rdb?.close());
beforeEach(() => rdb.reset());

const MISSING = '7d0f4c62-3b7e-4f7a-9a57-0b6f0a0e9d11';
const later = (ms = 3_600_000) => new Date(Date.now() + ms);
const email = () => `${uid()}@example.org`;
const session = (userId: string, expiresAt = later()) => repo.createSession({ userId, expiresAt, userAgent: 'test', ip: '10.0.0.1' });

describe('users', () => {
  it('findUserByEmail and findUserById leave deleted accounts out', async () => {
    const live = await newUser(rdb.db);
    const gone = await newUser(rdb.db, { deletedAt: new Date() });
    expect(await repo.findUserByEmail(live.email)).toMatchObject({ id: live.id });
    expect(await repo.findUserById(live.id)).toMatchObject({ email: live.email });
    expect(await repo.findUserByEmail(gone.email)).toBeNull();
    expect(await repo.findUserById(gone.id)).toBeNull();
    expect(await repo.findUserById(MISSING)).toBeNull();
  });

  it('insertUserOrTouch creates once, then touches the same row without changing it', async () => {
    const e = email();
    const first = await repo.insertUserOrTouch({ email: e, displayName: 'First', passwordHash: 'h1' });
    expect(first.created).toBe(true);
    const again = await repo.insertUserOrTouch({ email: e, displayName: 'Second', passwordHash: 'h2' });
    expect(again).toEqual({ id: first.id, created: false });
    expect(await repo.findUserById(first.id)).toMatchObject({ displayName: 'First', passwordHash: 'h1' });
  });

  it('createUser stores an unverified user by default; createUserUnlessEmailTaken answers null on a taken address', async () => {
    const e = email();
    const user = await repo.createUser({ email: e, displayName: 'Ada', passwordHash: 'h' });
    expect(user).toMatchObject({ email: e, displayName: 'Ada', emailVerifiedAt: null, isPlatformAdmin: false, deletedAt: null });
    expect(await repo.createUserUnlessEmailTaken({ email: e, displayName: 'Twin', passwordHash: 'h' })).toBeNull();
    const verified = await repo.createUserUnlessEmailTaken({ email: email(), displayName: 'V', passwordHash: null, emailVerifiedAt: new Date() });
    expect(verified!.emailVerifiedAt).toBeInstanceOf(Date);
  });

  it('createUserUnlessEmailTaken rethrows other database errors (an upper-case email breaks chk_users_email)', async () => {
    await expect(repo.createUserUnlessEmailTaken({ email: 'UPPER@example.org', displayName: 'U', passwordHash: 'h' })).rejects.toThrow(/chk_users_email/);
  });

  it('of two concurrent registrations of one address exactly one creates the account', async () => {
    const e = email();
    const results = await Promise.all([
      repo.createUserUnlessEmailTaken({ email: e, displayName: 'A', passwordHash: 'h' }),
      repo.createUserUnlessEmailTaken({ email: e, displayName: 'B', passwordHash: 'h' }),
    ]);
    expect(results.filter(Boolean)).toHaveLength(1);
    const touched = await Promise.all([
      repo.insertUserOrTouch({ email: email(), displayName: 'C', passwordHash: 'h' }),
      repo.insertUserOrTouch({ email: e, displayName: 'D', passwordHash: 'h' }),
    ]);
    expect(touched.map((t) => t.created)).toEqual([true, false]);
  });

  it('updateUser changes the given fields of that user only', async () => {
    const a = await newUser(rdb.db, { displayName: 'A' });
    const b = await newUser(rdb.db, { displayName: 'B' });
    await repo.updateUser(a.id, { displayName: 'A2', passwordHash: 'new' });
    expect(await repo.findUserById(a.id)).toMatchObject({ displayName: 'A2', passwordHash: 'new' });
    expect(await repo.findUserById(b.id)).toMatchObject({ displayName: 'B' });
  });

  it('anonymiseUser erases identity, tokens and devices, revokes live sessions, and frees the address', async () => {
    const user = await newUser(rdb.db, { isPlatformAdmin: true });
    const other = await newUser(rdb.db);
    const live = await session(user.id);
    const otherSession = await session(other.id);
    await repo.addEmailToken(user.id, 'verify_email', `t-${uid()}`, later());
    await repo.rememberDevice(user.id, 'device-1');
    await repo.rememberDevice(other.id, 'device-1');
    await repo.anonymiseUser(user.id);

    const [row] = await rdb.db.query(`SELECT email, display_name, password_hash, is_platform_admin, deleted_at FROM users WHERE id = $1`, [user.id]);
    expect(row).toMatchObject({ email: `deleted+${user.id}@users.invalid`, display_name: 'Deleted user', password_hash: null, is_platform_admin: false });
    expect(row.deleted_at).toBeInstanceOf(Date);
    expect(await rdb.db.query(`SELECT 1 FROM email_tokens WHERE user_id = $1`, [user.id])).toEqual([]);
    expect(await repo.listKnownDevices(user.id)).toEqual([]);
    expect((await repo.listSessions(user.id))[0]).toMatchObject({ id: live.id, revokedReason: 'account_deleted' });
    expect(await repo.findLiveActor(otherSession.id, other.id)).not.toBeNull();
    expect(await repo.listKnownDevices(other.id)).toHaveLength(1);
    expect(await repo.createUserUnlessEmailTaken({ email: user.email, displayName: 'New', passwordHash: 'h' })).not.toBeNull();
  });
});

describe('sign-in and known devices', () => {
  it('findUserForSignIn tells whether the device is a known one of this account', async () => {
    const user = await newUser(rdb.db);
    const other = await newUser(rdb.db);
    await repo.rememberDevice(user.id, 'mine');
    await repo.rememberDevice(other.id, 'theirs');
    expect(await repo.findUserForSignIn(user.email, 'mine')).toMatchObject({ user: { id: user.id }, knownDevice: true });
    expect((await repo.findUserForSignIn(user.email, 'theirs')).knownDevice).toBe(false);
    expect((await repo.findUserForSignIn(user.email, null)).knownDevice).toBe(false);
    expect(await repo.findUserForSignIn('nobody@example.org', 'mine')).toEqual({ user: null, knownDevice: false });
  });

  it(`a device unseen for ${KNOWN_DEVICE_DAYS} days is a stranger again, and rememberDevice prunes it`, async () => {
    const user = await newUser(rdb.db);
    await repo.rememberDevice(user.id, 'old');
    await repo.rememberDevice(user.id, 'recent');
    await rdb.db.query(`UPDATE known_devices SET last_seen_at = now() - make_interval(days => $2 + 1) WHERE user_id = $1 AND device_hash = 'old'`, [
      user.id,
      KNOWN_DEVICE_DAYS,
    ]);
    expect((await repo.findUserForSignIn(user.email, 'old')).knownDevice).toBe(false);
    await repo.rememberDevice(user.id, 'recent');
    expect((await repo.listKnownDevices(user.id)).map((d) => d.deviceHash)).toEqual(['recent']);
  });

  it('findUserForSignIn ignores deleted accounts', async () => {
    const gone = await newUser(rdb.db, { deletedAt: new Date() });
    expect((await repo.findUserForSignIn(gone.email, null)).user).toBeNull();
  });

  it('rememberDevice refreshes last_seen_at of a known browser; listKnownDevices is most recent first', async () => {
    const user = await newUser(rdb.db);
    await repo.rememberDevice(user.id, 'a');
    await repo.rememberDevice(user.id, 'b');
    await rdb.db.query(`UPDATE known_devices SET last_seen_at = now() - interval '1 day', first_seen_at = now() - interval '2 days' WHERE user_id = $1`, [
      user.id,
    ]);
    await repo.rememberDevice(user.id, 'a');
    const devices = await repo.listKnownDevices(user.id);
    expect(devices.map((d) => d.deviceHash)).toEqual(['a', 'b']);
    expect(devices[0]!.firstSeenAt.getTime()).toBeLessThan(devices[0]!.lastSeenAt.getTime() - 86_400_000);
  });
});

describe('sessions', () => {
  it('findLiveActor: only a live, unexpired session of that user, with the user and their memberships, in one statement', async () => {
    const user = await newUser(rdb.db);
    const other = await newUser(rdb.db);
    const live = await session(user.id);
    const expired = await session(user.id, new Date(Date.now() - 1000));
    const revoked = await session(user.id);
    await repo.revokeSession(revoked.id, 'signed_out');
    expect(await repo.findLiveActor(live.id, user.id)).toEqual({ sessionId: live.id, userId: user.id, isPlatformAdmin: false, memberships: [] });
    const org = await newOrganisation(rdb.db);
    await newMembership(rdb.db, org.id, user.id, 'trainer');
    expect((await repo.findLiveActor(live.id, user.id))?.memberships).toEqual([{ organisationId: org.id, role: 'trainer' }]);
    expect(await repo.findLiveActor(live.id, other.id)).toBeNull();
    expect(await repo.findLiveActor(expired.id, user.id)).toBeNull();
    expect(await repo.findLiveActor(revoked.id, user.id)).toBeNull();
  });

  it('findLiveActor: null once the account is deleted (even before its sessions are revoked)', async () => {
    const user = await newUser(rdb.db);
    const s = await session(user.id);
    await rdb.db.query(`UPDATE users SET deleted_at = now() WHERE id = $1`, [user.id]);
    expect(await repo.findLiveActor(s.id, user.id)).toBeNull();
  });

  it('listSessions: the user’s sessions newest first', async () => {
    const user = await newUser(rdb.db);
    const a = await session(user.id);
    const b = await session(user.id);
    await rdb.db.query(`UPDATE sessions SET created_at = now() - interval '1 hour' WHERE id = $1`, [a.id]);
    await session((await newUser(rdb.db)).id);
    expect((await repo.listSessions(user.id)).map((s) => s.id)).toEqual([b.id, a.id]);
  });

  it('touchSession moves last_used_at; revokeSession keeps the first reason', async () => {
    const user = await newUser(rdb.db);
    const s = await session(user.id);
    await rdb.db.query(`UPDATE sessions SET last_used_at = now() - interval '1 hour' WHERE id = $1`, [s.id]);
    await repo.touchSession(s.id);
    const [touched] = await repo.listSessions(user.id);
    expect(Date.now() - touched!.lastUsedAt.getTime()).toBeLessThan(60_000);
    await repo.revokeSession(s.id, 'first');
    await repo.revokeSession(s.id, 'second');
    expect((await repo.listSessions(user.id))[0]).toMatchObject({ revokedReason: 'first' });
  });

  it('revokeSessionsOf revokes every live session of the user but the kept one, and counts them', async () => {
    const user = await newUser(rdb.db);
    const other = await newUser(rdb.db);
    const keep = await session(user.id);
    await session(user.id);
    await session(user.id);
    const already = await session(user.id);
    await repo.revokeSession(already.id, 'earlier');
    const theirs = await session(other.id);
    expect(await repo.revokeSessionsOf(user.id, 'password_changed', keep.id)).toBe(2);
    expect(await repo.findLiveActor(keep.id, user.id)).not.toBeNull();
    expect(await repo.findLiveActor(theirs.id, other.id)).not.toBeNull();
    expect((await repo.listSessions(user.id)).find((s) => s.id === already.id)).toMatchObject({ revokedReason: 'earlier' });
    expect(await repo.revokeSessionsOf(user.id, 'all')).toBe(1);
    expect(await repo.revokeSessionsOf(user.id, 'all')).toBe(0);
  });
});

describe('refresh tokens', () => {
  it('findRefreshToken answers the token with its session; claimRefreshToken succeeds once', async () => {
    const user = await newUser(rdb.db);
    const s = await session(user.id);
    await repo.addRefreshToken(s.id, 'rt-1', later());
    const token = await repo.findRefreshToken('rt-1');
    expect(token).toMatchObject({ sessionId: s.id, usedAt: null, session: { id: s.id, userId: user.id } });
    expect(await repo.claimRefreshToken(token!.id)).toBe(true);
    expect(await repo.claimRefreshToken(token!.id)).toBe(false);
    expect((await repo.findRefreshToken('rt-1'))!.usedAt).toBeInstanceOf(Date);
    expect(await repo.findRefreshToken('unknown')).toBeNull();
  });

  it('of concurrent claims of one token exactly one wins', async () => {
    const user = await newUser(rdb.db);
    const s = await session(user.id);
    await repo.addRefreshToken(s.id, 'rt-race', later());
    const { id } = (await repo.findRefreshToken('rt-race'))!;
    const claims = await Promise.all([1, 2, 3, 4].map(() => repo.claimRefreshToken(id)));
    expect(claims.filter(Boolean)).toHaveLength(1);
  });

  it('a token hash is unique', async () => {
    const s = await session((await newUser(rdb.db)).id);
    await repo.addRefreshToken(s.id, 'rt-dup', later());
    await expect(repo.addRefreshToken(s.id, 'rt-dup', later())).rejects.toThrow(/uq_refresh_tokens_token_hash/);
  });
});

describe('email tokens', () => {
  it('consumeEmailToken answers the user once, for the right purpose, while unexpired', async () => {
    const user = await newUser(rdb.db);
    await repo.addEmailToken(user.id, 'verify_email', 'v-1', later());
    expect(await repo.consumeEmailToken('v-1', 'reset_password')).toBeNull();
    expect(await repo.consumeEmailToken('v-1', 'verify_email')).toBe(user.id);
    expect(await repo.consumeEmailToken('v-1', 'verify_email')).toBeNull();
    await repo.addEmailToken(user.id, 'reset_password', 'r-old', new Date(Date.now() - 1000));
    expect(await repo.consumeEmailToken('r-old', 'reset_password')).toBeNull();
    expect(await repo.consumeEmailToken('unknown', 'verify_email')).toBeNull();
  });

  it('a new link replaces the unused ones of the same purpose and user only', async () => {
    const user = await newUser(rdb.db);
    const other = await newUser(rdb.db);
    await repo.addEmailToken(user.id, 'reset_password', 'r-1', later());
    await repo.addEmailToken(user.id, 'verify_email', 'v-1', later());
    await repo.addEmailToken(other.id, 'reset_password', 'o-1', later());
    await repo.addEmailToken(user.id, 'reset_password', 'r-2', later());
    expect(await repo.consumeEmailToken('r-1', 'reset_password')).toBeNull();
    expect(await repo.consumeEmailToken('r-2', 'reset_password')).toBe(user.id);
    expect(await repo.consumeEmailToken('v-1', 'verify_email')).toBe(user.id);
    expect(await repo.consumeEmailToken('o-1', 'reset_password')).toBe(other.id);
  });

  it('of concurrent uses of one token exactly one succeeds', async () => {
    const user = await newUser(rdb.db);
    await repo.addEmailToken(user.id, 'reset_password', 'r-race', later());
    const results = await Promise.all([1, 2, 3].map(() => repo.consumeEmailToken('r-race', 'reset_password')));
    expect(results.filter(Boolean)).toEqual([user.id]);
  });
});
