import { Queue } from 'bullmq';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
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
let certificateRoot: string;
const running: ServiceProcess[] = [];
const proxies: TcpProxy[] = [];

beforeAll(async () => {
  ds = createDataSource({ url: inject('databaseUrl'), poolMax: 2 });
  await ds.initialize();
  db = new pg.Client({ connectionString: inject('databaseUrl') });
  await db.connect();
  course = await completionCourse(ds);
  certificateRoot = await mkdtemp(join(tmpdir(), 'htmse-certificate-faults-'));
});

afterEach(async () => {
  await Promise.all(running.splice(0).map((p) => p.stop('SIGKILL')));
  await Promise.all(proxies.splice(0).map((p) => p.cut()));
});

afterAll(async () => {
  await db?.end();
  await ds?.destroy();
  if (certificateRoot) await rm(certificateRoot, { recursive: true, force: true });
});

const workerEnv = (prefix: string, redisUrl = inject('redisUrl')) => ({
  // Each test its own store, so its files can be counted.
  CERTIFICATE_DIR: join(certificateRoot, prefix),
  DATABASE_URL: inject('databaseUrl'),
  REDIS_URL: redisUrl,
  QUEUE_PREFIX: prefix,
  MIGRATIONS_RUN: 'false',
  WORKER_CONCURRENCY: '5',
  // A job whose worker was killed runs again within about 2 x 3 s.
  WORKER_LOCK_MS: '3000',
});

/**
 * What the completions ended with: how many certificates each has (exactly 1 expected), how many
 * codes, and the PDF files in the store (one per certificate, each the file its row names).
 */
async function certificatesOf(prefix: string, completionIds: string[]) {
  const { rows } = await db.query<{ completion_id: string; n: number; keys: string[] }>(
    `SELECT c.id AS completion_id, count(cert.id)::int AS n, coalesce(array_agg(cert.storage_key) FILTER (WHERE cert.id IS NOT NULL), '{}') AS keys
       FROM unnest($1::uuid[]) AS c(id) LEFT JOIN certificates cert ON cert.completion_id = c.id
      GROUP BY c.id`,
    [completionIds],
  );
  const perCompletion = new Map<number, number>();
  for (const r of rows) perCompletion.set(r.n, (perCompletion.get(r.n) ?? 0) + 1);
  const dir = join(certificateRoot, prefix);
  const files: string[] = [];
  for (const d of await readdir(dir).catch(() => [])) for (const f of await readdir(join(dir, d))) files.push(`${d}/${f}`);
  const pdfs = files.filter((f) => f.endsWith('.pdf'));
  const keys = rows.flatMap((r) => r.keys);
  return {
    /** certificates per completion -> how many completions have that many */
    perCompletion: Object.fromEntries(perCompletion),
    files: pdfs.length,
    filesMatchingRows: keys.filter((k) => pdfs.includes(k)).length,
    /** temporary files a killed worker left mid-write (never served; an operator may delete them) */
    partialWrites: files.length - pdfs.length,
  };
}

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

/** Waits until every completion's job completed in Redis; on timeout, says where the jobs are and why any failed. */
async function allCompleted(prefix: string, ids: string[], timeoutMs: number, worker: ServiceProcess): Promise<void> {
  await eventually(async () => ((await outcome(prefix, ids)).completed === ids.length ? true : undefined), timeoutMs).catch(async (err: unknown) => {
    const states = (await outcome(prefix, ids)).other;
    const queue = new Queue('learning', { connection: { url: inject('redisUrl') }, prefix });
    const reasons = [...new Set((await queue.getFailed()).map((j) => j.failedReason))];
    await queue.close();
    const tally = states.reduce<Record<string, number>>((a, st) => ({ ...a, [st]: (a[st] ?? 0) + 1 }), {});
    const warnings = worker
      .output()
      .split('\n')
      .filter((l) => l.includes('"level":50') || l.includes('"level":40'))
      .slice(-5);
    throw new Error(`not all issued: ${JSON.stringify(tally)}; failed: ${reasons.join(' | ')}\n${warnings.join('\n')}`, { cause: err });
  });
}

async function obliterate(prefix: string) {
  for (const name of ['learning', 'certificates', 'mail', 'system', 'identity', 'assessment']) {
    const queue = new Queue(name, { connection: { url: inject('redisUrl') }, prefix });
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
  }
}

/**
 * SIGKILL once the worker has finished `after` jobs and while at least one more runs (so the jobs
 * a previous kill left stalled, which a worker takes first, can finish); if it runs out of work
 * first, after `idleMs` anyway. Answers whether a job was running at the kill.
 */
async function killMidJob(worker: ServiceProcess, after: number, idleMs = 10_000): Promise<boolean> {
  const inFlight = () => count(worker.output(), 'job started') > count(worker.output(), 'job completed');
  // It may have run jobs already, beside the worker killed before it: count from now.
  const before = count(worker.output(), 'job completed');
  await new Promise<void>((resolve) => {
    const kill = () => {
      worker.child.stdout?.off('data', check);
      clearTimeout(timer);
      worker.child.kill('SIGKILL');
      resolve();
    };
    const check = () => {
      if (count(worker.output(), 'job completed') - before >= after && inFlight()) kill();
    };
    const timer = setTimeout(kill, idleMs);
    worker.child.stdout?.on('data', check);
    check();
  });
  await worker.exited;
  return inFlight();
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
      // Killed after a few jobs, while one is running (rendering, storing, recording).
      if (await killMidJob(worker, 2 + (round % 5))) killedMidJob++;
      handlerRuns += count(worker.output(), 'job started');
    }
    // A last worker that is left alone picks up what the killed ones held (their locks expire).
    const last = await standby;
    await allCompleted(prefix, ids, 180_000, last);
    handlerRuns += count(last.output(), 'job started');
    const result = await outcome(prefix, ids);
    process.stdout.write(
      `kill -9: ${KILLS} kills (${killedMidJob} with a job running), ${handlerRuns} handler runs for ${BATCH} completions, ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
    );
    const issued = await certificatesOf(prefix, ids);
    process.stdout.write(`kill -9: ${JSON.stringify(issued)}\n`);
    expect(killedMidJob).toBeGreaterThanOrEqual(KILLS - 2);
    expect(result).toEqual({ completed: BATCH, other: [] });
    expect(issued).toMatchObject({ perCompletion: { 1: BATCH }, files: BATCH, filesMatchingRows: BATCH });
    await obliterate(prefix);
  }, 480_000);

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
    await allCompleted(prefix, ids, 180_000, worker);
    expect(await outcome(prefix, ids)).toEqual({ completed: BATCH, other: [] });
    const issued = await certificatesOf(prefix, ids);
    process.stdout.write(`Redis outage: ${JSON.stringify(issued)}\n`);
    expect(issued).toMatchObject({ perCompletion: { 1: BATCH }, files: BATCH, filesMatchingRows: BATCH, partialWrites: 0 });
    const { rows } = await db.query(`SELECT count(*)::int AS n FROM job_outbox WHERE job_id = ANY($1::text[]) AND sent_at IS NULL`, [
      ids.map((id) => `course.completed-${id}`),
    ]);
    expect(rows[0].n).toBe(0);
    process.stdout.write(`Redis outage: ${count(worker.output(), 'job started')} handler runs for ${BATCH} completions\n`);
    await obliterate(prefix);
  }, 300_000);
});
