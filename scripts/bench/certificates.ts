/**
 * `npm run bench -- --only certificates`: certificates issued end to end, per second, next to a
 * raw loop of the same rendering and file write, in the same run (docs/performance.md).
 *
 * - raw:        scripts/bench/certificate-raw.ts in a process of its own: the certificates
 *               module's pdfkit renderer (same fonts, parsed once) and its local store's write,
 *               one after another, nothing else.
 * - end to end: ONE worker process (backend/dist/worker.js, WORKER_CONCURRENCY as configured,
 *               default 5). A cohort of completions is committed in one transaction, each with its
 *               `course.completed` outbox row, as the learning module commits a completion; the
 *               clock runs from that commit until the last certificate row is recorded (its PDF is
 *               stored before the row commits). In between: the outbox relay (polled every 0.5 s by
 *               the API and the worker: the bench's commit does not nudge them, an API commit would),
 *               BullMQ, the handler (completion read, PDF, credential, store, row, mail job).
 *   Measured twice: alone, and while the API serves a steady read load (GET /api/courses at a
 *   fixed rate), whose p99 is reported beside the same load's p99 without issuance.
 */
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort, waitForHttp } from '../lib/net.js';
import { startProcess, stopProcess } from '../lib/processes.js';

export interface CertificateBenchOptions {
  root: string;
  env: NodeJS.ProcessEnv;
  dbUrl: string;
  apiOrigin: string;
  /** The course the cohort completes (slug). */
  slug: string;
  cohort: number;
  /** Requests per second of the steady read load. */
  readRate: number;
}

export interface CertificateBenchResult {
  rows: Record<string, string | number>[];
  summary: string[];
  failed: boolean;
}

/** `count` learners complete the course in one transaction, each completion with its outbox row. Answers the completion ids. */
async function commitCohort(db: pg.Client, courseId: string, versionId: string, count: number, label: string): Promise<string[]> {
  await db.query('BEGIN');
  try {
    const { rows } = await db.query<{ id: string }>(
      `WITH people AS (
         INSERT INTO users (email, display_name, password_hash, email_verified_at)
         SELECT 'cohort-' || $3 || '-' || i || '@bench.invalid', 'Learner ' || i || ' Zoë Ødegård-Nguyễn 李', 'hash', now()
           FROM generate_series(1, $4::int) AS i
         RETURNING id
       ), enrolled AS (
         INSERT INTO enrolments (user_id, course_id, course_version_id) SELECT id, $1, $2 FROM people RETURNING id, user_id
       ), completed AS (
         INSERT INTO course_completions (enrolment_id, user_id, course_id, course_version_id, final_score)
         SELECT id, user_id, $1, $2, 85 FROM enrolled
         RETURNING id, enrolment_id, user_id, completed_at
       ), outbox AS (
         INSERT INTO job_outbox (job_name, job_id, payload)
         SELECT 'course.completed', 'course.completed-' || id,
                jsonb_build_object('completionId', id, 'enrolmentId', enrolment_id, 'userId', user_id, 'courseId', $1::uuid,
                                   'courseVersionId', $2::uuid, 'completedAt', to_char(completed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
           FROM completed
         RETURNING job_id
       )
       SELECT id FROM completed`,
      [courseId, versionId, label, count],
    );
    await db.query('COMMIT');
    return rows.map((r) => r.id);
  } catch (err) {
    await db.query('ROLLBACK');
    throw err;
  }
}

