import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import { inject } from 'vitest';
import { createDataSource } from '../../src/database.js';
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
  // A throwaway copy: commits need not wait for the disk (the machine is shared with other runs).
  await admin.query(`ALTER DATABASE "${name}" SET synchronous_commit = off`);
  await admin.end();
  const url = databaseUrlFor(serverUrl, name);
  const db = createDataSource({ url, poolMax, applicationName: 'htmse-repository-tests' });
  await db.initialize();
  const resetSql = await emptyingStatements(db);
  return {
    db,
    reset: async () => {
      await db.query(resetSql);
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
 * DELETEs that empty every table, children before parents (a cycle, such as courses and their
 * current version, is broken by first setting a nullable foreign key to NULL). On tables of a
 * few rows this is many times faster than TRUNCATE, which makes new files for every table.
 */
async function emptyingStatements(db: DataSource): Promise<string> {
  const tables: { name: string }[] = await db.query(
    `SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema() AND NOT (tablename = ANY($1))`,
    [KEEP],
  );
  const fks: { child: string; parent: string; columns: string[]; nullable: boolean }[] = await db.query(
    `SELECT c.conrelid::regclass::text AS child, c.confrelid::regclass::text AS parent,
            array_agg(a.attname::text) AS columns, bool_and(NOT a.attnotnull) AS nullable
       FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY(c.conkey)
      WHERE c.contype = 'f' AND c.connamespace = current_schema()::regnamespace
      GROUP BY c.oid, c.conrelid, c.confrelid`,
  );
  const unquote = (n: string) => n.replace(/^"|"$/g, '');
  let edges = fks.map((f) => ({ ...f, child: unquote(f.child), parent: unquote(f.parent) })).filter((f) => f.child !== f.parent);
  const remaining = new Set(tables.map((t) => t.name));
  const statements: string[] = [];
  while (remaining.size) {
    // A table nothing else still references can be emptied now.
    const free = [...remaining].filter((t) => !edges.some((e) => e.parent === t && remaining.has(e.child)));
    if (free.length === 0) {
      const cut = edges.find((e) => e.nullable && remaining.has(e.child) && remaining.has(e.parent));
      if (!cut) throw new Error(`cannot order the tables for emptying: ${[...remaining].join(', ')}`);
      statements.push(`UPDATE "${cut.child}" SET ${cut.columns.map((c) => `"${c}" = NULL`).join(', ')}`);
      edges = edges.filter((e) => e !== cut);
      continue;
    }
    for (const t of free.sort()) {
      statements.push(`DELETE FROM "${t}"`);
      remaining.delete(t);
    }
  }
  return `BEGIN; ${statements.join('; ')}; COMMIT`;
}

/**
 * Whether `promise` is still pending after `ms`: a call that must wait for a lock another
 * connection holds.
 */
export async function stillPendingAfter(promise: Promise<unknown>, ms: number): Promise<boolean> {
  const marker = Symbol('pending');
  const winner = await Promise.race([
    promise.then(
      () => 'settled',
      () => 'settled',
    ),
    new Promise((r) => setTimeout(() => r(marker), ms)),
  ]);
  return winner === marker;
}
