import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createVerifiedUser, signIn, signInAsNewAdmin, type SignedIn } from './support/admin.js';
import { startApi, type TestApi } from './support/api.js';
import { randomClientIp } from './support/people.js';

/**
 * Inputs that used to end in a 500 (issue #7, finding 12): unpaired surrogates and NUL bytes in
 * strings, and keyset cursors that looked fine to JavaScript but not to PostgreSQL. Each must be
 * a 400 in the error shape naming the field, and nothing may be saved.
 */
let api: TestApi;
let mailDir: string;
let db: pg.Client;
let admin: SignedIn;
let learner: SignedIn;
let organisationId: string;

beforeAll(async () => {
  mailDir = await mkdtemp(join(tmpdir(), 'htmse-edges-mail-'));
  api = await startApi({
    DATABASE_URL: inject('databaseUrl'),
    REDIS_URL: inject('redisUrl'),
    QUEUE_PREFIX: `${inject('queuePrefix')}-edges`,
    QUEUE_DRIVER: 'inline',
    MAIL_DIR: mailDir,
    TRUST_PROXY: 'true',
  });
  db = new pg.Client({ connectionString: inject('databaseUrl') });
  await db.connect();
  admin = await signInAsNewAdmin(api.baseUrl, inject('databaseUrl'));
  learner = await signIn(api.baseUrl, await createVerifiedUser(inject('databaseUrl')));
  const org = await call('POST', '/api/organisations', { as: admin, body: { name: `Edges ${randomUUID().slice(0, 8)}` } });
  expect(org.status, org.text).toBe(201);
  organisationId = org.body.id;
  const member = await call('POST', `/api/organisations/${organisationId}/invitations`, { as: admin, body: { email: learner.email, role: 'learner' } });
  expect(member.status, member.text).toBe(201);
});
afterAll(async () => {
  await db?.end();
  await api?.close();
  if (mailDir) await rm(mailDir, { recursive: true, force: true });
});

interface Reply {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
  text: string;
  headers: Headers;
}

async function call(method: string, path: string, opts: { as?: SignedIn; body?: unknown; raw?: string; type?: string } = {}): Promise<Reply> {
  const headers: Record<string, string> = { 'x-forwarded-for': randomClientIp() };
  if (opts.as) headers.authorization = `Bearer ${opts.as.accessToken}`;
  let body: string | undefined;
  if (opts.raw !== undefined) {
    body = opts.raw;
    headers['content-type'] = opts.type ?? 'application/json';
  } else if (opts.body !== undefined) {
    // JSON.stringify writes an unpaired surrogate as the escape \ud800, as a client would.
    body = JSON.stringify(opts.body);
    headers['content-type'] = 'application/json';
  }
  const res = await fetch(`${api.baseUrl}${path}`, { method, headers, body });
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  return { status: res.status, body: parsed, text, headers: res.headers };
}

/** A 400 in the error shape whose field list names `field`. */
function expectFieldRefused(reply: Reply, field: string, what: string) {
  expect(reply.status, `${what}: ${reply.text}`).toBe(400);
  expect(reply.body, what).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED', requestId: expect.any(String) });
  expect(
    reply.body.details.fields.map((f: { field: string }) => f.field),
    what,
  ).toContain(field);
}

const LONE_SURROGATE = '\ud800';
const NUL = '\u0000';
const cursorOf = (key: unknown[]) => Buffer.from(JSON.stringify(key)).toString('base64url');

