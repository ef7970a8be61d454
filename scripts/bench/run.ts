/**
 * `npm run bench`: the hot request path under load, each scenario next to a raw baseline doing
 * the same work, measured in the same run on the same machine, reported as ratios.
 *
 * Scenarios (docs/performance.md): GET /api/health, GET /api/publications, GET /api/courses/{slug},
 * GET /api/lessons/{id} (Bearer), GET /api/me (Bearer), POST /api/auth/login. Each is loaded
 *   - baseline: plain node:http + pg replaying the exact SQL the API sent for that request
 *               (recorded by the API's SQL probe during a warm-up; baseline-server.ts)
 *   - api:      the NestJS API process (backend/dist/main.js), direct
 *   - web:      the same request through the web app's /api proxy (frontend/build), as browsers reach it
 * then the signed-in lesson and course pages served by the web app (API calls and SQL statements
 * per page, counted by the probe), then sign-ins queued while other requests are served, then
 * certificates issued end to end by one worker next to a raw rendering loop (certificates.ts, when named).
 *
 * Options: --duration <s> (default 5), --connections <n> (default 20), --signins <n> (default 2000,
 * 0 skips that scenario), --only <scenario,...> (health, publications, course, lesson, me, sign-in,
 * pages, sign-in-storm, quiz-submit, exam-start, progress, dashboard; and, only when named, cohort-summary, cohort-progress,
 * cohort-progress-overdue, cohort-attention, cohort-export, or all of these as `cohorts`: scripts/bench/cohorts.ts; and, only when
 * named, certificates: scripts/bench/certificates.ts, with --cohort <n> (completions it issues, default 1000) and --read-rate <n>
 * (its steady API read load, requests/s, default 100)), --keep-probe <file> (keep the SQL the API sent for the probed requests),
 * --cpu-prof <dir> (write a V8 CPU profile of the API process there when it stops), --node-flags "<flags>" (V8/Node flags
 * for the API process only, e.g. "--max-semi-space-size=1"; the baseline and web processes keep the defaults).
 * Uses DATABASE_URL / REDIS_URL (default: the machine's services on 127.0.0.1); creates and
 * drops a database of its own.
 */
import autocannon from 'autocannon';
import { spawnSync } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, availableParallelism, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { buildIfStale } from '../lib/build.js';
import { freePort, waitForHttp } from '../lib/net.js';
import { startProcess, stopProcess, type Managed } from '../lib/processes.js';
import { COHORT_SCENARIOS, cohortRequests, exportUnderWatch, prepareCohorts, rssMb, type ExportResult } from './cohorts.js';
import { enrolLearners, learnerLoop, progressBody, recordLearning, type LearningLearner } from './learning.js';
import { certificateBench } from './certificates.js';
import { examStartSpike, mintLearners, quizCycles, recordCycle, type Timings } from './quiz.js';
import { countsOf, parseProbe, replayOf, statementsOf, type BaselineRoute } from './sql-replay.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '5' },
    connections: { type: 'string', default: '20' },
    signins: { type: 'string', default: '2000' },
    only: { type: 'string' },
    spike: { type: 'string', default: '2000' },
    'spike-window': { type: 'string', default: '10' },
    'keep-probe': { type: 'string' },
    'cpu-prof': { type: 'string' },
    cohort: { type: 'string', default: '1000' },
    'read-rate': { type: 'string', default: '100' },
    'node-flags': { type: 'string', default: '' },
  },
});
/** V8/Node flags for the API process only, e.g. "--max-semi-space-size=1" (docs/operations.md#memory). */
const apiNodeFlags = values['node-flags'].split(' ').filter(Boolean);
const duration = Number(values.duration);
const connections = Number(values.connections);
const signIns = Number(values.signins);
const only = values.only ? new Set(values.only.split(',')) : null;
const spikeLearners = Number(values.spike);
const spikeWindow = Number(values['spike-window']);
const wants = (scenario: string) => !only || only.has(scenario);
// The cohort scenarios seed 10,000 learners and ~5 million progress rows (about 90 s): only when
// named, one by one or all as `--only cohorts`.
const wantsCohort = (scenario: string) => Boolean(only && (only.has(scenario) || only.has('cohorts')));

