import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { json } from './support/http.js';
import { signInAsNewAdmin, type SignedIn } from './support/admin.js';
import { startApi, type TestApi } from './support/api.js';

let api: TestApi;
let admin: SignedIn;

beforeAll(async () => {
  api = await startApi({
    DATABASE_URL: inject('databaseUrl'),
    REDIS_URL: inject('redisUrl'),
    QUEUE_PREFIX: inject('queuePrefix'),
  });
  admin = await signInAsNewAdmin(api.baseUrl, inject('databaseUrl'));
});
afterAll(() => api?.close());

const url = (path: string) => `${api.baseUrl}${path}`;
/** As a platform admin: the system pings are theirs. */
const post = (path: string, body: string) => fetch(url(path), { method: 'POST', headers: { 'content-type': 'application/json', ...admin.headers }, body });
const get = (path: string) => fetch(url(path), { headers: admin.headers });

/** No error body may carry a stack trace or a source path. */
function expectNoInternals(text: string) {
  expect(text).not.toMatch(/\bat .+\.(js|ts):\d+/);
  expect(text).not.toContain('node_modules');
}

describe('GET /api/health', () => {
  it('answers 200 with the database and queue up, against the real PostgreSQL and Redis', async () => {
    const res = await fetch(url('/api/health'));
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({ status: 'ok', database: 'up', queue: 'up' });
  });

  it('has separate liveness and readiness probes for orchestrators, without signing in', async () => {
    const live = await fetch(url('/api/health/live'));
    expect(live.status).toBe(200);
    expect(await json(live)).toEqual({ status: 'ok' });
    const ready = await fetch(url('/api/health/ready'));
    expect(ready.status).toBe(200);
    expect(await json(ready)).toEqual({ status: 'ok', database: 'up', queue: 'up' });
  });
});

