import { Queue } from 'bullmq';
import pg from 'pg';
import { pino } from 'pino';
import { afterEach, describe, expect, inject, it } from 'vitest';
import type { JobHandlerRegistry } from '../src/infra/queue/job-handler.registry.js';
import { JobCatalogue, type JobCatalogueEntries } from '../src/infra/queue/job.types.js';
import { QueueConsumer } from '../src/infra/queue/queue-consumer.js';
import { freePort } from '../../scripts/lib/net.js';
import { signInAsNewAdmin } from './support/admin.js';
import { json } from './support/http.js';
import { eventually, spawnApi, spawnService, spawnWorker, type ServiceProcess } from './support/processes.js';
import { TcpProxy } from './support/tcp-proxy.js';

/** The worker process: WORKER_CONCURRENCY over all queues, its health check, SIGTERM with Redis gone. */
const running: ServiceProcess[] = [];
const proxies: TcpProxy[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((p) => p.stop('SIGKILL')));
  await Promise.all(proxies.splice(0).map((p) => p.cut()));
});

const baseEnv = () => ({ DATABASE_URL: inject('databaseUrl'), REDIS_URL: inject('redisUrl'), QUEUE_PREFIX: inject('queuePrefix'), MIGRATIONS_RUN: 'false' });

/** Redis behind a relay the test can cut. */
async function redisBehindProxy(): Promise<{ proxy: TcpProxy; url: string }> {
  const redis = new URL(inject('redisUrl'));
  const proxy = await new TcpProxy(Number(redis.port || 6379), redis.hostname).start();
  proxies.push(proxy);
  redis.host = `127.0.0.1:${proxy.port}`;
  return { proxy, url: redis.toString() };
}

/** Runs dist/worker-health.js (compose's healthcheck) against a port: its exit code and output. */
async function healthCheck(port: number): Promise<{ code: number | null; out: string }> {
  const check = spawnService('worker-health.js', { WORKER_HEALTH_PORT: String(port) });
  const { code } = await check.exited;
  return { code, out: check.output() };
}

describe('WORKER_CONCURRENCY', () => {
  it('is the total the process runs at once over every queue, not a number per queue', async () => {
    const prefix = `${inject('queuePrefix')}-concurrency`;
    // Two queues, as jobs of two modules would be; each handler takes 150 ms.
    const catalogue = new JobCatalogue({ 'system.ping': { queue: 'qa' }, 'mail.send': { queue: 'qb' } } as unknown as JobCatalogueEntries);
    let now = 0;
    let peak = 0;
    let done = 0;
    const registry = {
      run: async () => {
        now += 1;
        peak = Math.max(peak, now);
        await new Promise((r) => setTimeout(r, 150));
        now -= 1;
        done += 1;
      },
    } as unknown as JobHandlerRegistry;
    const consumer = new QueueConsumer(registry, catalogue, pino({ level: 'silent' }), { redisUrl: inject('redisUrl'), prefix, concurrency: 3 });
    const queues = ['qa', 'qb'].map((name) => new Queue(name, { connection: { url: inject('redisUrl') }, prefix }));
    try {
      for (const queue of queues)
        await queue.addBulk(Array.from({ length: 12 }, (_, i) => ({ name: 'job', data: { payload: {} }, opts: { jobId: `${queue.name}-${i}` } })));
      consumer.start();
      await eventually(async () => (done === 24 ? true : undefined), 30_000);
      // Each queue's Worker alone may take 3; the process never ran more than 3 handlers, and did use all 3.
      expect(peak).toBe(3);
      expect(consumer.slots.peak).toBe(3);
      for (const queue of queues) expect(await queue.getCompletedCount()).toBe(12);
    } finally {
      await consumer.close();
      for (const queue of queues) {
        await queue.obliterate({ force: true });
        await queue.close();
      }
    }
  });
});

describe('worker health check (dist/worker-health.js)', () => {
  it('is healthy while the worker runs with Redis and PostgreSQL, unhealthy while Redis is gone or once the worker stopped', async () => {
    const { proxy, url } = await redisBehindProxy();
    const port = await freePort();
    const worker = await spawnWorker({ ...baseEnv(), REDIS_URL: url, WORKER_HEALTH_PORT: String(port) });
    running.push(worker);

    const healthy = await healthCheck(port);
    expect(healthy.code, healthy.out).toBe(0);
    expect(JSON.parse(healthy.out)).toEqual({ status: 'ok', consuming: true, redis: 'up', database: 'up' });

    await proxy.cut();
    const down = await healthCheck(port);
    expect(down.code, down.out).toBe(1);
    expect(JSON.parse(down.out)).toMatchObject({ status: 'down', redis: 'down', database: 'up' });

    await proxy.restore();
    await eventually(async () => ((await healthCheck(port)).code === 0 ? true : undefined), 20_000);

    await worker.stop('SIGKILL');
    const stopped = await healthCheck(port);
    expect(stopped.code).toBe(1);
    expect(stopped.out).toContain('worker unhealthy');
  });
});

describe('SIGTERM', () => {
  it('lets the running job finish and exits within seconds, also when Redis went away during the job', async () => {
    const api = await spawnApi(baseEnv());
    running.push(api);
    const { proxy, url } = await redisBehindProxy();
    const worker = await spawnWorker({ ...baseEnv(), REDIS_URL: url, SHUTDOWN_TIMEOUT_MS: '25000' });
    running.push(worker);
    const admin = await signInAsNewAdmin(api.baseUrl, inject('databaseUrl'));
    const res = await fetch(`${api.baseUrl}/api/system/pings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...admin.headers },
      body: JSON.stringify({ label: 'SIGTERM with Redis gone', workMs: 3_000 }),
    });
    const ping = (await json(res)) as { id: string };
    await eventually(async () => (worker.output().includes(`"jobId":"system.ping-${ping.id}"`) && worker.output().includes('job started') ? true : undefined));

    await proxy.cut();
    const started = Date.now();
    worker.child.kill('SIGTERM');
    const { code } = await worker.exited;
    const tookMs = Date.now() - started;
    // 3 s of work, then at most 3 s for the queue to record it and 3 s for the application to close.
    expect(tookMs).toBeLessThan(12_000);
    expect(code, worker.output().slice(-2000)).toBe(0);
    const db = new pg.Client({ connectionString: inject('databaseUrl') });
    await db.connect();
    const { rows } = await db.query(`SELECT status, processed_by FROM system_pings WHERE id = $1`, [ping.id]);
    await db.end();
    expect(rows).toEqual([{ status: 'done', processed_by: expect.stringContaining(`:${worker.child.pid}`) }]);
  });
});