const CLK_TCK = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;

/** CPU time (user + system) a process has used so far, in ms, from /proc/<pid>/stat. */
function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields 14 and 15 of the full line (utime, stime); the slice starts at field 3.
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLK_TCK;
}

interface Request {
  method?: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: string;
  /** A new body for each request (sign-in rotates through the bench accounts). */
  nextBody?: () => string;
  /** This scenario's own load (the cohort reports: a trainer's page takes a second, not milliseconds). */
  connections?: number;
  duration?: number;
}

/** autocannon's options for a request, its body made per request when it has `nextBody`. */
function cannon(origin: string, request: Request) {
  const { nextBody } = request;
  return {
    url: `${origin}${request.path}`,
    method: request.method ?? 'GET',
    headers: request.headers,
    body: request.body,
    ...(nextBody ? { requests: [{ setupRequest: (req: object) => ({ ...req, body: nextBody() }) }] } : {}),
  };
}

interface Result {
  target: string;
  rps: number;
  p50: number;
  p99: number;
  failed: number;
  cpuPerRequest: number;
}

async function load(target: string, origin: string, request: Request, pids: number[]): Promise<Result> {
  const opts = { ...cannon(origin, request), connections: request.connections ?? connections, timeout: 60 };
  // Warm up (JIT, pools), then measure.
  await autocannon({ ...opts, duration: 2 });
  const before = pids.map(cpuMs);
  const r = await autocannon({ ...opts, duration: request.duration ?? duration });
  const used = pids.reduce((sum, pid, i) => sum + cpuMs(pid) - before[i]!, 0);
  return {
    target,
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    // No answer at all in the measured run is a failure too: there is no figure.
    failed: r.errors + r.timeouts + r.non2xx + (r.requests.total === 0 ? 1 : 0),
    cpuPerRequest: r.requests.total ? used / r.requests.total : 0,
  };
}

