import { Queue } from 'bullmq';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDataSource } from '../src/database.js';
import { commitCompletions, completionCourse, type CompletionCourse } from './support/completions.js';
import { eventually, spawnWorker, type ServiceProcess } from './support/processes.js';
import { TcpProxy } from './support/tcp-proxy.js';

/**
 * Issue #11's fault acceptance, with the real Redis and real worker processes (started as
 * processes.test.ts starts them): completions committed with their `course.completed` outbox
 * row, as the learning module commits them; the worker's outbox relay queues them and its
 * handler issues the certificates. Whatever happens to the worker or to Redis, every completion
 * ends with exactly one certificate.
 */
const BATCH = 200;
const KILLS = 20;

let ds: DataSource;
let db: pg.Client;
let course: CompletionCourse;
let certificateDir: string;
const running: ServiceProcess[] = [];
const proxies: TcpProxy[] = [];

beforeAll(async () => {
  ds = createDataSource({ url: inject('databaseUrl'), poolMax: 2 });
  await ds.initialize();
  db = new pg.Client({ connectionString: inject('databaseUrl') });
  await db.connect();
  course = await completionCourse(ds);
  certificateDir = await mkdtemp(join(tmpdir(), 'htmse-certificate-faults-'));
});

afterEach(async () => {
  await Promise.all(running.splice(0).map((p) => p.stop('SIGKILL')));
  await Promise.all(proxies.splice(0).map((p) => p.cut()));
});

afterAll(async () => {
  await db?.end();
  await ds?.destroy();
  if (certificateDir) await rm(certificateDir, { recursive: true, force: true });
});

const workerEnv = (prefix: string, redisUrl = inject('redisUrl')) => ({
  DATABASE_URL: inject('databaseUrl'),
  REDIS_URL: redisUrl,
  QUEUE_PREFIX: prefix,
  MIGRATIONS_RUN: 'false',
  WORKER_CONCURRENCY: '5',
  // A job whose worker was killed runs again within about 2 x 1.5 s.
  WORKER_LOCK_MS: '1500',
  CERTIFICATE_DIR: certificateDir,
});

/** Per completion: how many times its `course.completed` job completed in Redis (0 or 1), by job state. */
async function outcome(prefix: string, completionIds: string[]) {
  const queue = new Queue('learning', { connection: { url: inject('redisUrl') }, prefix });
  try {
    const states = await Promise.all(completionIds.map(async (id) => (await queue.getJobState(`course.completed-${id}`)) as string));
    return { completed: states.filter((s) => s === 'completed').length, other: states.filter((s) => s !== 'completed') };
  } finally {
    await queue.close();
  }
}

async function obliterate(prefix: string) {
  for (const name of ['learning', 'certificates', 'mail', 'system', 'identity', 'assessment']) {
    const queue = new Queue(name, { connection: { url: inject('redisUrl') }, prefix });
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
  }
}

/** SIGKILL as soon as the worker's output says a course.completed job started. */
async function killAtFirstJob(worker: ServiceProcess): Promise<void> {
  const started = () => count(worker.output(), 'job started') > 0;
  await new Promise<void>((resolve) => {
    const check = () => {
      if (!started()) return;
      worker.child.stdout?.off('data', check);
      worker.child.kill('SIGKILL');
      resolve();
    };
    worker.child.stdout?.on('data', check);
    check();
  });
  await worker.exited;
}

/** "job started" / "job completed" lines of a worker's output for course.completed jobs. */
const count = (out: string, msg: string) => out.split('\n').filter((l) => l.includes('"job":"course.completed"') && l.includes(`"msg":"${msg}"`)).length;

describe('certificate issuance under faults', () => {
  it(`kill -9 of the worker in the middle of jobs, ${KILLS} times over ${BATCH} completions: exactly one certificate each`, async () => {
    const prefix = `${inject('queuePrefix')}-kill9`;
    const ids: string[] = [];
    let killedMidJob = 0;
    let handlerRuns = 0;
    const started = Date.now();
    // The next worker boots while the current one runs (a boot takes seconds on a busy machine).
    const boot = () => {
      const next = spawnWorker(workerEnv(prefix));
      void next.then((w) => running.push(w)).catch(() => undefined);
      return next;
    };
    let standby = boot();
    for (let round = 0; round < KILLS; round++) {
      // A tenth of the cohort completes, then a worker takes it and is killed while a job runs.
      ids.push(...(await commitCompletions(ds, course, BATCH / KILLS, `kill-${round}`)));
      const worker = await standby;
      standby = boot();
      // Killed the moment it says it started a job (the handler is then rendering and storing).
      await killAtFirstJob(worker);
      if (count(worker.output(), 'job started') > count(worker.output(), 'job completed')) killedMidJob++;
      handlerRuns += count(worker.output(), 'job started');
    }
    // A last worker that is left alone picks up what the killed ones held (their locks expire).
    const last = await standby;
    await eventually(async () => ((await outcome(prefix, ids)).completed === BATCH ? true : undefined), 60_000);
    handlerRuns += count(last.output(), 'job started');
    const result = await outcome(prefix, ids);
    process.stdout.write(
      `kill -9: ${KILLS} kills (${killedMidJob} with a job running), ${handlerRuns} handler runs for ${BATCH} completions, ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
    );
    expect(killedMidJob).toBeGreaterThanOrEqual(KILLS - 2);
    expect(result).toEqual({ completed: BATCH, other: [] });
    await obliterate(prefix);
  }, 240_000);

  it(`Redis unreachable for a while, then back: exactly one certificate for each of ${BATCH} completions`, async () => {
    const prefix = `${inject('queuePrefix')}-outage`;
    const redis = new URL(inject('redisUrl'));
    const proxy = await new TcpProxy(Number(redis.port || 6379), redis.hostname).start();
    proxies.push(proxy);
    redis.host = `127.0.0.1:${proxy.port}`;
    const worker = await spawnWorker(workerEnv(prefix, redis.toString()));
    running.push(worker);

    const ids = await commitCompletions(ds, course, BATCH / 2, 'outage-before');
    // Redis goes away while jobs run...
    await eventually(async () => (count(worker.output(), 'job completed') >= 20 ? true : undefined), 60_000);
    await proxy.cut();
    // ...completions keep being committed meanwhile (their outbox rows wait)...
    ids.push(...(await commitCompletions(ds, course, BATCH / 2, 'outage-during')));
    await new Promise((r) => setTimeout(r, 5_000));
    // ...and comes back.
    await proxy.restore();
    await eventually(async () => ((await outcome(prefix, ids)).completed === BATCH ? true : undefined), 90_000);
    expect(await outcome(prefix, ids)).toEqual({ completed: BATCH, other: [] });
    const { rows } = await db.query(`SELECT count(*)::int AS n FROM job_outbox WHERE job_id = ANY($1::text[]) AND sent_at IS NULL`, [
      ids.map((id) => `course.completed-${id}`),
    ]);
    expect(rows[0].n).toBe(0);
    process.stdout.write(`Redis outage: ${count(worker.output(), 'job started')} handler runs for ${BATCH} completions\n`);
    await obliterate(prefix);
  }, 180_000);
});
