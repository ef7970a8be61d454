/**
 * `npm run bench`: each scenario under load next to a raw baseline of the same work, measured in
 * the same run on the same machine, reported as a ratio (scenario / baseline).
 *
 * Scenario "health": GET /api/health (a PostgreSQL round trip and a Redis PING) through
 *   - baseline: plain node:http + pg + ioredis (baseline-server.ts)
 *   - api:      the NestJS API process (backend/dist/main.js)
 *   - web:      the same request through the web app's /api proxy (frontend/build), as users reach it
 *
 * Options: --duration <s> (default 10), --connections <n> (default 20).
 * Uses DATABASE_URL / REDIS_URL (default: the machine's services on 127.0.0.1); creates and
 * drops a database of its own.
 */
import autocannon from 'autocannon';
import { randomBytes } from 'node:crypto';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { buildIfStale } from '../lib/build.js';
import { freePort, waitForHttp } from '../lib/net.js';
import { startProcess, stopProcess, type Managed } from '../lib/processes.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const { values } = parseArgs({
  options: { duration: { type: 'string', default: '10' }, connections: { type: 'string', default: '20' } },
});
const duration = Number(values.duration);
const connections = Number(values.connections);

interface Result {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
}

async function load(name: string, url: string): Promise<Result> {
  // Warm up (JIT, pools), then measure.
  await autocannon({ url, connections, duration: 2 });
  const r = await autocannon({ url, connections, duration });
  return { name, rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.timeouts, non2xx: r.non2xx };
}

async function main(): Promise<void> {
  buildIfStale(root, 'backend', (m) => process.stdout.write(`${m}\n`));
  buildIfStale(root, 'frontend', (m) => process.stdout.write(`${m}\n`));

  const serverUrl = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
  const redisUrl = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
  const dbName = `htmse_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${dbName}"`);
  const dbUrl = new URL(serverUrl);
  dbUrl.pathname = `/${dbName}`;

  const procs: Managed[] = [];
  const env = {
    ...process.env,
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    DATABASE_URL: dbUrl.toString(),
    REDIS_URL: redisUrl,
    QUEUE_PREFIX: `htmse-bench-${randomBytes(3).toString('hex')}`,
    JWT_SECRET: randomBytes(32).toString('hex'),
    PUBLIC_ORIGIN: 'https://bench.invalid',
    SMTP_URL: 'smtp://127.0.0.1:1',
  };
  try {
    const [basePort, apiPort, webPort] = await Promise.all([freePort(), freePort(), freePort()]);
    const baseline = startProcess('baseline', process.execPath, ['--import', 'tsx', join(root, 'scripts/bench/baseline-server.ts')], {
      cwd: root,
      env: { ...env, PORT: String(basePort) },
    });
    const api = startProcess('api', process.execPath, [join(root, 'backend/dist/main.js')], {
      cwd: root,
      env: { ...env, API_PORT: String(apiPort), API_HOST: '127.0.0.1', TRUST_PROXY: 'true' },
    });
    const web = startProcess('web', process.execPath, [join(root, 'frontend/build/index.js')], {
      cwd: root,
      env: { ...env, PORT: String(webPort), HOST: '127.0.0.1', API_INTERNAL_URL: `http://127.0.0.1:${apiPort}` },
    });
    procs.push(baseline, api, web);
    await Promise.all([
      waitForHttp(`http://127.0.0.1:${basePort}/api/health`),
      waitForHttp(`http://127.0.0.1:${apiPort}/api/health`),
      waitForHttp(`http://127.0.0.1:${webPort}/api/health`),
    ]);

    process.stdout.write(`\nscenario: GET /api/health · ${connections} connections · ${duration}s each after a 2s warm-up\n`);
    // Each target is measured alone, so they do not compete for the 2 cores.
    const results: Result[] = [];
    results.push(await load('baseline (node:http + pg + ioredis)', `http://127.0.0.1:${basePort}/api/health`));
    results.push(await load('api (NestJS, direct)', `http://127.0.0.1:${apiPort}/api/health`));
    results.push(await load('web → api (same-origin proxy)', `http://127.0.0.1:${webPort}/api/health`));

    const base = results[0]!;
    const rows = results.map((r) => ({
      target: r.name,
      'req/s': Math.round(r.rps),
      'p50 ms': r.p50,
      'p99 ms': r.p99,
      'throughput ratio': (r.rps / base.rps).toFixed(2),
      'p99 ratio': (r.p99 / Math.max(base.p99, 1)).toFixed(2),
      'errors/non-2xx': `${r.errors}/${r.non2xx}`,
    }));
    console.table(rows);
    for (const r of results.slice(1)) {
      process.stdout.write(`health/${r.name.split(' ')[0]}: ${(r.rps / base.rps).toFixed(2)}x baseline throughput\n`);
    }
    if (results.some((r) => r.errors > 0 || r.non2xx > 0)) {
      process.stdout.write('some requests failed: the figures above are not valid\n');
      process.exitCode = 1;
    }
  } finally {
    for (const p of procs.reverse()) await stopProcess(p, 10_000);
    await admin.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
    await admin.end();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