/** How many certificate rows there are (the cheap poll: a count of a small table, not a lookup of every completion). */
async function certificateCount(db: pg.Client): Promise<number> {
  return (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM certificates`)).rows[0]!.n;
}

/**
 * Seconds from now until every completion has its certificate recorded. Polls every 50 ms with a
 * plain count (the bench issues nothing else meanwhile; `before` is the count before the cohort's
 * commit), then checks once that these very completions have their certificates, so the poll
 * itself takes little of the database's CPU from the issuance it measures.
 */
async function untilIssued(db: pg.Client, before: number, ids: string[], timeoutMs: number): Promise<number> {
  const started = performance.now();
  for (;;) {
    const n = (await certificateCount(db)) - before;
    if (n >= ids.length) {
      const seconds = (performance.now() - started) / 1000;
      const { rows } = await db.query<{ n: number }>(`SELECT count(DISTINCT completion_id)::int AS n FROM certificates WHERE completion_id = ANY($1::uuid[])`, [
        ids,
      ]);
      if (rows[0]!.n !== ids.length) throw new Error(`${n} new certificates but only ${rows[0]!.n} of the cohort's ${ids.length} completions have one`);
      return seconds;
    }
    if (performance.now() - started > timeoutMs) throw new Error(`only ${n} of ${ids.length} certificates after ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * An SMTP server that accepts every message and keeps none: the certificate mails go somewhere,
 * as they would in production, instead of failing and being retried (which would take the
 * worker's slots). The worker reaches it with `?pool=true` (nodemailer keeps up to 5 connections
 * open), as a deployment that mails a cohort's certificates should (docs/operations.md). Answers the port.
 */
async function smtpSink(): Promise<{ server: Server; port: number; accepted: () => number }> {
  let accepted = 0;
  const server = createServer((socket) => {
    let inData = false;
    let buffer = '';
    socket.write('220 bench.invalid ESMTP\r\n');
    socket.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('latin1');
      let end: number;
      while ((end = buffer.indexOf('\r\n')) >= 0) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (inData) {
          if (line === '.') {
            inData = false;
            accepted++;
            socket.write('250 OK\r\n');
          }
          continue;
        }
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO') socket.write('250-bench.invalid\r\n250 8BITMIME\r\n');
        else if (verb === 'DATA') {
          inData = true;
          socket.write('354 go ahead\r\n');
        } else if (verb === 'QUIT') socket.end('221 bye\r\n');
        else socket.write('250 OK\r\n');
      }
    });
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return { server, port: typeof address === 'object' && address ? address.port : 0, accepted: () => accepted };
}

const CLK_TCK = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;

/** CPU time (user + system) a process has used so far, in ms (/proc/<pid>/stat). */
function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLK_TCK;
}

/** CPU ms of one thread of a process (/proc/<pid>/task/<tid>/stat); 0 when it is gone. */
function threadCpuMs(pid: number, tid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLK_TCK;
  } catch {
    return 0;
  }
}

/** The CPU ms of the pids that still run (a pid that ended since counts 0). */
function cpuOfAll(pids: number[]): number {
  let total = 0;
  for (const pid of pids) {
    try {
      total += cpuMs(pid);
    } catch {
      // ended
    }
  }
  return total;
}

/** The CPU ms of a process's threads by thread name (/proc/<pid>/task/<tid>/comm: "node" is the main thread, V8's and libuv's helpers have their own). */
function threadsByName(pid: number): Map<string, number> {
  const byName = new Map<string, number>();
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    let name: string;
    try {
      name = readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').trim();
    } catch {
      continue;
    }
    if (Number(tid) === pid) name = 'main';
    byName.set(name, (byName.get(name) ?? 0) + threadCpuMs(pid, Number(tid)));
  }
  return byName;
}

/** Where the CPU of an issuance goes: the worker's main thread, its other threads (the render threads, GC, libuv) by name, its PostgreSQL backends. */
async function cpuSplit(db: pg.Client, workerPid: number): Promise<{ main: number; threads: number; postgres: number; byName: Map<string, number> }> {
  const backends = (await db.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE application_name = 'htmse-worker'`)).rows.map((r) => r.pid);
  const main = threadCpuMs(workerPid, workerPid);
  return { main, threads: cpuMs(workerPid) - main, postgres: cpuOfAll(backends), byName: threadsByName(workerPid) };
}

/** The raw loop, in its own process: certificates per second, and its CPU ms per certificate. */
async function rawLoop(root: string, count: number, dir: string): Promise<{ perSecond: number; ms: number; cpuPerCertificate: number }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'scripts/bench/certificate-raw.ts')], {
    cwd: root,
    env: { ...process.env, RAW_COUNT: String(count), RAW_DIR: dir },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`raw loop exited with ${code}: ${out}`);
  const { ms, cpuMs: cpu } = JSON.parse(out.trim().split('\n').at(-1)!) as { ms: number; cpuMs: number };
  return { perSecond: count / (ms / 1000), ms, cpuPerCertificate: cpu / count };
}

/** The steady read load: GET /api/courses at `rate` requests per second until stopped. */
function readLoad(apiOrigin: string, rate: number) {
  let stop = () => {};
  const done = new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon({ url: `${apiOrigin}/api/courses`, connections: 10, overallRate: rate, duration: 600, timeout: 30 }, (err, result) =>
      err ? reject(err instanceof Error ? err : new Error(String(err))) : resolve(result),
    );
    stop = () => instance.stop();
  });
  return { done, stop: () => stop() };
}

