import type { DataSource } from 'typeorm';

// Arbitrary but fixed: every process that migrates this database takes the same lock.
const MIGRATION_LOCK_KEY = 4_206_913;

export interface MigrationResult {
  applied: string[];
}

/**
 * Needs a pool of at least 2: one connection holds the lock, TypeORM migrates on another.
 * Runs pending migrations while holding a PostgreSQL advisory lock, so several API replicas
 * starting together apply each migration exactly once; the others wait, then find nothing to do.
 */
export async function runMigrations(dataSource: DataSource): Promise<MigrationResult> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      return { applied: applied.map((m) => m.name) };
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    await runner.release();
  }
}