describe('unpaired surrogates in an email field (finding 12)', () => {
  const email = `${LONE_SURROGATE}@example.org`;
  const password = `long enough passphrase ${randomUUID()}`;

  it.each([
    ['register', 'POST', '/api/auth/register', { email, displayName: 'Ana', password }],
    ['login', 'POST', '/api/auth/login', { email, password }],
    ['forgot-password', 'POST', '/api/auth/forgot-password', { email }],
    ['resend-verification', 'POST', '/api/auth/verify-email/resend', { email }],
    ['enquiries', 'POST', '/api/enquiries', { organisation: 'Org', contactName: 'Ana', email, needs: 'Training', staffCount: 5 }],
  ])('%s answers 400 naming email', async (what, method, path, body) => {
    expectFieldRefused(await call(method, path, { body }), 'email', what);
  });

  it('invitations answer 400 naming email, and send nothing', async () => {
    const reply = await call('POST', `/api/organisations/${organisationId}/invitations`, { as: admin, body: { email, role: 'learner' } });
    expectFieldRefused(reply, 'email', 'invitations');
    const { rows } = await db.query(`SELECT count(*)::int AS n FROM invitations WHERE organisation_id = $1`, [organisationId]);
    expect(rows[0].n).toBe(1);
  });

  it('in any other field too (a lone low surrogate in a password)', async () => {
    expectFieldRefused(
      await call('POST', '/api/auth/login', { body: { email: 'a@example.org', password: `x${'\udc00'}yyyyyyyyyyyy` } }),
      'password',
      'login password',
    );
  });
});

describe('NUL bytes in text (finding 12)', () => {
  it('register refuses a display name with NUL and creates no account', async () => {
    const email = `nul-${randomUUID()}@example.org`;
    const reply = await call('POST', '/api/auth/register', {
      body: { email, displayName: `Ana${NUL}Silva`, password: `long enough passphrase ${randomUUID()}` },
    });
    expectFieldRefused(reply, 'displayName', 'register');
    expect((await db.query(`SELECT 1 FROM users WHERE email = $1`, [email])).rows).toEqual([]);
  });

  it('PATCH /api/me refuses it and keeps the saved name', async () => {
    const before = await call('GET', '/api/me', { as: learner });
    expectFieldRefused(await call('PATCH', '/api/me', { as: learner, body: { displayName: `Ana${NUL}` } }), 'displayName', 'PATCH /api/me');
    expect((await call('GET', '/api/me', { as: learner })).body.displayName).toBe(before.body.displayName);
  });

  it('accepting an invitation refuses it', async () => {
    const reply = await call('POST', '/api/invitations/accept', {
      body: { token: 'whatever-token', displayName: `X${NUL}`, password: `long enough passphrase ${randomUUID()}` },
    });
    expectFieldRefused(reply, 'displayName', 'accept');
  });

  it('a form-encoded body is checked like JSON', async () => {
    const reply = await call('POST', '/api/auth/forgot-password', { raw: 'email=a%00%40example.org', type: 'application/x-www-form-urlencoded' });
    expectFieldRefused(reply, 'email', 'form body');
  });

  it.each([
    ['/api/publications?q=%00', 'q'],
    ['/api/publications?topic=a%00', 'topic'],
    ['/api/publications?publisher=%00', 'publisher'],
    ['/api/publications?region=%00', 'region'],
  ])('search %s answers 400 naming the parameter', async (path, field) => {
    expectFieldRefused(await call('GET', path), field, path);
  });

  it('signed-in searches too: organisations, members, authoring', async () => {
    expectFieldRefused(await call('GET', '/api/organisations?q=a%00', { as: admin }), 'q', 'organisations');
    expectFieldRefused(await call('GET', `/api/organisations/${organisationId}/members?q=%00`, { as: admin }), 'q', 'members');
    expectFieldRefused(await call('GET', '/api/authoring/courses?q=%00', { as: admin }), 'q', 'authoring courses');
  });

  it("a path that does not decode (a lone surrogate's bytes, cut UTF-8) is 400 in the error shape, with the request id", async () => {
    for (const path of ['/api/courses/%ED%A0%80', '/api/uploads/a%E0%A4%A.png', `/api/organisations/${organisationId}/members/%ED%B0%80%ED%A0%80`]) {
      const reply = await call('GET', path, { as: admin });
      expect(reply.status, path).toBe(400);
      expect(reply.body, path).toMatchObject({ statusCode: 400, code: 'BAD_REQUEST', requestId: expect.any(String) });
    }
  });

  it('a long route parameter is judged by its pipe, naming it, not refused by the router (414)', async () => {
    expectFieldRefused(await call('GET', `/api/system/pings/${'a'.repeat(1_000)}`, { as: admin }), 'id', 'ping id of 1,000 characters');
  });

  it('a route parameter with NUL is named by its name', async () => {
    expectFieldRefused(await call('GET', '/api/uploads/a%00.png'), 'file', 'uploads');
    expectFieldRefused(await call('GET', '/api/courses/a%00b'), 'slug', 'course');
  });

  it.each([
    ['publications', () => `/api/publications?cursor=${cursorOf([1, 'title', `A${NUL}`, 'a-slug'])}`],
    ['courses', () => `/api/courses?cursor=${cursorOf([1, 'title', `A${NUL}`, 'a-slug'])}`],
    ['organisations', () => `/api/organisations?cursor=${cursorOf([`A${NUL}`, randomUUID()])}`],
    ['members', () => `/api/organisations/${organisationId}/members?cursor=${cursorOf([`A${NUL}`, randomUUID()])}`],
    ['tailored courses', () => `/api/organisations/${organisationId}/courses?cursor=${cursorOf([`A${NUL}`, 'a-slug'])}`],
  ])('a title cursor with NUL on %s answers 400 naming cursor', async (what, path) => {
    expectFieldRefused(await call('GET', path(), { as: admin }), 'cursor', what);
  });
});

