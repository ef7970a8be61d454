import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { json } from './support/http.js';
import { startApi, type TestApi } from './support/api.js';
import { TcpProxy } from './support/tcp-proxy.js';

/** The API reaches PostgreSQL and Redis through relays the test can cut, like a network outage. */
let api: TestApi;
let pgProxy: TcpProxy;
let redisProxy: TcpProxy;

beforeAll(async () => {
  const db = new URL(inject('databaseUrl'));
  const redis = new URL(inject('redisUrl'));
  pgProxy = await new TcpProxy(Number(db.port || 5432), db.hostname).start();
  redisProxy = await new TcpProxy(Number(redis.port || 6379), redis.hostname).start();
  db.host = `127.0.0.1:${pgProxy.port}`;
  redis.host = `127.0.0.1:${redisProxy.port}`;
  api = await startApi({ DATABASE_URL: db.toString(), REDIS_URL: redis.toString(), QUEUE_PREFIX: inject('queuePrefix') });
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

  it('answers 503 naming the queue when Redis is unreachable', async () => {
    await redisProxy.cut();
    const down = await health();
    expect(down.status).toBe(503);
    expect(down.body).toMatchObject({ message: 'Unavailable: queue', details: { database: 'up', queue: 'down' } });
    expect(await health('/api/health/ready')).toMatchObject({ status: 503, body: { details: { database: 'up', queue: 'down' } } });
    expect(await health('/api/health/live')).toEqual({ status: 200, body: { status: 'ok' } });
    await redisProxy.restore();
  });
});
