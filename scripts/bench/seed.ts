/**
 * `npm run bench:seed`: makes a database with issue #12's scale data (scale-seed.ts): 10,000
 * learners in 20 cohorts, about 5 million lesson_progress rows. docs/performance.md#cohorts-at-scale.
 *
 *   npm run bench:seed [-- --database htmse_bench_scale --fresh --learners 10000 --cohorts 20 --courses 12]
 *
 * The database: BENCH_DATABASE_URL, else DATABASE_URL's server (default the machine's PostgreSQL)
 * with the database named by --database (default htmse_bench_scale). Its name must contain
 * "bench": the seed never writes to a development database. A database that does not exist is
 * created; --fresh drops and re-creates it (the way to seed again). Then: migrations, the course
 * content, the scale data, ANALYZE. Accounts: bench-scale-admin@, bench-scale-trainer-<n>@ and
 * bench-scale-<n>@bench.invalid, password "bench-scale-password" (argon2id, hashed once).
 */
import { hash } from '@node-rs/argon2';
import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { buildIfStale } from '../lib/build.js';
import { SCALE_DEFAULTS, seedScale } from './scale-seed.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const { values } = parseArgs({
  options: {
    database: { type: 'string', default: 'htmse_bench_scale' },
    fresh: { type: 'boolean', default: false },
    learners: { type: 'string', default: String(SCALE_DEFAULTS.learners) },
    cohorts: { type: 'string', default: String(SCALE_DEFAULTS.cohorts) },
    courses: { type: 'string', default: String(SCALE_DEFAULTS.courses) },
  },
});

export const SCALE_PASSWORD = 'bench-scale-password';

async function main(): Promise<void> {
  const started = Date.now();
  const target = new URL(process.env.BENCH_DATABASE_URL || process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres');
  if (!process.env.BENCH_DATABASE_URL) target.pathname = `/${values.database}`;
  const dbName = decodeURIComponent(target.pathname.slice(1));
  if (!/bench/.test(dbName)) throw new Error(`refusing to seed "${dbName}": the database's name must contain "bench"`);
  const server = new URL(target);
  server.pathname = '/postgres';
  const admin = new pg.Client({ connectionString: server.toString() });
  await admin.connect();
  try {
    const { rows } = await admin.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [dbName]);
    if (rows.length && values.fresh) {
      process.stdout.write(`dropping ${dbName}\n`);
      await admin.query(`DROP DATABASE "${dbName}" WITH (FORCE)`);
    }
    if (!rows.length || values.fresh) await admin.query(`CREATE DATABASE "${dbName}"`);
  } finally {
    await admin.end();
  }

  buildIfStale(root, 'backend', (m) => process.stdout.write(`${m}\n`));
  const env = { ...process.env, DATABASE_URL: target.toString(), LOG_LEVEL: 'warn' };
  for (const command of ['migrate', 'content:import']) {
    const r = spawnSync(process.execPath, [join(root, 'backend/dist/cli.js'), command], { cwd: root, env, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`cli ${command}: ${r.stderr || r.stdout}`);
  }
  process.stdout.write(`${dbName}: migrated, content imported (${Math.round((Date.now() - started) / 1000)} s); seeding\n`);

  const db = new pg.Client({ connectionString: target.toString() });
  await db.connect();
  try {
    const summary = await seedScale(db, {
      ...SCALE_DEFAULTS,
      learners: Number(values.learners),
      cohorts: Number(values.cohorts),
      courses: Number(values.courses),
      passwordHash: await hash(SCALE_PASSWORD),
      log: (m) => process.stdout.write(`${m}\n`),
    });
    console.table(summary.counts);
    process.stdout.write(
      `seeded ${dbName} in ${Math.round((Date.now() - started) / 1000)} s; sign in as ${summary.adminEmail} or ${summary.trainerEmails[0]} (password ${SCALE_PASSWORD})\n`,
    );
  } finally {
    await db.end();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench:seed failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
