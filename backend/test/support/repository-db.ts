import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import { inject } from 'vitest';
import { createDataSource } from '../../src/infra/database/data-source.js';
import { databaseUrlFor } from './databases.js';

/** Tables the migrations own and the tests never empty. */
const KEEP = ['migrations', 'typeorm_metadata'];

export interface RepositoryDatabase {
  /** A DataSource like the API's (same entities, naming strategy, pool settings). */
  db: DataSource;
  /** Empties every table, so a test of a global query (facets, lists) starts from nothing. */
  reset(): Promise<void>;
  /** A second, independent connection, e.g. to hold a lock while a repository call waits for it. */
  connect(): Promise<pg.Client>;
  close(): Promise<void>;
}

/**
 * A copy of the run's migrated template (repositories/global-setup.ts), for one test file: the
 * file's tests see only their own rows, and files may run in parallel.
 */
export async function openRepositoryDatabase(poolMax = 8): Promise<RepositoryDatabase> {
  const serverUrl = inject('repositoryServerUrl');
  const template = inject('repositoryTemplate');
  const name = `${template}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  // Two files copying the template at the same moment can collide ("being accessed by other users").
  for (let attempt = 0; ; attempt++) {
    try {
      await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
      break;
    } catch (err) {
      if ((err as { code?: string }).code !== '55006' || attempt >= 20) throw err;
      await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
    }
  }
  await admin.end();
  const url = databaseUrlFor(serverUrl, name);
  const db = createDataSource({ url, poolMax, applicationName: 'htmse-repository-tests' });
  await db.initialize();
  const tables: { tablename: string }[] = await db.query(
    `SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND NOT (tablename = ANY($1)) ORDER BY tablename`,
    [KEEP],
  );
  const truncate = `TRUNCATE ${tables.map((t) => `"${t.tablename}"`).join(', ')} CASCADE`;
  return {
    db,
    reset: async () => {
      await db.query(truncate);
    },
    connect: async () => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      return client;
    },
    close: async () => {
      await db.destroy();
      const c = new pg.Client({ connectionString: serverUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    },
  };
}

/**
 * Whether `promise` is still pending after `ms`: a call that must wait for a lock another
 * connection holds.
 */
export async function stillPendingAfter(promise: Promise<unknown>, ms: number): Promise<boolean> {
  const marker = Symbol('pending');
  const winner = await Promise.race([promise.then(() => 'settled', () => 'settled'), new Promise((r) => setTimeout(() => r(marker), ms))]);
  return winner === marker;
}
