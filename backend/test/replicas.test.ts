import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createVerifiedUser, signIn } from './support/admin.js';
import { json } from './support/http.js';
import { randomClientIp } from './support/people.js';
import { spawnApi, type ServiceProcess } from './support/processes.js';

/**
 * Two API processes on one PostgreSQL and one Redis, as a scaled-out deployment runs them:
 * nothing about a session or a rate limit may live in one process's memory.
 */
let a: ServiceProcess & { baseUrl: string };
let b: ServiceProcess & { baseUrl: string };

beforeAll(async () => {
  const env = {
    DATABASE_URL: inject('databaseUrl'),
    REDIS_URL: inject('redisUrl'),
    QUEUE_PREFIX: inject('queuePrefix'),
    MIGRATIONS_RUN: 'false',
    TRUST_PROXY: 'true',
  };
  [a, b] = await Promise.all([spawnApi(env), spawnApi(env)]);
});
afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
});

const me = (api: { baseUrl: string }, token: string) => fetch(`${api.baseUrl}/api/me`, { headers: { authorization: `Bearer ${token}` } });

describe('two API processes', () => {
  it('share sessions: made on one, valid on the other; logging out on one ends it on both', async () => {
    const user = await createVerifiedUser(inject('databaseUrl'));
    const session = await signIn(a.baseUrl, user);
    expect(a.child.pid).not.toBe(b.child.pid);

    const onB = await me(b, session.accessToken);
    expect(onB.status).toBe(200);
    expect((await json(onB)).email).toBe(user.email);

    const logout = await fetch(`${b.baseUrl}/api/auth/logout`, {
      method: 'POST',
      headers: { ...session.headers, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(logout.status).toBe(204);
    expect((await me(a, session.accessToken)).status).toBe(401);
    expect((await me(b, session.accessToken)).status).toBe(401);
  });

  it('share the failed-login throttle: 3 failures on one and 3 on the other slow the account on both', async () => {
    const user = await createVerifiedUser(inject('databaseUrl'));
    const attempt = (api: { baseUrl: string }, password: string) =>
      fetch(`${api.baseUrl}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': randomClientIp() },
        body: JSON.stringify({ email: user.email, password }),
      });
    for (const api of [a, a, a, b, b, b]) expect((await attempt(api, 'a wrong password')).status).toBe(401);
    const onA = await attempt(a, user.password);
    const onB = await attempt(b, user.password);
    expect(onA.status).toBe(429);
    expect(onB.status).toBe(429);
    expect(Number(onB.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('share refresh-token rotation: a token rotated on one is refused as reuse on the other', async () => {
    const user = await createVerifiedUser(inject('databaseUrl'));
    const login = await json(
      await fetch(`${a.baseUrl}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: user.email, password: user.password, tokenDelivery: 'body' }),
      }),
    );
    const refresh = (api: { baseUrl: string }, refreshToken: string) =>
      fetch(`${api.baseUrl}/api/auth/refresh`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ refreshToken }) });
    const rotated = await refresh(a, login.refreshToken);
    expect(rotated.status).toBe(200);
    const { accessToken } = await json(rotated);
    expect((await refresh(b, login.refreshToken)).status).toBe(401);
    expect((await me(a, accessToken)).status).toBe(401);
  });
});
