import { QueryFailedError } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { preparedNameOf, preparedStatement, queryPrepared } from '../../src/infra/database/prepared.js';
import { openRepositoryDatabase, type RepositoryDatabase } from '../support/repository-db.js';

let database: RepositoryDatabase;

beforeAll(async () => {
  database = await openRepositoryDatabase(2);
});
afterAll(async () => {
  await database?.close();
});

const ECHO = preparedStatement('test.echo', `SELECT $1::int + 1 AS n, current_setting('application_name') AS app`);
const INSERT_TAG = preparedStatement('test.insert-row', `INSERT INTO prepared_test_rows (k) VALUES ($1) RETURNING k`);

describe('queryPrepared (named statements on the real PostgreSQL)', () => {
  it('prepares once per connection and binds new values on every call', async () => {
    const { db } = database;
    for (let i = 0; i < 5; i++) {
      const [row] = await queryPrepared<{ n: number }>(db, ECHO, [i]);
      expect(row!.n).toBe(i + 1);
    }
    // The server holds the statement under its name on the connections that ran it.
    const runner = db.createQueryRunner();
    try {
      const [row] = await queryPrepared<{ n: number }>(runner.manager, ECHO, [41]);
      expect(row!.n).toBe(42);
      const named = (await runner.query(`SELECT name, statement FROM pg_prepared_statements WHERE name = 'test.echo'`)) as {
        name: string;
        statement: string;
      }[];
      expect(named).toHaveLength(1);
      expect(preparedNameOf(named[0]!.statement)).toBe('test.echo');
    } finally {
      await runner.release();
    }
  });

  it('runs inside the caller’s transaction: a rollback takes its write back', async () => {
    const { db } = database;
    await db.query(`CREATE TABLE IF NOT EXISTS prepared_test_rows (k text PRIMARY KEY)`);
    await db
      .transaction(async (tx) => {
        const rows = await queryPrepared<{ k: string }>(tx, INSERT_TAG, ['rolled-back']);
        expect(rows).toEqual([{ k: 'rolled-back' }]);
        throw new Error('roll back');
      })
      .catch((err: Error) => expect(err.message).toBe('roll back'));
    expect(await db.query(`SELECT k FROM prepared_test_rows`)).toEqual([]);
    await db.transaction((tx) => queryPrepared(tx, INSERT_TAG, ['kept']));
    expect(await db.query(`SELECT k FROM prepared_test_rows`)).toEqual([{ k: 'kept' }]);
  });

  it('fails as TypeORM does (QueryFailedError with the SQLSTATE) and gives the connection back to the pool', async () => {
    const { db } = database;
    for (let i = 0; i < 4; i++) {
      const err = await queryPrepared(db, INSERT_TAG, ['kept']).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(QueryFailedError);
      expect((err as QueryFailedError & { driverError: { code: string } }).driverError.code).toBe('23505');
    }
    // The pool has 2 connections: had a failure kept one, these would wait forever.
    const rows = await Promise.all([1, 2, 3, 4].map((n) => queryPrepared<{ n: number }>(db, ECHO, [n])));
    expect(rows.map((r) => r[0]!.n)).toEqual([2, 3, 4, 5]);
  });

  it('refuses one name for two texts, and names that are not plain', () => {
    expect(() => preparedStatement('test.echo', 'SELECT 2')).toThrow(/declared twice/);
    expect(preparedStatement('test.echo', `SELECT $1::int + 1 AS n, current_setting('application_name') AS app`)).toEqual(ECHO);
    expect(() => preparedStatement('Bad Name', 'SELECT 1')).toThrow(/name/);
    expect(preparedNameOf('SELECT 1')).toBeNull();
  });
});