export async function certificateBench(o: CertificateBenchOptions): Promise<CertificateBenchResult> {
  const work = mkdtempSync(join(tmpdir(), 'htmse-bench-certificates-'));
  const db = new pg.Client({ connectionString: o.dbUrl });
  await db.connect();
  const healthPort = await freePort();
  const smtp = await smtpSink();
  // BENCH_WORKER_CPU_PROF=<dir>: a V8 CPU profile of the worker, written when it stops.
  const profile = process.env.BENCH_WORKER_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_WORKER_CPU_PROF}`] : [];
  const worker = startProcess('worker', process.execPath, [...profile, join(o.root, 'backend/dist/worker.js')], {
    cwd: o.root,
    env: { ...o.env, CERTIFICATE_DIR: join(work, 'issued'), WORKER_HEALTH_PORT: String(healthPort), SMTP_URL: `smtp://127.0.0.1:${smtp.port}/?pool=true` },
  });
  try {
    await waitForHttp(`http://127.0.0.1:${healthPort}/health`, { timeoutMs: 60_000 });
    const { rows } = await db.query<{ id: string; version_id: string }>(`SELECT id, current_version_id AS version_id FROM courses WHERE slug = $1`, [o.slug]);
    const course = rows[0]!;

    const raw = await rawLoop(o.root, o.cohort, join(work, 'raw'));

    // Warm the worker (fonts, JIT, pools) with a small cohort first.
    await untilIssued(db, await certificateCount(db), await commitCohort(db, course.id, course.version_id, 20, 'warm'), 60_000);

    const workerPid = worker.child.pid!;
    const cpuAloneBefore = cpuMs(workerPid);
    const splitBefore = await cpuSplit(db, workerPid);
    const alone =
      o.cohort / (await untilIssued(db, await certificateCount(db), await commitCohort(db, course.id, course.version_id, o.cohort, 'alone'), 600_000));
    // The worker's CPU per certificate (its mail jobs included), the steadier figure on a shared machine.
    const workerCpuPerCertificate = (cpuMs(workerPid) - cpuAloneBefore) / o.cohort;
    const splitAfter = await cpuSplit(db, workerPid);
    const split = {
      main: (splitAfter.main - splitBefore.main) / o.cohort,
      threads: (splitAfter.threads - splitBefore.threads) / o.cohort,
      postgres: (splitAfter.postgres - splitBefore.postgres) / o.cohort,
    };
    const threadNames = [...splitAfter.byName]
      .map(([name, ms]) => [name, (ms - (splitBefore.byName.get(name) ?? 0)) / o.cohort] as const)
      .filter(([, ms]) => ms >= 0.05)
      .sort((a, b) => b[1] - a[1])
      .map(([name, ms]) => `${name} ${ms.toFixed(1)}`)
      .join(', ');

    // The read load alone, then with a cohort being issued.
    const quiet = readLoad(o.apiOrigin, o.readRate);
    await new Promise((r) => setTimeout(r, 5_000));
    quiet.stop();
    const before = await quiet.done;
    const busy = readLoad(o.apiOrigin, o.readRate);
    await new Promise((r) => setTimeout(r, 1_000));
    let seconds = Number.NaN;
    try {
      seconds = await untilIssued(db, await certificateCount(db), await commitCohort(db, course.id, course.version_id, o.cohort, 'loaded'), 600_000);
    } finally {
      busy.stop();
    }
    const during = await busy.done;
    const loaded = o.cohort / seconds;
    const duplicates = (
      await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM (SELECT completion_id FROM certificates GROUP BY completion_id HAVING count(*) FILTER (WHERE revoked_at IS NULL) > 1) d`,
      )
    ).rows[0]!.n;
    const readFailures = before.errors + before.timeouts + before.non2xx + during.errors + during.timeouts + during.non2xx;
    const rows_: Record<string, string | number>[] = [
      {
        target: 'raw loop (render + write, one process)',
        'certificates/s': raw.perSecond.toFixed(1),
        'vs raw': '1.00',
        [`${o.cohort} in s`]: (raw.ms / 1000).toFixed(1),
      },
      {
        target: 'end to end, one worker',
        'certificates/s': alone.toFixed(1),
        'vs raw': (alone / raw.perSecond).toFixed(2),
        [`${o.cohort} in s`]: (o.cohort / alone).toFixed(1),
      },
      {
        target: `end to end, one worker, API reads at ${o.readRate}/s`,
        'certificates/s': loaded.toFixed(1),
        'vs raw': (loaded / raw.perSecond).toFixed(2),
        [`${o.cohort} in s`]: seconds.toFixed(1),
        'API p50 ms': during.latency.p50,
        'API p99 ms': during.latency.p99,
        'API p99 ms without issuance': before.latency.p99,
      },
    ];
    const summary = [
      `certificates: raw ${raw.perSecond.toFixed(1)}/s (${raw.cpuPerCertificate.toFixed(1)} CPU ms each); end to end (one worker) ${alone.toFixed(1)}/s = ${(alone / raw.perSecond).toFixed(2)}x raw (worker ${workerCpuPerCertificate.toFixed(1)} CPU ms each: ` +
        `main thread ${split.main.toFixed(1)}, other threads ${split.threads.toFixed(1)} [by thread: ${threadNames}]; its PostgreSQL backends ${split.postgres.toFixed(1)}); ` +
        `under ${o.readRate} reads/s ${loaded.toFixed(1)}/s = ${(loaded / raw.perSecond).toFixed(2)}x raw, ${o.cohort} in ${seconds.toFixed(1)} s; ` +
        `API p99 ${during.latency.p99} ms during issuance (${before.latency.p99} ms without); ${duplicates} completions with two valid certificates`,
    ];
    return { rows: rows_, summary, failed: readFailures > 0 || duplicates > 0 };
  } finally {
    await stopProcess(worker, 30_000);
    await db.end();
    smtp.server.close();
    rmSync(work, { recursive: true, force: true });
  }
}
