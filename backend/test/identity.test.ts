import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createVerifiedUser } from './support/admin.js';
import { startApi, type TestApi } from './support/api.js';
import { json } from './support/http.js';
import { mailsTo, randomClientIp, signUp, tokenFromMail } from './support/people.js';
import { spawnApi } from './support/processes.js';

/** Accounts and sessions through the real HTTP API, on the real PostgreSQL and Redis. */
const mailDir = mkdtempSync(join(tmpdir(), 'htmse-identity-mail-'));
let api: TestApi;
let db: pg.Client;

beforeAll(async () => {
  api = await startApi({
    DATABASE_URL: inject('databaseUrl'),
    REDIS_URL: inject('redisUrl'),
    QUEUE_PREFIX: inject('queuePrefix'),
    QUEUE_DRIVER: 'inline',
    MAIL_DIR: mailDir,
    TRUST_PROXY: 'true',
    PUBLIC_ORIGIN: 'http://academy.test',
  });
  db = new pg.Client({ connectionString: inject('databaseUrl') });
  await db.connect();
});
afterAll(async () => {
  await api?.close();
  await db?.end();
  rmSync(mailDir, { recursive: true, force: true });
});

/** Each test talks from its own client address, so per-IP limits of one test do not touch another. */
function client(ip = randomClientIp()) {
  const call = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    fetch(`${api.baseUrl}${path}`, {
      method,
      headers: { 'x-forwarded-for': ip, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  return { ip, call };
}
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** The cookies a response sets, as name -> value (attributes kept separately). */
function cookiesOf(res: Response): Record<string, { value: string; attributes: string }> {
  return Object.fromEntries(
    res.headers.getSetCookie().map((c) => {
      const [pair, ...attrs] = c.split(';');
      const [name, ...value] = pair!.split('=');
      return [name!.trim(), { value: value.join('='), attributes: attrs.join(';').trim() }];
    }),
  );
}

describe('register -> verify -> login -> me -> refresh -> logout', () => {
  it('works end to end with browser cookies', async () => {
    const { call } = client();
    const email = `Ana.${randomUUID()}@Example.org`;
    const password = 'a long and quiet river at dawn';

    const registered = await call('POST', '/api/auth/register', { email, displayName: 'Ana Silva', password });
    expect(registered.status).toBe(202);
    const token = await tokenFromMail(mailDir, email.toLowerCase(), '/verify-email');
    const [mail] = await mailsTo(mailDir, email.toLowerCase());
    expect(mail!.text).toContain(`http://academy.test/verify-email?token=`);

    expect((await call('POST', '/api/auth/verify-email', { token })).status).toBe(204);

    const login = await call('POST', '/api/auth/login', { email, password });
    expect(login.status).toBe(200);
    const body = await json(login);
    expect(body).toEqual({ accessToken: expect.any(String), expiresIn: 900 });
    const cookies = cookiesOf(login);
    expect(cookies.htmse_access!.attributes).toMatch(/HttpOnly/);
    expect(cookies.htmse_access!.attributes).toMatch(/SameSite=Lax/);
    expect(cookies.htmse_access!.attributes).not.toMatch(/Secure/); // http origin in this test
    expect(cookies.htmse_refresh!.attributes).toMatch(/HttpOnly/);
    expect(cookies.htmse_csrf!.attributes).not.toMatch(/HttpOnly/);

    const me = await call('GET', '/api/me', undefined, bearer(body.accessToken));
    expect(me.status).toBe(200);
    expect(await json(me)).toMatchObject({
      email: email.toLowerCase(),
      displayName: 'Ana Silva',
      emailVerified: true,
      isPlatformAdmin: false,
      memberships: [],
    });

    // Refresh with the cookie (a browser): needs the CSRF header, rotates the refresh cookie.
    const cookieHeader = `htmse_refresh=${cookies.htmse_refresh!.value}; htmse_csrf=${cookies.htmse_csrf!.value}`;
    const noCsrf = await call('POST', '/api/auth/refresh', {}, { cookie: cookieHeader });
    expect(noCsrf.status).toBe(403);
    const refreshed = await call('POST', '/api/auth/refresh', {}, { cookie: cookieHeader, 'x-csrf-token': cookies.htmse_csrf!.value });
    expect(refreshed.status).toBe(200);
    const rotated = cookiesOf(refreshed);
    expect(rotated.htmse_refresh!.value).not.toBe(cookies.htmse_refresh!.value);
    const { accessToken } = await json(refreshed);
    expect((await call('GET', '/api/me', undefined, bearer(accessToken))).status).toBe(200);

    const logout = await call('POST', '/api/auth/logout', {}, bearer(accessToken));
    expect(logout.status).toBe(204);
    expect(cookiesOf(logout).htmse_access!.attributes).toMatch(/Expires=Thu, 01 Jan 1970/);
    // Both access tokens of the session stop working at once: the session is revoked server-side.
    expect((await call('GET', '/api/me', undefined, bearer(accessToken))).status).toBe(401);
    expect((await call('GET', '/api/me', undefined, bearer(body.accessToken))).status).toBe(401);
  });

  it('gives API clients the refresh token in the body when they ask for it', async () => {
    const person = await signUp(api, mailDir);
    const { call } = client();
    const login = await call('POST', '/api/auth/login', { email: person.email, password: person.password, tokenDelivery: 'body' });
    const tokens = await json(login);
    expect(tokens.refreshToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // No session cookies; only the device cookie (the web app's sign-in form passes it to the browser).
    expect(Object.keys(cookiesOf(login))).toEqual(['htmse_device']);
    expect(cookiesOf(login).htmse_device!.attributes).toMatch(/HttpOnly/);
    const refreshed = await json(await call('POST', '/api/auth/refresh', { refreshToken: tokens.refreshToken }));
    expect(refreshed.refreshToken).not.toBe(tokens.refreshToken);
  });
});

describe('signing in', () => {
  it('answers a wrong password and an unknown email identically', async () => {
    const person = await signUp(api, mailDir);
    const { call } = client();
    const wrong = await call('POST', '/api/auth/login', { email: person.email, password: 'not the password at all' });
    const unknown = await call('POST', '/api/auth/login', { email: `${randomUUID()}@example.org`, password: 'not the password at all' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    const [a, b] = [await json(wrong), await json(unknown)];
    expect(a.message).toBe('Email or password is incorrect');
    expect(b.message).toBe(a.message);
    expect(a.code).toBe(b.code);
  });

  it('refuses an unverified account only after the right password, and the link can be sent again', async () => {
    const { call } = client();
    const email = `${randomUUID()}@example.org`;
    const password = 'unverified but patient person';
    await call('POST', '/api/auth/register', { email, displayName: 'Not Yet', password });
    const first = await tokenFromMail(mailDir, email, '/verify-email');

    const res = await call('POST', '/api/auth/login', { email, password });
    expect(res.status).toBe(403);
    expect(await json(res)).toMatchObject({ code: 'EMAIL_NOT_VERIFIED', details: { reason: 'email_not_verified' } });
    expect((await call('POST', '/api/auth/login', { email, password: 'a wrong password here' })).status).toBe(401);

    expect((await call('POST', '/api/auth/verify-email/resend', { email })).status).toBe(202);
    const second = await tokenFromMail(mailDir, email, '/verify-email', { skip: [first] });
    // The newer link replaces the older one.
    expect((await call('POST', '/api/auth/verify-email', { token: first })).status).toBe(400);
    expect((await call('POST', '/api/auth/verify-email', { token: second })).status).toBe(204);
    expect((await call('POST', '/api/auth/verify-email', { token: second })).status).toBe(400);
    expect((await call('POST', '/api/auth/login', { email, password })).status).toBe(200);
  });

  it('answers a registration for a taken email exactly like a new one, and tells the owner', async () => {
    const person = await signUp(api, mailDir);
    const { call } = client();
    const fresh = await call('POST', '/api/auth/register', { email: `${randomUUID()}@example.org`, displayName: 'New', password: 'a brand new passphrase' });
    const taken = await call('POST', '/api/auth/register', { email: person.email.toUpperCase(), displayName: 'Impostor', password: 'a brand new passphrase' });
    expect(taken.status).toBe(fresh.status);
    expect(await json(taken)).toEqual(await json(fresh));
    await expect.poll(async () => (await mailsTo(mailDir, person.email)).map((m) => m.subject)).toContain('Someone tried to register with your email address');
    // The original password still works: nothing was overwritten.
    expect((await call('POST', '/api/auth/login', { email: person.email, password: person.password })).status).toBe(200);
  });

  it('refuses short and common passwords, naming the field', async () => {
    const { call } = client();
    for (const [password, reason] of [
      ['short pass', /at least 12/],
      ['qwerty123456', /most common/],
    ] as const) {
      const res = await call('POST', '/api/auth/register', { email: `${randomUUID()}@example.org`, displayName: 'X', password });
      expect(res.status).toBe(400);
      const { details } = await json(res);
      expect(details.fields).toEqual([{ field: 'password', reasons: [expect.stringMatching(reason)] }]);
    }
  });
});

describe('rate limits (Redis-backed, shared by every API process)', () => {
  it('slows an account guessed at from unknown browsers: 5 free failures and a 6th, then 429 with Retry-After, even with the right password', async () => {
    const person = await signUp(api, mailDir);
    for (let i = 0; i < 6; i++) {
      // Different addresses: the per-account throttle is what trips.
      expect((await client().call('POST', '/api/auth/login', { email: person.email, password: `wrong password ${i}` })).status).toBe(401);
    }
    const locked = await client().call('POST', '/api/auth/login', { email: person.email, password: person.password });
    expect(locked.status).toBe(429);
    // The first wait is a minute; it doubles with each further failure (docs/security.md).
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(locked.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    expect(await json(locked)).toMatchObject({ code: 'RATE_LIMITED' });
  });

  it('answers 429 to an address after failed logins on 100 different accounts (credential stuffing)', async () => {
    const { call } = client();
    for (let round = 0; round < 25; round++) {
      const batch = await Promise.all(
        Array.from({ length: 4 }, () => call('POST', '/api/auth/login', { email: `${randomUUID()}@example.org`, password: 'guessing passwords' })),
      );
      expect(batch.map((r) => r.status)).toEqual([401, 401, 401, 401]);
    }
    const res = await call('POST', '/api/auth/login', { email: `${randomUUID()}@example.org`, password: 'guessing passwords' });
    expect(res.status).toBe(429);
    // Another address is not affected.
    expect((await client().call('POST', '/api/auth/login', { email: `${randomUUID()}@example.org`, password: 'guessing passwords' })).status).toBe(401);
  });

  it('limits reset requests and confirmation re-sends per address (50 an hour each)', async () => {
    for (const path of ['/api/auth/forgot-password', '/api/auth/verify-email/resend']) {
      const { call } = client();
      const statuses: number[] = [];
      for (let i = 0; i < 51; i++) statuses.push((await call('POST', path, { email: `${randomUUID()}@example.org` })).status);
      expect(statuses.slice(0, 50).every((s) => s === 202)).toBe(true);
      expect(statuses[50]).toBe(429);
      expect((await client().call('POST', path, { email: `${randomUUID()}@example.org` })).status).toBe(202);
    }
  });

  it('uses PostgreSQL for the counters when there is no Redis', async () => {
    // Its own process: passport keeps strategies in a process-wide registry, so two Nest apps in
    // one process would share (and, on close, break) each other's strategies.
    const pgApi = await spawnApi({ DATABASE_URL: inject('databaseUrl'), REDIS_URL: '', QUEUE_DRIVER: 'inline', TRUST_PROXY: 'true', MIGRATIONS_RUN: 'false' });
    try {
      const login = (email: string, password: string, ip: string, device?: string) =>
        fetch(`${pgApi.baseUrl}/api/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-forwarded-for': ip, ...(device ? { cookie: `htmse_device=${device}` } : {}) },
          body: JSON.stringify({ email, password, tokenDelivery: 'body' }),
        });
      const room = randomClientIp();
      const [clumsy, colleague] = [await createVerifiedUser(inject('databaseUrl')), await createVerifiedUser(inject('databaseUrl'))];
      const first = await login(clumsy.email, clumsy.password, room);
      expect(first.status).toBe(200);
      const device = /htmse_device=([^;]+)/.exec(first.headers.getSetCookie().join('\n'))![1]!;

      // One person mistypes: their account is slowed, the colleague beside them is not.
      for (let i = 0; i < 6; i++) expect((await login(clumsy.email, 'a mistyped password', room)).status).toBe(401);
      expect((await login(clumsy.email, clumsy.password, room)).status).toBe(429);
      expect((await login(colleague.email, colleague.password, room)).status).toBe(200);
      // From the browser they signed in with before, the owner still gets in.
      expect((await login(clumsy.email, clumsy.password, room, device)).status).toBe(200);

      const key = `signin:account:${createHash('sha256').update(clumsy.email).digest('hex').slice(0, 32)}`;
      // The failures were counted in PostgreSQL, and the successful sign-in cleared them.
      const { rows } = await db.query(`SELECT key FROM rate_limit_counters WHERE key LIKE $1`, [`${key}%`]);
      expect(rows).toEqual([]);
      for (let i = 0; i < 3; i++) await login(clumsy.email, 'a mistyped password', room);
      const counted = await db.query(`SELECT count FROM rate_limit_counters WHERE key = $1`, [`${key}:failures`]);
      expect(counted.rows[0]?.count).toBe(3);
    } finally {
      await pgApi.stop();
    }
  });
});

describe('refresh-token rotation', () => {
  it('revokes the whole session when a rotated refresh token is used again', async () => {
    const person = await signUp(api, mailDir);
    const { call } = client();
    const first = await json(await call('POST', '/api/auth/login', { email: person.email, password: person.password, tokenDelivery: 'body' }));
    const second = await json(await call('POST', '/api/auth/refresh', { refreshToken: first.refreshToken }));
    expect((await call('GET', '/api/me', undefined, bearer(second.accessToken))).status).toBe(200);

    // Someone replays the first, already rotated token.
    const replay = await call('POST', '/api/auth/refresh', { refreshToken: first.refreshToken });
    expect(replay.status).toBe(401);

    // The whole family is dead: the newest tokens too.
    expect((await call('GET', '/api/me', undefined, bearer(second.accessToken))).status).toBe(401);
    expect((await call('POST', '/api/auth/refresh', { refreshToken: second.refreshToken })).status).toBe(401);
    // Other sessions of the same person are untouched.
    expect((await call('GET', '/api/me', undefined, bearer(person.accessToken))).status).toBe(200);
    const { rows } = await db.query(`SELECT action FROM audit_events WHERE actor_user_id = $1 AND action = 'auth.refresh_token_reused'`, [person.userId]);
    expect(rows).toHaveLength(1);
  });
});

describe('password reset and change', () => {
  it('resets by a single-use emailed link, ending every session', async () => {
    const person = await signUp(api, mailDir);
    const { call } = client();
    expect((await call('POST', '/api/auth/forgot-password', { email: `${randomUUID()}@example.org` })).status).toBe(202);
    const res = await call('POST', '/api/auth/forgot-password', { email: person.email });
    expect(res.status).toBe(202);
    const token = await tokenFromMail(mailDir, person.email, '/reset-password');

    const weak = await call('POST', '/api/auth/reset-password', { token, password: 'short' });
    expect(weak.status).toBe(400);
    expect((await call('POST', '/api/auth/reset-password', { token, password: 'a completely new passphrase' })).status).toBe(204);
    expect((await call('POST', '/api/auth/reset-password', { token, password: 'another new passphrase' })).status).toBe(400);

    expect((await call('GET', '/api/me', undefined, bearer(person.accessToken))).status).toBe(401);
    expect((await call('POST', '/api/auth/login', { email: person.email, password: person.password })).status).toBe(401);
    expect((await call('POST', '/api/auth/login', { email: person.email, password: 'a completely new passphrase' })).status).toBe(200);
  });

  it('changing the password keeps this session and ends the others', async () => {
    const person = await signUp(api, mailDir);
    const { call } = client();
    const other = await json(await call('POST', '/api/auth/login', { email: person.email, password: person.password, tokenDelivery: 'body' }));

    const wrong = await call(
      'POST',
      '/api/me/password',
      { currentPassword: 'not my password', newPassword: 'my new long passphrase' },
      bearer(person.accessToken),
    );
    expect(wrong.status).toBe(400);
    expect((await json(wrong)).details.fields[0].field).toBe('currentPassword');

    const ok = await call('POST', '/api/me/password', { currentPassword: person.password, newPassword: 'my new long passphrase' }, bearer(person.accessToken));
    expect(ok.status).toBe(204);
    expect((await call('GET', '/api/me', undefined, bearer(person.accessToken))).status).toBe(200);
    expect((await call('GET', '/api/me', undefined, bearer(other.accessToken))).status).toBe(401);
    expect((await call('POST', '/api/auth/refresh', { refreshToken: other.refreshToken })).status).toBe(401);
  });

  it('protects cookie-authenticated writes with the CSRF token', async () => {
    const person = await signUp(api, mailDir);
    const { call } = client();
    const cookies = cookiesOf(await call('POST', '/api/auth/login', { email: person.email, password: person.password }));
    const cookie = `htmse_access=${cookies.htmse_access!.value}; htmse_csrf=${cookies.htmse_csrf!.value}`;
    const forged = await call('PATCH', '/api/me', { displayName: 'Changed by another site' }, { cookie });
    expect(forged.status).toBe(403);
    const wrongToken = await call('PATCH', '/api/me', { displayName: 'Changed by another site' }, { cookie, 'x-csrf-token': 'guess' });
    expect(wrongToken.status).toBe(403);
    const real = await call('PATCH', '/api/me', { displayName: 'Changed by me' }, { cookie, 'x-csrf-token': cookies.htmse_csrf!.value });
    expect(real.status).toBe(200);
    expect((await json(real)).displayName).toBe('Changed by me');
    // Reading with the cookie needs no token.
    expect((await call('GET', '/api/me', undefined, { cookie })).status).toBe(200);
  });

  it('authenticates by exactly one credential: another Authorization header neither passes for the cookie nor skips CSRF', async () => {
    const person = await signUp(api, mailDir);
    const { call } = client();
    const cookies = cookiesOf(await call('POST', '/api/auth/login', { email: person.email, password: person.password }));
    const cookie = `htmse_access=${cookies.htmse_access!.value}; htmse_refresh=${cookies.htmse_refresh!.value}; htmse_csrf=${cookies.htmse_csrf!.value}`;
    const displayName = async () => (await db.query(`SELECT display_name FROM users WHERE id = $1`, [person.userId])).rows[0].display_name;
    const before = await displayName();

    for (const authorization of ['Basic Zm9vOmJhcg==', 'Bearer not-a-valid-token', 'Bearer', 'Token abc']) {
      const res = await call('PATCH', '/api/me', { displayName: 'Changed without CSRF' }, { cookie, authorization });
      expect(res.status, authorization).toBe(401);
      expect(await json(res)).toMatchObject({ code: 'UNAUTHENTICATED' });
    }
    expect(await displayName()).toBe(before);

    // A cookie-only credential on a public route (refresh) still needs the CSRF token.
    const refresh = await call('POST', '/api/auth/refresh', {}, { cookie, authorization: 'Basic Zm9vOmJhcg==' });
    expect(refresh.status).toBe(403);

    // Actually authenticated by the Bearer token: no CSRF token needed, cookies or not.
    const bearerWrite = await call('PATCH', '/api/me', { displayName: 'Changed by an API client' }, { cookie, ...bearer(person.accessToken) });
    expect(bearerWrite.status).toBe(200);
    expect(await displayName()).toBe('Changed by an API client');
  });
});

describe('my data', () => {
  it('exports everything about me as a JSON download, and audits it', async () => {
    const person = await signUp(api, mailDir);
    const res = await client().call('GET', '/api/me/export', undefined, bearer(person.accessToken));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(/attachment; filename="htmse-academy-my-data.json"/);
    const data = await json(res);
    expect(data.account.email).toBe(person.email);
    expect(data.sessions.length).toBeGreaterThan(0);
    expect(data.securityEvents.map((e: { action: string }) => e.action)).toEqual(expect.arrayContaining(['auth.login_succeeded', 'account.registered']));
    expect(data.knownDevices).toEqual([{ firstSeenAt: expect.any(String), lastSeenAt: expect.any(String) }]);
    expect(JSON.stringify(data)).not.toMatch(/argon2|token_hash|passwordHash|device_hash|deviceHash/);
    const { rows } = await db.query(`SELECT 1 FROM audit_events WHERE actor_user_id = $1 AND action = 'account.data_exported'`, [person.userId]);
    expect(rows).toHaveLength(1);
  });

  it('deletes my account: personal data erased, sessions ended, the row kept anonymised', async () => {
    const person = await signUp(api, mailDir);
    const { call } = client();
    expect((await call('DELETE', '/api/me', { password: 'not my password' }, bearer(person.accessToken))).status).toBe(400);
    expect((await call('DELETE', '/api/me', { password: person.password }, bearer(person.accessToken))).status).toBe(204);

    expect((await call('GET', '/api/me', undefined, bearer(person.accessToken))).status).toBe(401);
    expect((await call('POST', '/api/auth/login', { email: person.email, password: person.password })).status).toBe(401);
    const { rows } = await db.query(`SELECT email, display_name, password_hash, deleted_at FROM users WHERE id = $1`, [person.userId]);
    expect(rows[0]).toMatchObject({ email: `deleted+${person.userId}@users.invalid`, display_name: 'Deleted user', password_hash: null });
    expect(rows[0].deleted_at).toBeInstanceOf(Date);
    // The browsers it signed in from are forgotten too.
    expect((await db.query(`SELECT 1 FROM known_devices WHERE user_id = $1`, [person.userId])).rows).toEqual([]);
    // The address is free again for a new account.
    expect((await call('POST', '/api/auth/register', { email: person.email, displayName: 'Back Again', password: 'starting over again now' })).status).toBe(
      202,
    );
  });
});

describe('what is stored', () => {
  it('keeps passwords only as argon2id hashes and tokens only as SHA-256 hashes', async () => {
    const person = await signUp(api, mailDir);
    const { call } = client();
    const tokens = await json(await call('POST', '/api/auth/login', { email: person.email, password: person.password, tokenDelivery: 'body' }));
    await call('POST', '/api/auth/forgot-password', { email: person.email });
    const resetToken = await tokenFromMail(mailDir, person.email, '/reset-password');

    const user = await db.query(`SELECT password_hash FROM users WHERE id = $1`, [person.userId]);
    expect(user.rows[0].password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(user.rows[0].password_hash).not.toContain(person.password);

    const refresh = await db.query(`SELECT token_hash FROM refresh_tokens WHERE token_hash = $1`, [sha256(tokens.refreshToken)]);
    expect(refresh.rows).toHaveLength(1);
    expect((await db.query(`SELECT 1 FROM refresh_tokens WHERE token_hash = $1`, [tokens.refreshToken])).rows).toHaveLength(0);
    expect((await db.query(`SELECT 1 FROM email_tokens WHERE token_hash = $1`, [sha256(resetToken)])).rows).toHaveLength(1);
    expect((await db.query(`SELECT 1 FROM email_tokens WHERE token_hash = $1`, [resetToken])).rows).toHaveLength(0);
    // Nothing anywhere holds the raw secrets.
    const dump = await db.query(`SELECT row_to_json(t)::text AS row FROM (SELECT * FROM users UNION ALL SELECT * FROM users WHERE false) t`);
    expect(dump.rows.some((r: { row: string }) => r.row.includes(person.password))).toBe(false);
  });
});

describe('deleting the only administrator of an organisation', () => {
  it('is refused with 422 naming the organisation, and nothing is erased', async () => {
    const person = await signUp(api, mailDir);
    const org = await db.query(`INSERT INTO organisations (name, slug) VALUES ($1, $2) RETURNING id`, [
      `Only Admin Org ${randomUUID().slice(0, 6)}`,
      `only-admin-${randomUUID()}`,
    ]);
    await db.query(`INSERT INTO memberships (organisation_id, user_id, role) VALUES ($1, $2, 'org_admin')`, [org.rows[0].id, person.userId]);
    const res = await client().call('DELETE', '/api/me', { password: person.password }, bearer(person.accessToken));
    expect(res.status).toBe(422);
    const body = await json(res);
    expect(body).toMatchObject({ code: 'SOLE_ORGANISATION_ADMIN' });
    expect(body.message).toMatch(/only administrator of Only Admin Org/);
    expect((await client().call('GET', '/api/me', undefined, bearer(person.accessToken))).status).toBe(200);
  });
});

describe('audit log paging', () => {
  it('returns every event exactly once across pages, and rejects a tampered cursor with 400', async () => {
    const admin = await signUp(api, mailDir);
    await db.query(`UPDATE users SET is_platform_admin = true WHERE id = $1`, [admin.userId]);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await json(
        await client().call('GET', `/api/audit-events?limit=7${cursor ? `&cursor=${cursor}` : ''}`, undefined, bearer(admin.accessToken)),
      );
      seen.push(...page.items.map((e: { id: string }) => e.id));
      cursor = page.nextCursor;
    } while (cursor && seen.length < 2000);
    const { rows } = await db.query(`SELECT count(*)::int AS n FROM audit_events`);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBeGreaterThanOrEqual(rows[0].n - 5); // events written while paging may appear or not
    const bad = Buffer.from(JSON.stringify(['not a date', 'x'])).toString('base64url');
    expect((await client().call('GET', `/api/audit-events?cursor=${bad}`, undefined, bearer(admin.accessToken))).status).toBe(400);
  });
});
