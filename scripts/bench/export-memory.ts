/**
 * `npm run bench:exports`: the API process's memory while it streams issue #12's exports
 * (docs/performance.md#exports-and-the-api-processs-memory), on the scale data of
 * `npm run bench:seed` (database htmse_bench_scale, or BENCH_DATABASE_URL; seeded once, reused).
 *
 * For each export a fresh production API process (backend/dist/main.js, NODE_ENV=production) is
 * started, so that its high-water mark (VmHWM, which never goes down) is that export's alone:
 *   - its RSS when it answers /api/health and a second later (boot), and its thread count;
 *   - the export downloaded `--rounds` times (default 2; the first is the warm-up: modules
 *     loaded on first use, the pool's connections), the body read as a stream and discarded;
 *   - VmRSS sampled every 50 ms during the downloads (peak), VmHWM at the end, the seconds per
 *     download and the rows (lines) received.
 * Exports: the cohort progress CSV and XLSX of "All staff" (10,000 learners, bench course 1),
 * the organisation compliance CSV and XLSX (every person × assigned course, 130,000 rows).
 *
 *   npm run bench:exports [-- --rounds 2 --parallel 1 --only progress.csv,compliance.xlsx --node-flags="--max-semi-space-size=2"]
 *
 * Writes sessions for the bench trainer and org admin into the bench database (nothing else).
 */
import { randomBytes, generateKeyPairSync } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { buildIfStale } from '../lib/build.js';
import { freePort, waitForHttp } from '../lib/net.js';
import { startProcess, stopProcess } from '../lib/processes.js';
import { mintLearners } from './quiz.js';
import { SCALE_ORG_SLUG } from './scale-seed.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const { values } = parseArgs({
  options: {
    database: { type: 'string', default: 'htmse_bench_scale' },
    rounds: { type: 'string', default: '2' },
    parallel: { type: 'string', default: '1' },
    only: { type: 'string' },
    'node-flags': { type: 'string', default: '' },
  },
});
const rounds = Math.max(1, Number(values.rounds));
const parallel = Math.max(1, Number(values.parallel));
/** V8/Node flags for the API process, e.g. "--max-semi-space-size=2" (docs/operations.md#memory). */
const nodeFlags = values['node-flags'].split(' ').filter(Boolean);

/** VmRSS and VmHWM of a process, in MB. */
function memoryOf(pid: number): { rss: number; hwm: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
  return { rss: Math.round(kb('VmRSS') / 1024), hwm: Math.round(kb('VmHWM') / 1024) };
}

const threadsOf = (pid: number) => readdirSync(`/proc/${pid}/task`).length;

/** One download, the body read as a stream and counted (lines and bytes), nothing kept. */
async function download(url: string, token: string): Promise<{ lines: number; bytes: number; status: number }> {
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  let lines = 0;
  let bytes = 0;
  if (!res.ok || !res.body) {
    await res.arrayBuffer();
    return { lines, bytes, status: res.status };
  }
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    bytes += chunk.byteLength;
    for (const b of chunk) if (b === 10) lines++;
  }
  return { lines, bytes, status: res.status };
}

