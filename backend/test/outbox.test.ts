import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import pg from 'pg';
import { pino } from 'pino';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDataSource } from '../src/database.js';
import { runMigrations } from '../src/infra/database/migrate.js';
import { BullmqJobQueue } from '../src/infra/queue/bullmq-job-queue.js';
import { JobCatalogue, type JobCatalogueEntries } from '../src/infra/queue/job.types.js';
import { OutboxRelay } from '../src/infra/queue/outbox.js';
import { createScratchDatabase } from './support/databases.js';
import { TcpProxy } from './support/tcp-proxy.js';

/**
 * The outbox relay against the real PostgreSQL and Redis: a batch goes to BullMQ in one addBulk
 * per queue, each job under its business id, the rows are marked (or dropped, for jobs that name
 * an address), and with Redis unreachable nothing is marked and every row keeps the error.
 */
let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
let ds: DataSource;
let db: pg.Client;
const catalogue = new JobCatalogue({
  'system.ping': { queue: 'relay-a' },
  'mail.send': { queue: 'relay-b', removeOnComplete: true },
} as unknown as JobCatalogueEntries);
const silent = pino({ level: 'silent' });

beforeAll(async () => {
  scratch = await createScratchDatabase(inject('serverUrl'));
  ds = createDataSource({ url: scratch.url, poolMax: 2 });
  await ds.initialize();
  await runMigrations(ds);
  db = new pg.Client({ connectionString: scratch.url });
  await db.connect();
});

afterAll(async () => {
  await db?.end();
  await ds?.destroy();
  await scratch?.drop();
});

/** `count` outbox rows of a job, ids `${prefix}-${i}`. */
async function write(name: string, prefix: string, count: number): Promise<void> {
  await db.query(
    `INSERT INTO job_outbox (job_name, job_id, payload) SELECT $1, $2 || '-' || i, jsonb_build_object('n', i) FROM generate_series(1, $3::int) AS i`,
    [name, prefix, count],
  );
}

describe('the outbox relay', () => {
  it('moves every row to its queue under its job id, in batches, marking sent rows and dropping those that name an address', async () => {
    const prefix = `${inject('queuePrefix')}-relay-${Date.now().toString(36)}`;
    const jobs = new BullmqJobQueue({ redisUrl: inject('redisUrl'), prefix }, catalogue, silent);
    const relay = new OutboxRelay(ds, jobs, catalogue, silent);
    const redis = new Redis(inject('redisUrl'));
    const queues = ['relay-a', 'relay-b'].map((name) => new Queue(name, { connection: redis, prefix }));
    try {
      await write('system.ping', 'ping', 70);
      await write('mail.send', 'mail', 50);
      expect(await relay.drain()).toBe(120);
      const [a, b] = queues as [Queue, Queue];
      expect(await a.getWaitingCount()).toBe(70);
      expect(await b.getWaitingCount()).toBe(50);
      const job = await a.getJob('ping-42');
      expect(job?.name).toBe('system.ping');
      expect(job?.data.payload).toEqual({ n: 42 });
      expect(job?.opts.attempts).toBe(5); // the queue's defaults apply to a bulk add as to one job
      expect((await b.getJob('mail-7'))?.opts.removeOnComplete).toBe(true);
      const rows = (await db.query(`SELECT job_name, count(*)::int AS n, count(sent_at)::int AS sent FROM job_outbox GROUP BY job_name`)).rows;
      expect(rows).toEqual([{ job_name: 'system.ping', n: 70, sent: 70 }]);

      // Relayed again (a crash between the enqueue and the commit): BullMQ keeps one job per id.
      await db.query(`UPDATE job_outbox SET sent_at = NULL`);
      expect(await relay.drain()).toBe(70);
      expect(await a.getWaitingCount()).toBe(70);
    } finally {
      for (const queue of queues) await queue.obliterate({ force: true }).catch(() => undefined);
      for (const queue of queues) await queue.close();
      await jobs.onApplicationShutdown();
      redis.disconnect();
      await db.query(`DELETE FROM job_outbox`);
    }
  });

  it('with Redis unreachable marks nothing sent, counts the attempt and keeps the error on every row of the batch', async () => {
    const redisUrl = new URL(inject('redisUrl'));
    const proxy = await new TcpProxy(Number(redisUrl.port || 6379), redisUrl.hostname).start();
    await proxy.cut();
    const prefix = `${inject('queuePrefix')}-relay-down-${Date.now().toString(36)}`;
    const jobs = new BullmqJobQueue({ redisUrl: `redis://127.0.0.1:${proxy.port}`, prefix }, catalogue, silent);
    const relay = new OutboxRelay(ds, jobs, catalogue, silent);
    try {
      await write('system.ping', 'down', 3);
      expect(await relay.drain()).toBe(0);
      const rows = (await db.query(`SELECT sent_at, attempts, last_error FROM job_outbox ORDER BY id`)).rows;
      expect(rows).toHaveLength(3);
      for (const row of rows) {
        expect(row.sent_at).toBeNull();
        expect(row.attempts).toBe(1);
        expect(row.last_error).toEqual(expect.any(String));
      }
    } finally {
      await jobs.onApplicationShutdown();
      await proxy.cut();
      await db.query(`DELETE FROM job_outbox`);
    }
  });
});
