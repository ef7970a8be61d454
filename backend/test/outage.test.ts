import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { json } from './support/http.js';
import { signInAsNewAdmin, type SignedIn } from './support/admin.js';
import { startApi, type TestApi } from './support/api.js';
import { TcpProxy } from './support/tcp-proxy.js';

/** The API reaches PostgreSQL and Redis through relays the test can cut, like a network outage. */
let api: TestApi;
let pgProxy: TcpProxy;
let redisProxy: TcpProxy;
let admin: SignedIn;

beforeAll(async () => {
  const db = new URL(inject('databaseUrl'));
  const redis = new URL(inject('redisUrl'));
  pgProxy = await new TcpProxy(Number(db.port || 5432), db.hostname).start();
  redisProxy = await new TcpProxy(Number(redis.port || 6379), redis.hostname).start();
  db.host = `127.0.0.1:${pgProxy.port}`;
  redis.host = `127.0.0.1:${redisProxy.port}`;
  api = await startApi({ DATABASE_URL: db.toString(), REDIS_URL: redis.toString(), QUEUE_PREFIX: `${inject('queuePrefix')}-outage` });
  admin = await signInAsNewAdmin(api.baseUrl, inject('databaseUrl'));
});
afterAll(async () => {
  await api?.close();
  await pgProxy?.cut();
  await redisProxy?.cut();
});

const health = async (path = '/api/health') => {
  const res = await fetch(`${api.baseUrl}${path}`);
  return { status: res.status, body: await json(res) };
};

describe('health during an outage', () => {
  it('answers 503 naming the database when PostgreSQL is unreachable, and recovers', async () => {
    expect((await health()).status).toBe(200);
    await pgProxy.cut();
    const down = await health();
    expect(down.status).toBe(503);
    expect(down.body).toMatchObject({
      statusCode: 503,
      code: 'SERVICE_UNAVAILABLE',
      message: 'Unavailable: database',
      details: { database: 'down', queue: 'up' },
    });
    expect(typeof down.body.requestId).toBe('string');
    // Readiness says the same; liveness does not consult PostgreSQL, so nobody restarts the API for it.
    expect(await health('/api/health/ready')).toMatchObject({ status: 503, body: { details: { database: 'down', queue: 'up' } } });
    expect(await health('/api/health/live')).toEqual({ status: 200, body: { status: 'ok' } });
    await pgProxy.restore();
    let back = await health();
    for (let i = 0; i < 20 && back.status !== 200; i++) back = await health();
    expect(back).toEqual({ status: 200, body: { status: 'ok', database: 'up', queue: 'up' } });
    expect(await health('/api/health/ready')).toEqual({ status: 200, body: { status: 'ok', database: 'up', queue: 'up' } });
  });

  it('answers 503 naming the queue when Redis is unreachable, on health and on what needs Redis, and recovers when it returns', async () => {
    await redisProxy.cut();
    const down = await health();
    expect(down.status).toBe(503);
    expect(down.body).toMatchObject({ message: 'Unavailable: queue', details: { database: 'up', queue: 'down' } });
    expect(await health('/api/health/ready')).toMatchObject({ status: 503, body: { details: { database: 'up', queue: 'down' } } });
    expect(await health('/api/health/live')).toEqual({ status: 200, body: { status: 'ok' } });
    // What needs Redis meanwhile says so: 503 in the error shape, not a 500.
    const during = await fetch(`${api.baseUrl}/api/system/pings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...admin.headers },
      body: JSON.stringify({ label: 'during the Redis outage' }),
    });
    expect(during.status).toBe(503);
    expect(await json(during)).toMatchObject({ statusCode: 503, code: 'SERVICE_UNAVAILABLE', details: { queue: 'down' }, requestId: expect.any(String) });
    const loginDuring = await fetch(`${api.baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: admin.email, password: 'not the password at all' }),
    });
    expect(loginDuring.status).toBe(503);
    expect(await json(loginDuring)).toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
    await redisProxy.restore();

    // Health, the job producer and the rate limiter (each its own Redis connection) all come back.
    const deadline = Date.now() + 20_000;
    let back = await health();
    while (back.status !== 200 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 250));
      back = await health();
    }
    expect(back).toEqual({ status: 200, body: { status: 'ok', database: 'up', queue: 'up' } });

    const ping = await fetch(`${api.baseUrl}/api/system/pings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...admin.headers },
      body: JSON.stringify({ label: 'after the Redis outage' }),
    });
    expect(ping.status, await ping.clone().text()).toBe(202);
    expect(await json(ping)).toMatchObject({ status: 'queued' });

    // A failed sign-in is counted in Redis: it must be the ordinary 401, not a 503.
    const login = await fetch(`${api.baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: admin.email, password: 'not the password at all' }),
    });
    expect(login.status, await login.clone().text()).toBe(401);
  });
});
