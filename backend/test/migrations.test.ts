import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDataSource } from '../src/database.js';
import { runMigrations } from '../src/infra/database/migrate.js';
import { migrations } from '../src/migrations/index.js';
import { createScratchDatabase } from './support/databases.js';

let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
beforeAll(async () => {
  scratch = await createScratchDatabase(inject('serverUrl'));
});
afterAll(() => scratch?.drop());

describe('migrations', () => {
  it('leave no difference between the entities and the schema', async () => {
    const ds = createDataSource({ url: inject('databaseUrl') });
    await ds.initialize();
    try {
      const pending = await ds.driver.createSchemaBuilder().log();
      expect(pending.upQueries.map((q) => q.query)).toEqual([]);
    } finally {
      await ds.destroy();
    }
  });

  it('name every constraint and index readably (pk_, fk_, uq_, chk_, idx_ + table)', async () => {
    const client = new pg.Client({ connectionString: inject('databaseUrl') });
    await client.connect();
    const { rows } = await client.query<{ name: string; table: string }>(`
      SELECT c.conname AS name, t.relname AS "table" FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace WHERE n.nspname = 'public' AND t.relname NOT IN ('migrations', 'typeorm_metadata')
      UNION ALL
      SELECT indexname, tablename FROM pg_indexes WHERE schemaname = 'public' AND tablename NOT IN ('migrations', 'typeorm_metadata')`);
    await client.end();
    expect(rows.length).toBeGreaterThan(20);
    const unreadable = rows.filter((r) => !new RegExp(`^(pk|fk|uq|chk|idx)_${r.table}(_|$)`).test(r.name));
    expect(unreadable).toEqual([]);
  });

  it('give the system_pings constraints their exact names', async () => {
    const client = new pg.Client({ connectionString: inject('databaseUrl') });
    await client.connect();
    const { rows } = await client.query<{ conname: string }>(`SELECT conname FROM pg_constraint WHERE conrelid = 'system_pings'::regclass ORDER BY conname`);
    await client.end();
    expect(rows.map((r) => r.conname)).toEqual(['chk_system_pings_status', 'pk_system_pings']);
  });

  it('apply on an empty database, undo completely, and apply again', async () => {
    const ds = createDataSource({ url: scratch.url, poolMax: 2 });
    await ds.initialize();
    try {
      expect((await runMigrations(ds)).applied).toHaveLength(migrations.length);
      expect((await runMigrations(ds)).applied).toEqual([]);
      for (let i = 0; i < migrations.length; i++) await ds.undoLastMigration({ transaction: 'each' });
      // TypeORM's own bookkeeping tables: migrations, and typeorm_metadata (generated column
      // expressions), which TypeORM recreates before every run or undo while an entity has one.
      const tables = await ds.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename NOT IN ('migrations', 'typeorm_metadata')`);
      expect(tables).toEqual([]);
      expect((await runMigrations(ds)).applied).toHaveLength(migrations.length);
    } finally {
      await ds.destroy();
    }
  });
});