async function main(): Promise<void> {
  const target = new URL(process.env.BENCH_DATABASE_URL || process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres');
  if (!process.env.BENCH_DATABASE_URL) target.pathname = `/${values.database}`;
  buildIfStale(root, 'backend', (m) => process.stdout.write(`${m}\n`));

  const jwtSecret = randomBytes(32).toString('hex');
  const db = new pg.Client({ connectionString: target.toString() });
  await db.connect();
  let ids: { organisationId: string; cohortId: string; assignmentId: string; members: number };
  let trainer: string;
  let admin: string;
  try {
    const { rows } = await db.query<{ organisation_id: string; cohort_id: string; assignment_id: string; members: number }>(
      `SELECT o.id AS organisation_id, c.id AS cohort_id, a.id AS assignment_id,
              (SELECT count(*)::int FROM cohort_members m WHERE m.cohort_id = c.id) AS members
         FROM organisations o JOIN cohorts c ON c.organisation_id = o.id AND c.name = 'All staff'
         JOIN cohort_assignments a ON a.cohort_id = c.id JOIN courses co ON co.id = a.course_id AND co.slug = 'bench-scale-course-1'
        WHERE o.slug = $1`,
      [SCALE_ORG_SLUG],
    );
    if (!rows.length) throw new Error(`${target.pathname.slice(1)} holds no scale data: run \`npm run bench:seed\` first`);
    const r = rows[0]!;
    ids = { organisationId: r.organisation_id, cohortId: r.cohort_id, assignmentId: r.assignment_id, members: r.members };
    trainer = (await mintLearners(db, jwtSecret, 'bench-scale-trainer-1@bench.invalid', 1))[0]!.token;
    admin = (await mintLearners(db, jwtSecret, 'bench-scale-admin@bench.invalid', 1))[0]!.token;
  } finally {
    await db.end();
  }

  const exports = [
    { what: 'progress.csv', path: `/api/cohorts/${ids.cohortId}/progress.csv?assignmentId=${ids.assignmentId}`, token: trainer },
    { what: 'progress.xlsx', path: `/api/cohorts/${ids.cohortId}/progress.xlsx?assignmentId=${ids.assignmentId}`, token: trainer },
    { what: 'compliance.csv', path: `/api/organisations/${ids.organisationId}/compliance.csv`, token: admin },
    { what: 'compliance.xlsx', path: `/api/organisations/${ids.organisationId}/compliance.xlsx`, token: admin },
  ].filter((e) => !values.only || values.only.split(',').includes(e.what));

  const env = {
    ...process.env,
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    DATABASE_URL: target.toString(),
    REDIS_URL: process.env.REDIS_URL || 'redis://127.0.0.1:6379',
    QUEUE_PREFIX: `htmse-bench-${randomBytes(3).toString('hex')}`,
    JWT_SECRET: jwtSecret,
    CREDENTIALS_SIGNING_KEY: JSON.stringify(generateKeyPairSync('ed25519').privateKey.export({ format: 'jwk' })),
    PUBLIC_ORIGIN: 'https://bench.invalid',
    SMTP_URL: 'smtp://127.0.0.1:1',
  };

  const results: Record<string, string | number>[] = [];
  let failed = false;
  for (const e of exports) {
    const port = await freePort();
    const api = startProcess('api', process.execPath, [...nodeFlags, join(root, 'backend/dist/main.js')], {
      cwd: root,
      env: { ...env, API_PORT: String(port), API_HOST: '127.0.0.1', TRUST_PROXY: 'true' },
      quiet: true,
    });
    const pid = api.child.pid!;
    try {
      const origin = `http://127.0.0.1:${port}`;
      await waitForHttp(`${origin}/api/health`, { isAlive: () => api.child.exitCode === null });
      await sleep(1_000);
      const boot = memoryOf(pid);
      const bootThreads = threadsOf(pid);
      let peak = boot.rss;
      const sampler = setInterval(() => {
        peak = Math.max(peak, memoryOf(pid).rss);
      }, 50);
      const seconds: number[] = [];
      let lines = 0;
      let bytes = 0;
      try {
        for (let r = 0; r < rounds; r++) {
          const started = Date.now();
          const got = await Promise.all(Array.from({ length: parallel }, () => download(`${origin}${e.path}`, e.token)));
          seconds.push((Date.now() - started) / 1000);
          for (const g of got) {
            if (g.status !== 200) {
              failed = true;
              process.stdout.write(`${e.what}: HTTP ${g.status}\n`);
            }
            lines = g.lines;
            bytes = g.bytes;
          }
        }
      } finally {
        clearInterval(sampler);
      }
      const after = memoryOf(pid);
      results.push({
        export: e.what,
        'at once': parallel,
        downloads: rounds * parallel,
        'lines (CSV)': e.what.endsWith('.csv') ? lines - 1 : '-',
        'MB each': Math.round((bytes / 1024 / 1024) * 10) / 10,
        's each (first … last)': seconds.map((s) => s.toFixed(1)).join(' … '),
        'boot RSS MB': boot.rss,
        'boot threads': bootThreads,
        'peak RSS MB (50 ms)': Math.max(peak, after.rss),
        'VmHWM MB': after.hwm,
        'threads after': threadsOf(pid),
      });
    } finally {
      await stopProcess(api, 10_000);
    }
  }
  process.stdout.write(
    `\n${ids.members} learners in "All staff"; ${rounds} round(s) of ${parallel} download(s), each export from a fresh API process${nodeFlags.length ? ` (node ${nodeFlags.join(' ')})` : ''}\n`,
  );
  console.table(results);
  if (failed) process.exitCode = 1;
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
