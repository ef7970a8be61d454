import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createVerifiedUser, signIn, signInAsNewAdmin, type SignedIn } from './support/admin.js';
import { startApi, type TestApi } from './support/api.js';

/**
 * Personal responses must not be kept by shared caches (issue #7, finding 13): every response
 * to an authenticated request, and every response that sets a session cookie, says no-store.
 */
let api: TestApi;
let admin: SignedIn;
let learner: SignedIn & { password: string };
let organisationId: string;

beforeAll(async () => {
  api = await startApi({
    DATABASE_URL: inject('databaseUrl'),
    REDIS_URL: inject('redisUrl'),
    QUEUE_PREFIX: `${inject('queuePrefix')}-cache`,
    QUEUE_DRIVER: 'inline',
  });
  admin = await signInAsNewAdmin(api.baseUrl, inject('databaseUrl'));
  const user = await createVerifiedUser(inject('databaseUrl'));
  learner = { ...(await signIn(api.baseUrl, user)), password: user.password };
  const org = await fetch(`${api.baseUrl}/api/organisations`, {
    method: 'POST',
    headers: { ...admin.headers, 'content-type': 'application/json' },
    body: JSON.stringify({ name: `Cache ${randomUUID().slice(0, 8)}` }),
  });
  expect(org.status).toBe(201);
  organisationId = ((await org.json()) as { id: string }).id;
});
afterAll(() => api?.close());

async function cacheControl(path: string, as?: SignedIn): Promise<{ status: number; cacheControl: string | null }> {
  const res = await fetch(`${api.baseUrl}${path}`, { headers: as ? as.headers : {} });
  await res.arrayBuffer();
  return { status: res.status, cacheControl: res.headers.get('cache-control') };
}

describe('Cache-Control on personal responses', () => {
  it.each([
    ['/api/me', () => learner],
    ['/api/me/enrolments', () => learner],
    ['/api/organisations', () => admin],
    ['/api/audit-events', () => admin],
  ])('GET %s signed in: no-store', async (path, as) => {
    expect(await cacheControl(path, as())).toEqual({ status: 200, cacheControl: 'no-store' });
  });

  it('member lists, the organisation and its invitations: no-store', async () => {
    for (const path of [
      `/api/organisations/${organisationId}/members`,
      `/api/organisations/${organisationId}`,
      `/api/organisations/${organisationId}/invitations`,
    ]) {
      expect(await cacheControl(path, admin), path).toEqual({ status: 200, cacheControl: 'no-store' });
    }
  });

  it('public routes read while signed in (what the caller may see depends on who they are): no-store', async () => {
    expect((await cacheControl('/api/courses', learner)).cacheControl).toBe('no-store');
    expect((await cacheControl('/api/publications', learner)).cacheControl).toBe('no-store');
  });

  it('errors to a signed-in caller too (403, 404)', async () => {
    expect(await cacheControl(`/api/organisations/${organisationId}/members`, learner)).toEqual({ status: 404, cacheControl: 'no-store' });
    expect(await cacheControl('/api/audit-events', learner)).toEqual({ status: 403, cacheControl: 'no-store' });
  });

  it('keeps the data export attachment no-store', async () => {
    expect((await cacheControl('/api/me/export', learner)).cacheControl).toBe('no-store');
  });

  it('a sign-in that sets the session cookies: no-store', async () => {
    const res = await fetch(`${api.baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: learner.email, password: learner.password }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.getSetCookie().length).toBeGreaterThan(0);
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('leaves anonymous public responses as they were', async () => {
    expect(await cacheControl('/api/publications')).toEqual({ status: 200, cacheControl: null });
    expect(await cacheControl('/api/health')).toEqual({ status: 200, cacheControl: null });
  });
});