describe('timestamp and uuid cursors PostgreSQL would refuse (finding 12)', () => {
  const badKeys: [string, () => unknown[]][] = [
    ['year 0 (Date.parse accepts it)', () => ['0000-01-01T00:00:00Z', randomUUID()]],
    ['month 13, day 45, hour 99', () => ['2020-13-45 99:99:99+00', randomUUID()]],
    ['a 36-dash "uuid"', () => ['2025-01-01T00:00:00.000Z', '-'.repeat(36)]],
  ];
  const lists: [string, () => string, () => SignedIn][] = [
    ['/api/me/enrolments', () => '/api/me/enrolments', () => learner],
    ['/api/enquiries', () => '/api/enquiries', () => admin],
    ['/api/audit-events', () => '/api/audit-events', () => admin],
    ['organisation audit events', () => `/api/organisations/${organisationId}/audit-events`, () => admin],
    ['invitations', () => `/api/organisations/${organisationId}/invitations`, () => admin],
  ];

  for (const [list, path, as] of lists) {
    it.each(badKeys)(`${list}: %s answers 400 naming cursor`, async (what, key) => {
      expectFieldRefused(await call('GET', `${path()}?cursor=${cursorOf(key())}`, { as: as() }), 'cursor', `${list} ${what}`);
    });
  }

  it('the database net: a value an edge check lets through is a 400, not a 500 (authoring list, month 13)', async () => {
    // The authoring cursor's own check is a pattern that accepts month 13; PostgreSQL refuses it
    // (SQLSTATE 22008) and the exception filter answers 400.
    const reply = await call('GET', `/api/authoring/courses?cursor=${cursorOf(['2020-13-45T10:00:00.000000Z', randomUUID()])}`, { as: admin });
    expect(reply.status, reply.text).toBe(400);
    expect(reply.body).toMatchObject({ statusCode: 400, code: expect.stringMatching(/^(BAD_REQUEST|VALIDATION_FAILED)$/), requestId: expect.any(String) });
  });

  it('still pages with the cursors the API itself hands out', async () => {
    for (const [list, path, as] of lists) {
      const first = await call('GET', `${path()}?limit=1`, { as: as() });
      expect(first.status, `${list}: ${first.text}`).toBe(200);
      if (!first.body.nextCursor) continue;
      const next = await call('GET', `${path()}?limit=1&cursor=${encodeURIComponent(first.body.nextCursor)}`, { as: as() });
      expect(next.status, `${list} page 2: ${next.text}`).toBe(200);
      expect(next.body.items[0]).not.toEqual(first.body.items[0]);
    }
  });
});