describe('request ids', () => {
  it('makes one, returns it in X-Request-Id and in error bodies', async () => {
    const res = await fetch(url('/api/no-such-thing'));
    const id = res.headers.get('x-request-id');
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect((await json(res)).requestId).toBe(id);
  });

  it("keeps a caller's safe id and replaces an unsafe one", async () => {
    const kept = await fetch(url('/api/health'), { headers: { 'x-request-id': 'web-proxy-1234abcd' } });
    expect(kept.headers.get('x-request-id')).toBe('web-proxy-1234abcd');
    const replaced = await fetch(url('/api/health'), { headers: { 'x-request-id': '<script>alert(1)</script>' } });
    expect(replaced.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('the error shape', () => {
  it('lists every invalid field with its reasons (400 VALIDATION_FAILED)', async () => {
    const res = await post('/api/system/pings', JSON.stringify({ label: '', workMs: 99_999, admin: true }));
    expect(res.status).toBe(400);
    const body = await json(res);
    expect(body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' });
    expect(body.requestId).toBe(res.headers.get('x-request-id'));
    const fields = Object.fromEntries(body.details.fields.map((f: { field: string; reasons: string[] }) => [f.field, f.reasons]));
    expect(Object.keys(fields).sort()).toEqual(['admin', 'label', 'workMs']);
    expect(fields.admin).toEqual(['property admin should not exist']);
    expect(fields.label.join(' ')).toMatch(/longer than or equal to 1/);
    expect(fields.workMs.join(' ')).toMatch(/not be greater than 10000/);
  });

  it('refuses a missing required field and a wrongly typed one', async () => {
    const res = await post('/api/system/pings', JSON.stringify({ workMs: 'soon' }));
    expect(res.status).toBe(400);
    const fields = (await json(res)).details.fields.map((f: { field: string }) => f.field).sort();
    expect(fields).toEqual(['label', 'workMs']);
  });

  it('answers malformed JSON with 400 BAD_REQUEST, not 500', async () => {
    const res = await post('/api/system/pings', '{"label": ');
    expect(res.status).toBe(400);
    const text = await res.text();
    expect(JSON.parse(text)).toMatchObject({ statusCode: 400, code: 'BAD_REQUEST', message: 'The request body is not valid JSON' });
    expectNoInternals(text);
  });

  it('answers an oversized body with 413 PAYLOAD_TOO_LARGE', async () => {
    const res = await post('/api/system/pings', JSON.stringify({ label: 'x'.repeat(2 * 1024 * 1024) }));
    expect(res.status).toBe(413);
    expect(await json(res)).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
  });

  it('reads JSON as before: gzip-compressed, with a charset, empty as {}; answers other content types with 415 in the shape', async () => {
    const body = JSON.stringify({ label: 'sent compressed' });
    const gzipped = await fetch(url('/api/system/pings'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip', ...admin.headers },
      body: gzipSync(body),
    });
    expect(gzipped.status, await gzipped.clone().text()).toBe(202);
    expect((await json(gzipped)).label).toBe('sent compressed');
    const utf16 = await fetch(url('/api/system/pings'), {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-16le', ...admin.headers },
      body: Buffer.from(body, 'utf16le'),
    });
    expect(utf16.status).toBe(202);
    // An empty JSON body is {}: here the required label is missing.
    const empty = await post('/api/system/pings', '');
    expect(empty.status).toBe(400);
    expect((await json(empty)).details.fields.map((f: { field: string }) => f.field)).toEqual(['label']);
    const text = await fetch(url('/api/system/pings'), { method: 'POST', headers: { 'content-type': 'text/plain', ...admin.headers }, body });
    expect(text.status).toBe(415);
    expect(await json(text)).toMatchObject({ statusCode: 415, code: 'UNSUPPORTED_MEDIA_TYPE', requestId: text.headers.get('x-request-id') });
  });

  it('answers a request head over 16 KB (here a query string) with 431 in the shape, not a bare status line', async () => {
    const res = await fetch(url(`/api/publications?${'cursor=x&'.repeat(2_000)}`));
    expect(res.status).toBe(431);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const text = await res.text();
    expect(JSON.parse(text)).toMatchObject({
      statusCode: 431,
      code: 'BAD_REQUEST',
      message: expect.stringMatching(/too large/),
      requestId: expect.any(String),
    });
    expectNoInternals(text);
  });

  it('answers unknown paths and methods with 404 in the shape', async () => {
    for (const [method, path] of [
      ['GET', '/api/nope'],
      ['DELETE', '/api/health'],
      ['GET', '/api'],
    ] as const) {
      const res = await fetch(url(path), { method });
      expect(res.status, `${method} ${path}`).toBe(404);
      const text = await res.text();
      expect(JSON.parse(text)).toMatchObject({ statusCode: 404, code: 'NOT_FOUND', message: 'The requested resource was not found' });
      expectNoInternals(text);
    }
  });

  it('rejects a malformed id with 400 naming the field, and a missing ping with 404', async () => {
    const bad = await get('/api/system/pings/not-a-uuid');
    expect(bad.status).toBe(400);
    expect((await json(bad)).details.fields).toEqual([{ field: 'id', reasons: ['id must be a UUID'] }]);
    const missing = await get('/api/system/pings/0b8e7c1e-7a0b-4c51-9d6e-2f3e0c1d2a4b');
    expect(missing.status).toBe(404);
    expect(await json(missing)).toMatchObject({ code: 'NOT_FOUND', message: 'Ping not found' });
  });

  it('keeps what was saved when a later request is refused', async () => {
    const created = await post('/api/system/pings', JSON.stringify({ label: 'kept' }));
    expect(created.status).toBe(202);
    const { id } = await json(created);
    await post('/api/system/pings', JSON.stringify({ label: 'kept', nope: 1 }));
    const again = await get(`/api/system/pings/${id}`);
    expect(again.status).toBe(200);
    expect((await json(again)).label).toBe('kept');
  });
});

describe('system pings are for platform admins', () => {
  it('refuses anonymous callers with 401 and a bad token with 401', async () => {
    const anonymous = await fetch(url('/api/system/pings'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"label":"x"}' });
    expect(anonymous.status).toBe(401);
    expect(await json(anonymous)).toMatchObject({ code: 'UNAUTHENTICATED' });
    const forged = await fetch(url('/api/system/pings/0b8e7c1e-7a0b-4c51-9d6e-2f3e0c1d2a4b'), { headers: { authorization: 'Bearer not.a.jwt' } });
    expect(forged.status).toBe(401);
  });
});

describe('security headers', () => {
  it('sends the helmet headers and no X-Powered-By', async () => {
    const res = await fetch(url('/api/health'));
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('x-powered-by')).toBeNull();
  });
});

describe('OpenAPI', () => {
  it('serves Swagger UI at /api/docs and the JSON at /api/docs-json', async () => {
    const ui = await fetch(url('/api/docs'));
    expect(ui.status).toBe(200);
    expect(await ui.text()).toContain('swagger-ui');
    const spec = await json(await fetch(url('/api/docs-json')));
    expect(spec.openapi).toMatch(/^3\./);
    expect(Object.keys(spec.paths)).toEqual(expect.arrayContaining(['/api/health', '/api/system/pings', '/api/system/pings/{id}']));
  });
});
