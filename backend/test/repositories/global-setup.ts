import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { createDataSource } from '../../src/database.js';
import { runMigrations } from '../../src/infra/database/migrate.js';
import { isSupportedPostgres, postgresMajor, SUPPORTED_POSTGRES } from '../../src/infra/database/supported-postgres.js';
import { databaseUrlFor, SERVER_URL_DEFAULTS } from '../support/databases.js';

declare module 'vitest' {
  export interface ProvidedContext {
    repositoryServerUrl: string;
    repositoryTemplate: string;
  }
}

const redact = (url: string) => url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');

/**
 * One migrated template database per run (PostgreSQL only: this tier needs no Redis and runs no
 * build). Each test file copies it (CREATE DATABASE … TEMPLATE), see support/repository-db.ts.
 * Afterwards the template and any copy a crashed file left behind are dropped.
 */
export default async function setup(project: TestProject) {
  const serverUrl = process.env.DATABASE_URL || SERVER_URL_DEFAULTS.postgres;
  const admin = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 5_000 });
  try {
    await admin.connect();
  } catch (err) {
    throw new Error(
      `Repository tests need PostgreSQL, and none answered at ${redact(serverUrl)} (${(err as Error).message}).\n` +
        `Start it (Debian: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start) or set DATABASE_URL.`,
      { cause: err },
    );
  }
  // Like the integration tier: the PostgreSQL that answers must be a supported one, and the run says which.
  const { rows: version } = await admin.query<{ num: string; version: string }>(
    `SELECT current_setting('server_version_num') AS num, current_setting('server_version') AS version`,
  );
  if (!isSupportedPostgres(postgresMajor(version[0]!.num))) {
    await admin.end();
    throw new Error(
      `PostgreSQL ${version[0]!.version} at ${redact(serverUrl)} is outside the supported range ${SUPPORTED_POSTGRES.oldest}-${SUPPORTED_POSTGRES.newest}.`,
    );
  }
  process.stdout.write(`repository tests on PostgreSQL ${version[0]!.version}\n`);

  const runId = `${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const template = `htmse_rt_${runId}`;
  await admin.query(`CREATE DATABASE "${template}"`);
  const dataSource = createDataSource({ url: databaseUrlFor(serverUrl, template), poolMax: 2 });
  await dataSource.initialize();
  await runMigrations(dataSource);
  await dataSource.destroy();

  project.provide('repositoryServerUrl', serverUrl);
  project.provide('repositoryTemplate', template);

  return async () => {
    const { rows } = await admin.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [`${template}%`]);
    for (const { datname } of rows) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    await admin.end();
  };
}