async function main(): Promise<void> {
  buildIfStale(root, 'backend', (m) => process.stdout.write(`${m}\n`));
  buildIfStale(root, 'frontend', (m) => process.stdout.write(`${m}\n`));
  const startedAt = Date.now();
  const loadBefore = loadavg();

  const serverUrl = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
  const redisUrl = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
  const dbName = `htmse_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${dbName}"`);
  const dbUrl = new URL(serverUrl);
  dbUrl.pathname = `/${dbName}`;
  const work = mkdtempSync(join(tmpdir(), 'htmse-bench-'));
  const probeFile = join(work, 'sql-probe.jsonl');
  const routesFile = join(work, 'baseline-routes.json');
  writeFileSync(probeFile, '');

  const procs: Managed[] = [];
  const env = {
    ...process.env,
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    DATABASE_URL: dbUrl.toString(),
    REDIS_URL: redisUrl,
    QUEUE_PREFIX: `htmse-bench-${randomBytes(3).toString('hex')}`,
    JWT_SECRET: randomBytes(32).toString('hex'),
    // Production requires the credentials' signing key (docs/credentials.md): one made for this run.
    CREDENTIALS_SIGNING_KEY: JSON.stringify(generateKeyPairSync('ed25519').privateKey.export({ format: 'jwk' })),
    PUBLIC_ORIGIN: 'https://bench.invalid',
    SMTP_URL: 'smtp://127.0.0.1:1',
  };
  const cli = (args: string[], extra: Record<string, string> = {}) => {
    const r = spawnSync(process.execPath, [join(root, 'backend/dist/cli.js'), ...args], { cwd: root, env: { ...env, ...extra }, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`cli ${args.join(' ')}: ${r.stderr}`);
    return r.stdout;
  };
  try {
    const [basePort, apiPort, webPort] = await Promise.all([freePort(), freePort(), freePort()]);
    const profile = values['cpu-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${resolve(values['cpu-prof'])}`] : [];
    const api = startProcess('api', process.execPath, [...apiNodeFlags, ...profile, join(root, 'backend/dist/main.js')], {
      cwd: root,
      env: { ...env, API_PORT: String(apiPort), API_HOST: '127.0.0.1', TRUST_PROXY: 'true', SQL_PROBE_FILE: probeFile },
    });
    procs.push(api);
    await waitForHttp(`http://127.0.0.1:${apiPort}/api/health`);
    // Course content and demo people (demo:seed is for non-production databases; this one is ours).
    cli(['content:import']);
    const seeded = JSON.parse(cli(['demo:seed'], { NODE_ENV: 'development', MAIL_DRIVER: 'file', MAIL_DIR: join(work, 'mail') })) as {
      accounts: { role: string; email: string; password: string }[];
    };
    const learner = seeded.accounts.find((a) => a.role === 'learner')!;
    const apiOrigin = `http://127.0.0.1:${apiPort}`;
    const webOrigin = `http://127.0.0.1:${webPort}`;

    const login = await fetch(`${apiOrigin}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: learner.email, password: learner.password, tokenDelivery: 'body' }),
    });
    const { accessToken } = (await login.json()) as { accessToken: string };
    const bearer = { authorization: `Bearer ${accessToken}` };
    const courses = (await (await fetch(`${apiOrigin}/api/courses`)).json()) as { items: { slug: string }[] };
    const slug = courses.items[0]!.slug;
    const enrol = await fetch(`${apiOrigin}/api/courses/${slug}/enrolments`, { method: 'POST', headers: bearer });
    if (!enrol.ok) throw new Error(`enrolment failed: ${enrol.status}`);
    const course = (await (await fetch(`${apiOrigin}/api/courses/${slug}`, { headers: bearer })).json()) as {
      modules: { lessons: { id: string }[]; quiz: { id: string } | null }[];
    };
    const lessonId = course.modules.flatMap((m) => m.lessons)[1]?.id ?? course.modules[0]!.lessons[0]!.id;
    const db = new pg.Client({ connectionString: dbUrl.toString() });
    await db.connect();
    db.on('error', () => undefined);
    const { rows } = await db.query<{ password_hash: string }>(`SELECT password_hash FROM users WHERE email = $1`, [learner.email]);
    // Accounts that sign in under load: 2,000 learners starting an exam are 2,000 accounts (one
    // account signing in from 20 unknown browsers at once is what the sign-in throttle stops).
    const accounts = Math.max(signIns, spikeLearners + connections, 500);
    await db.query(
      `INSERT INTO users (email, display_name, password_hash, email_verified_at)
       SELECT 'bench-' || i || '@bench.invalid', 'Bench learner ' || i, $1, now() FROM generate_series(1, $2::int) i`,
      [rows[0]!.password_hash, accounts],
    );
    // Quizzes: one for the submit cycles (any number of attempts, no time limit: the API and the
    // baseline then do the same work), another for the exam-start spike (a 30-minute exam).
    const quizIds = course.modules.map((m) => m.quiz?.id).filter((id): id is string => Boolean(id));
    const quizWanted = wants('quiz-submit') || (wants('exam-start') && spikeLearners > 0);
    if (quizWanted && quizIds.length < 2) throw new Error(`the course ${slug} has ${quizIds.length} quiz(zes); the quiz scenarios need two`);
    const [cycleQuiz, spikeQuiz] = quizIds;
    await db.query(`UPDATE quizzes SET max_attempts = NULL, wait_seconds = 0, closes_at = NULL, time_limit_seconds = NULL WHERE id = ANY($1::uuid[])`, [
      quizIds,
    ]);
    await db.query(`UPDATE quizzes SET time_limit_seconds = 1800 WHERE id = $1`, [spikeQuiz ?? null]);
    // Signed-in learners made beforehand: a session and an access token each (no argon2 here).
    const learningWanted = wants('progress') || wants('dashboard');
    const learners =
      quizWanted || learningWanted ? await mintLearners(db, env.JWT_SECRET, 'bench-%@bench.invalid', connections + Math.max(spikeLearners, 0)) : [];
    const cycleLearners = learners.slice(0, connections);
    const spikers = learners.slice(connections);
    const cohortBench = COHORT_SCENARIOS.some(wantsCohort) ? await prepareCohorts(db, env.JWT_SECRET, (m) => process.stdout.write(`${m}\n`)) : null;
    await db.end();
    let account = 0;
    const signInBody = () => JSON.stringify({ email: `bench-${(account++ % accounts) + 1}@bench.invalid`, password: learner.password, tokenDelivery: 'body' });

    const allScenarios: { name: string; request: Request; redisPing?: boolean; argon2?: boolean }[] = [
      { name: 'health', request: { path: '/api/health' }, redisPing: true },
      { name: 'publications', request: { path: '/api/publications' } },
      { name: 'course', request: { path: `/api/courses/${slug}`, headers: bearer } },
      { name: 'lesson', request: { path: `/api/lessons/${lessonId}`, headers: bearer } },
      { name: 'me', request: { path: '/api/me', headers: bearer } },
      {
        name: 'sign-in',
        request: {
          method: 'POST',
          path: '/api/auth/login',
          headers: { 'content-type': 'application/json', origin: webOrigin },
          body: signInBody(),
          nextBody: signInBody,
        },
        argon2: true,
      },
    ];
    for (const c of cohortBench ? cohortRequests(cohortBench, duration) : []) {
      if (wantsCohort(c.name))
        allScenarios.push({ name: c.name, request: { path: c.path, headers: c.headers, connections: c.connections, duration: c.duration } });
    }
    const scenarios = allScenarios.filter((s) => !only || only.has(s.name) || (s.name.startsWith('cohort-') && only.has('cohorts')));

    // Record the SQL each request sends (a warm-up request first, so one-off start-up queries
    // are not counted), and the answer the baseline is to give.
    const routes: Record<string, BaselineRoute> = {};
    const recorded: Record<string, number> = {};
    for (const s of scenarios) {
      const send = (id: string) =>
        fetch(`${apiOrigin}${s.request.path}`, {
          method: s.request.method ?? 'GET',
          headers: { ...s.request.headers, 'x-request-id': id },
          body: s.request.nextBody?.() ?? s.request.body,
        });
      await (await send(`bench-warm-${s.name}`)).arrayBuffer();
      const id = `sql-probe-${s.name}-${randomBytes(4).toString('hex')}`;
      const res = await send(id);
      const body = await res.text();
      if (!res.ok) throw new Error(`${s.name}: the API answered ${res.status}: ${body}`);
      const statements = statementsOf(parseProbe(readFileSync(probeFile, 'utf8')), id);
      recorded[s.name] = statements.length;
      routes[`${s.request.method ?? 'GET'} ${s.request.path}`] = {
        ...replayOf(statements),
        status: res.status,
        contentType: res.headers.get('content-type') ?? 'application/json',
        body,
        ...(s.redisPing ? { redisPing: true } : {}),
        ...(s.argon2 ? { argon2: { hash: rows[0]!.password_hash } } : {}),
      };
    }
    writeFileSync(routesFile, JSON.stringify(routes));
    const quizFile = join(work, 'baseline-quiz.json');
    const learningFile = join(work, 'baseline-learning.json');
    // The lessons of the course's first module: progress requests go round them (one module, so the
    // replayed statements' module is every request's module).
    const moduleLessons = course.modules[0]!.lessons.map((l) => l.id);
    const learningLearners = learningWanted ? await enrolLearners(apiOrigin, slug, cycleLearners) : [];
    if (learningWanted) {
      const recordedLearning = await recordLearning(apiOrigin, slug, moduleLessons, learningLearners, (id) =>
        statementsOf(parseProbe(readFileSync(probeFile, 'utf8')), id),
      );
      writeFileSync(learningFile, JSON.stringify(recordedLearning));
      recorded.progress = recordedLearning.progress.statements.length;
      recorded.dashboard = recordedLearning.dashboard.statements.length;
    }
    let cycleStatements = 0;
    if (wants('quiz-submit')) {
      const cycle = await recordCycle(apiOrigin, cycleQuiz!, cycleLearners[0]!, (id) => statementsOf(parseProbe(readFileSync(probeFile, 'utf8')), id));
      cycleStatements = cycle.start.statements.length + cycle.save.statements.length + cycle.submit.statements.length;
      writeFileSync(quizFile, JSON.stringify(cycle));
    }

    const baseline = startProcess('baseline', process.execPath, ['--import', 'tsx', join(root, 'scripts/bench/baseline-server.ts')], {
      cwd: root,
      env: {
        ...env,
        PORT: String(basePort),
        BENCH_ROUTES: routesFile,
        ...(wants('quiz-submit') ? { BENCH_QUIZ: quizFile } : {}),
        ...(learningWanted ? { BENCH_LEARNING: learningFile } : {}),
      },
    });
    const web = startProcess('web', process.execPath, [join(root, 'frontend/build/index.js')], {
      cwd: root,
      env: { ...env, PORT: String(webPort), HOST: '127.0.0.1', API_INTERNAL_URL: apiOrigin },
    });
    procs.push(baseline, web);
    await Promise.all([waitForHttp(`http://127.0.0.1:${basePort}/__ready`, { status: 204 }), waitForHttp(`${webOrigin}/api/health`)]);
    const pid = (m: Managed) => m.child.pid!;

    process.stdout.write(
      `\n${connections} connections · ${duration}s each after a 2s warm-up · ${availableParallelism()} cores · load average ${loadBefore.map((l) => l.toFixed(2)).join(' ')}\n`,
    );
    // Each target is measured alone, so they do not compete for the cores.
    const table: Record<string, string | number>[] = [];
    const summary: string[] = [];
    let failed = false;
    for (const s of scenarios) {
      const base = await load('baseline', `http://127.0.0.1:${basePort}`, s.request, [pid(baseline)]);
      const direct = await load('api', apiOrigin, s.request, [pid(api)]);
      const proxied = await load('web → api', webOrigin, s.request, [pid(web), pid(api)]);
      for (const r of [base, direct, proxied]) {
        failed ||= r.failed > 0;
        table.push({
          scenario:
            r === base
              ? `${s.request.method ?? 'GET'} ${s.name} (${recorded[s.name]} SQL${s.request.connections ? `, ${s.request.connections} conn.` : ''})`
              : '',
          target: r.target,
          'req/s': Math.round(r.rps),
          'p50 ms': r.p50,
          'p99 ms': r.p99,
          'vs raw': (r.rps / base.rps).toFixed(2),
          'CPU ms/req': r.cpuPerRequest.toFixed(2),
          failed: r.failed,
        });
      }
      summary.push(`${s.name}: api ${(direct.rps / base.rps).toFixed(2)}x raw, web ${(proxied.rps / base.rps).toFixed(2)}x raw`);
    }
    console.table(table);

    // Signed-in pages served by the web app: API calls and SQL statements per page, then load.
    const cookie = { cookie: `htmse_access=${accessToken}` };
    const pages = [
      { name: 'lesson page', path: `/courses/${slug}/lessons/${lessonId}` },
      { name: 'course page', path: `/courses/${slug}` },
    ].filter(() => !only || only.has('pages'));
    const pageRows: Record<string, string | number>[] = [];
    for (const p of pages) {
      await (await fetch(`${webOrigin}${p.path}`, { headers: cookie })).arrayBuffer();
      const id = `sql-probe-page-${randomBytes(4).toString('hex')}`;
      const res = await fetch(`${webOrigin}${p.path}`, { headers: { ...cookie, 'x-request-id': id } });
      const html = await res.text();
      if (!res.ok || !html.includes('Sign out')) throw new Error(`${p.name}: ${res.status}, not served signed in`);
      const counts = countsOf(parseProbe(readFileSync(probeFile, 'utf8')), id);
      const r = await load('web', webOrigin, { path: p.path, headers: cookie }, [pid(web), pid(api)]);
      failed ||= r.failed > 0;
      pageRows.push({
        page: p.name,
        'API calls': counts.apiCalls,
        'SQL statements': counts.statements,
        'pages/s': Math.round(r.rps),
        'p50 ms': r.p50,
        'p99 ms': r.p99,
        'CPU ms/page (web+api)': r.cpuPerRequest.toFixed(2),
        failed: r.failed,
      });
      summary.push(`${p.name}: ${counts.apiCalls} API calls, ${counts.statements} SQL statements, ${Math.round(r.rps)} pages/s, p99 ${r.p99} ms`);
    }
    if (pageRows.length) console.table(pageRows);

    // Cohort exports: the 10,000-row progress CSV and the compliance CSV, the API's resident memory sampled throughout.
    if (cohortBench && wantsCohort('cohort-export')) {
      // A fresh API process serves the exports (no SQL probe), so its memory is the exports' and
      // not what the load runs above left in the first one's heap.
      const exportPort = await freePort();
      const exportApi = startProcess('api-export', process.execPath, [join(root, 'backend/dist/main.js')], {
        cwd: root,
        env: { ...env, API_PORT: String(exportPort), API_HOST: '127.0.0.1', TRUST_PROXY: 'true' },
      });
      procs.push(exportApi);
      const exportOrigin = `http://127.0.0.1:${exportPort}`;
      await waitForHttp(`${exportOrigin}/api/health`);
      const idleRss = rssMb(pid(exportApi)).rss;
      const progressCsv = `/api/cohorts/${cohortBench.cohortId}/progress.csv?assignmentId=${cohortBench.assignmentId}`;
      const complianceCsv = `/api/organisations/${cohortBench.organisationId}/compliance.csv`;
      const runs: ExportResult[] = [];
      await (await fetch(`${exportOrigin}${progressCsv}`, { headers: { authorization: `Bearer ${cohortBench.token}` } })).arrayBuffer();
      runs.push(await exportUnderWatch(exportOrigin, pid(exportApi), 'progress.csv', progressCsv, cohortBench.token, 1, 3));
      runs.push(await exportUnderWatch(exportOrigin, pid(exportApi), 'progress.csv', progressCsv, cohortBench.token, 5, 1));
      runs.push(await exportUnderWatch(exportOrigin, pid(exportApi), 'compliance.csv', complianceCsv, cohortBench.adminToken, 1, 1));
      runs.push(await exportUnderWatch(exportOrigin, pid(exportApi), 'compliance.csv', complianceCsv, cohortBench.adminToken, 3, 1));
      console.table(
        runs.map((r) => ({
          export: r.what,
          'at once': r.parallel,
          downloads: r.downloads,
          'rows each': r.rows,
          'MB each': r.mb,
          's per round': r.seconds,
          'API RSS before MB': r.rssBefore,
          'API RSS peak MB': r.rssPeak,
          failed: r.failed,
        })),
      );
      for (const r of runs) {
        failed ||= r.failed > 0;
        summary.push(`${r.what} (${r.rows} rows, ${r.parallel} at once): ${r.seconds} s, API RSS peak ${r.rssPeak} MB (before ${r.rssBefore} MB)`);
      }
      summary.push(`export API: RSS ${idleRss} MB when started, high-water mark ${rssMb(pid(exportApi)).hwm} MB after the exports`);
      await stopProcess(exportApi, 10_000);
    }

    // Quiz submit: each learner loops start → save all answers → submit; one cycle is three requests.
    if (wants('quiz-submit')) {
      const targets: [string, string, number[]][] = [
        ['baseline', `http://127.0.0.1:${basePort}`, [pid(baseline)]],
        ['api', apiOrigin, [pid(api)]],
        ['web → api', webOrigin, [pid(web), pid(api)]],
      ];
      const rows: Record<string, string | number>[] = [];
      let base: Timings | null = null;
      for (const [target, origin, pids] of targets) {
        await quizCycles(origin, cycleQuiz!, cycleLearners, 2);
        const before = pids.map(cpuMs);
        const r = await quizCycles(origin, cycleQuiz!, cycleLearners, duration);
        const used = pids.reduce((sum, p, i) => sum + cpuMs(p) - before[i]!, 0);
        base ??= r;
        failed ||= r.failed > 0;
        rows.push({
          scenario: target === 'baseline' ? `quiz submit (3 requests, ${cycleStatements} SQL)` : '',
          target,
          'cycles/s': Math.round(r.perSecond * 10) / 10,
          'p50 ms': r.p50,
          'p99 ms': r.p99,
          'vs raw': (r.perSecond / base.perSecond).toFixed(2),
          'CPU ms/cycle': r.count ? (used / r.count).toFixed(2) : '-',
          failed: r.failed,
        });
        if (r.firstError) process.stdout.write(`quiz submit, ${target}: first failure: ${r.firstError}\n`);
        if (target !== 'baseline')
          summary.push(`quiz submit (${target}): ${(r.perSecond / base.perSecond).toFixed(2)}x raw, cycle p50 ${r.p50} ms, p99 ${r.p99} ms`);
      }
      console.table(rows);
    }

    // Learning: lesson progress (a fresh visible-time interval per request) and the dashboard, per learner.
    for (const step of ['progress', 'dashboard'] as const) {
      if (!wants(step)) continue;
      const request =
        step === 'progress'
          ? (l: LearningLearner, n: number) => ({
              method: 'POST' as const,
              path: `/api/lessons/${moduleLessons[n % moduleLessons.length]}/progress`,
              body: progressBody(slug, n),
            })
          : () => ({ method: 'GET' as const, path: '/api/me/progress' });
      const targets: [string, string, number[]][] = [
        ['baseline', `http://127.0.0.1:${basePort}`, [pid(baseline)]],
        ['api', apiOrigin, [pid(api)]],
        ['web → api', webOrigin, [pid(web), pid(api)]],
      ];
      const rows: Record<string, string | number>[] = [];
      let base: Timings | null = null;
      for (const [target, origin, pids] of targets) {
        await learnerLoop(origin, learningLearners, 2, request);
        const before = pids.map(cpuMs);
        const r = await learnerLoop(origin, learningLearners, duration, request);
        const used = pids.reduce((sum, p, i) => sum + cpuMs(p) - before[i]!, 0);
        base ??= r;
        failed ||= r.failed > 0;
        rows.push({
          scenario: target === 'baseline' ? `${step === 'progress' ? 'POST lesson progress' : 'GET my progress (dashboard)'} (${recorded[step]} SQL)` : '',
          target,
          'req/s': Math.round(r.perSecond),
          'p50 ms': r.p50,
          'p99 ms': r.p99,
          'vs raw': (r.perSecond / base.perSecond).toFixed(2),
          'CPU ms/req': r.count ? (used / r.count).toFixed(2) : '-',
          failed: r.failed,
        });
        if (r.firstError) process.stdout.write(`${step}, ${target}: first failure: ${r.firstError}\n`);
        if (target !== 'baseline') summary.push(`${step} (${target}): ${(r.perSecond / base.perSecond).toFixed(2)}x raw, p50 ${r.p50} ms, p99 ${r.p99} ms`);
      }
      console.table(rows);
    }

    // Exam-start spike: distinct signed-in learners start a timed attempt of one quiz within the window.
    if (wants('exam-start') && spikeLearners > 0) {
      const monitor = new pg.Client({ connectionString: serverUrl });
      await monitor.connect();
      try {
        // CPU of the API process and of the database's server processes serving this database
        // (the same machine: /proc), per start; steadier than latency on a shared machine.
        const backends = async () =>
          (await monitor.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, [dbName])).rows.map(
            (r) => r.pid,
          );
        const pgCpu = (pids: number[]) => pids.reduce((sum, p) => sum + (existsSync(`/proc/${p}/stat`) ? cpuMs(p) : 0), 0);
        const pgBefore = new Map((await backends()).map((p) => [p, cpuMs(p)]));
        const apiCpuBefore = cpuMs(pid(api));
        const r = await examStartSpike(apiOrigin, spikeQuiz!, spikers, spikeWindow, monitor, dbName);
        const apiCpuPerStart = r.started ? Math.round(((cpuMs(pid(api)) - apiCpuBefore) / r.started) * 100) / 100 : 0;
        const pgAfter = await backends();
        const pgUsed = pgCpu(pgAfter) - pgAfter.reduce((sum, p) => sum + (pgBefore.get(p) ?? 0), 0);
        const pgCpuPerStart = r.started ? Math.round((pgUsed / r.started) * 100) / 100 : 0;
        failed ||= r.failed > 0;
        console.table([
          {
            learners: r.learners,
            'window s': r.windowSeconds,
            started: r.started,
            errors: r.failed,
            'p50 ms': r.p50,
            'p99 ms': r.p99,
            'max ms': r.max,
            'database connections (max)': r.maxConnections,
            'API CPU ms/start': apiCpuPerStart,
            'PostgreSQL CPU ms/start': pgCpuPerStart,
          },
        ]);
        if (r.firstError) process.stdout.write(`exam start: first failure: ${r.firstError}\n`);
        summary.push(
          `exam-start spike: ${r.started}/${r.learners} attempts started in ${r.windowSeconds} s, ${r.failed} errors, p50 ${r.p50} ms, p99 ${r.p99} ms, ${r.maxConnections} database connections at most, CPU per start: API ${apiCpuPerStart} ms, PostgreSQL ${pgCpuPerStart} ms`,
        );
      } finally {
        await monitor.end();
      }
    }

    // Certificates: a cohort's completions issued end to end by one worker, next to the raw rendering loop.
    if (only?.has('certificates')) {
      const r = await certificateBench({
        root,
        env,
        dbUrl: dbUrl.toString(),
        apiOrigin,
        slug,
        cohort: Number(values.cohort),
        readRate: Number(values['read-rate']),
      });
      console.table(r.rows);
      summary.push(...r.summary);
      failed ||= r.failed;
    }

    // Sign-ins queued (a timed exam starting) while others read: sign-ins/s and the readers' p99.
    if (signIns > 0 && (!only || only.has('sign-in-storm'))) {
      const signIn: Request = { method: 'POST', path: '/api/auth/login', headers: { 'content-type': 'application/json' }, nextBody: signInBody };
      const started = Date.now();
      const before = cpuMs(pid(api));
      const storm = autocannon({
        ...cannon(apiOrigin, signIn),
        connections: Math.min(signIns, 500),
        amount: signIns,
        timeout: 120,
      });
      await new Promise((r) => setTimeout(r, 1000));
      // Readers for as long as sign-ins are queued: 10 connections reading a lesson (Bearer).
      let stopReaders = () => {};
      const readersDone = new Promise<autocannon.Result>((resolveReaders, rejectReaders) => {
        const instance = autocannon(
          { url: `${apiOrigin}/api/lessons/${lessonId}`, headers: bearer, connections: 10, duration: 600, timeout: 30 },
          (err, result) => (err ? rejectReaders(err instanceof Error ? err : new Error(String(err))) : resolveReaders(result)),
        );
        stopReaders = () => instance.stop();
      });
      const s = await storm;
      const seconds = (Date.now() - started) / 1000;
      stopReaders();
      const readers = await readersDone;
      const ok = s.requests.total - s.non2xx - s.errors - s.timeouts;
      const cpuPerSignIn = (cpuMs(pid(api)) - before) / Math.max(ok, 1);
      failed ||= readers.non2xx + readers.errors + readers.timeouts > 0;
      console.table([
        {
          'sign-ins': signIns,
          succeeded: ok,
          'refused (503/429)': s.non2xx,
          'errors/timeouts': s.errors + s.timeouts,
          'sign-ins/s': (ok / seconds).toFixed(1),
          'sign-in p99 ms': s.latency.p99,
          'lesson reads during': readers.requests.total,
          'lesson p50 ms': readers.latency.p50,
          'lesson p99 ms': readers.latency.p99,
          'API CPU ms/sign-in (incl. reads)': cpuPerSignIn.toFixed(1),
        },
      ]);
      summary.push(`sign-in storm: ${(ok / seconds).toFixed(1)} sign-ins/s, other requests' p99 ${readers.latency.p99} ms while ${signIns} sign-ins queued`);
    }

    const loadAfter = loadavg();
    process.stdout.write(`\n${summary.join('\n')}\n`);
    process.stdout.write(
      `load average before ${loadBefore.map((l) => l.toFixed(2)).join(' ')}, after ${loadAfter.map((l) => l.toFixed(2)).join(' ')}; ${Math.round((Date.now() - startedAt) / 1000)} s\n`,
    );
    if (failed) {
      process.stdout.write('some requests failed: the figures above are not valid\n');
      process.exitCode = 1;
    }
  } finally {
    for (const p of procs.reverse()) await stopProcess(p, 10_000);
    await admin.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
    await admin.end();
    if (values['keep-probe']) copyFileSync(probeFile, values['keep-probe']);
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
