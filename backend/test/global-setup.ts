import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { buildIfStale } from '../../scripts/lib/build.js';
import { redisAnswers } from '../../scripts/lib/net.js';
import { createDataSource } from '../src/database.js';
import { runMigrations } from '../src/infra/database/migrate.js';
import { isSupportedPostgres, postgresMajor, SUPPORTED_POSTGRES } from '../src/infra/database/supported-postgres.js';
import { databaseUrlFor, SERVER_URL_DEFAULTS } from './support/databases.js';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
    serverUrl: string;
    redisUrl: string;
    queuePrefix: string;
  }
}

const redact = (url: string) => url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');

/**
 * One fresh, migrated database per run on the real PostgreSQL, and a Redis key prefix of its
 * own; both removed afterwards. A missing service fails the run with a message saying how to
 * start it: integration tests never skip.
 */
export default async function setup(project: TestProject) {
  const serverUrl = process.env.DATABASE_URL || SERVER_URL_DEFAULTS.postgres;
  const redisUrl = process.env.REDIS_URL || SERVER_URL_DEFAULTS.redis;

  const admin = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 5_000 });
  try {
    await admin.connect();
  } catch (err) {
    throw new Error(
      `Integration tests need PostgreSQL, and none answered at ${redact(serverUrl)} (${(err as Error).message}).\n` +
        `Start it (Debian: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start) or set DATABASE_URL.`,
      { cause: err },
    );
  }
  if (!(await redisAnswers(redisUrl, 2_000))) {
    await admin.end();
    throw new Error(
      `Integration tests need Redis, and none answered at ${redact(redisUrl)}.\n` +
        `Start it (redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no) or set REDIS_URL.`,
    );
  }

  // The tiers run on whatever PostgreSQL answers; it must be inside the supported range, and the
  // run says which (the project's machines and CI have 15, the oldest supported).
  const { rows } = await admin.query<{ num: string; version: string }>(
    `SELECT current_setting('server_version_num') AS num, current_setting('server_version') AS version`,
  );
  const pgMajor = postgresMajor(rows[0]!.num);
  if (!isSupportedPostgres(pgMajor)) {
    await admin.end();
    throw new Error(
      `PostgreSQL ${rows[0]!.version} at ${redact(serverUrl)} is outside the supported range ${SUPPORTED_POSTGRES.oldest}-${SUPPORTED_POSTGRES.newest}.`,
    );
  }
  process.stdout.write(
    `integration tests on PostgreSQL ${rows[0]!.version} (supported ${SUPPORTED_POSTGRES.oldest}-${SUPPORTED_POSTGRES.newest}), Node.js ${process.version}\n`,
  );

  const runId = `${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const dbName = `htmse_it_${runId}`;
  await admin.query(`CREATE DATABASE "${dbName}"`);
  const databaseUrl = databaseUrlFor(serverUrl, dbName);
  const dataSource = createDataSource({ url: databaseUrl, poolMax: 2 });
  await dataSource.initialize();
  await runMigrations(dataSource);
  await dataSource.destroy();

  // Tests that spawn the API and worker run the compiled code.
  const root = fileURLToPath(new URL('../..', import.meta.url));
  buildIfStale(root, 'backend', (m) => process.stdout.write(`${m}\n`));

  const queuePrefix = `htmse-it-${runId.replace(/_/g, '-')}`;
  project.provide('databaseUrl', databaseUrl);
  project.provide('serverUrl', serverUrl);
  project.provide('redisUrl', redisUrl);
  project.provide('queuePrefix', queuePrefix);

  return async () => {
    await admin.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
    await admin.end();
    const redis = new Redis(redisUrl);
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${queuePrefix}*`, 'COUNT', 500);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
    redis.disconnect();
  };
}
