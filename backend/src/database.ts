import type { Logger } from 'pino';
import type { DataSource, DataSourceOptions } from 'typeorm';
import type { AppConfig } from './config/config.js';
import { createDataSource as createInfraDataSource, dataSourceOptions as infraDataSourceOptions, type DatabaseOptions } from './infra/database/data-source.js';
import { runMigrations } from './infra/database/migrate.js';
import { migrations } from './migrations/index.js';
import { ALL_ENTITIES } from './modules/entities.js';

type Options = Omit<DatabaseOptions, 'entities' | 'migrations'>;

/** Data source options with every module's entities and every migration: for the CLI, migrations and tests. */
export function dataSourceOptions(opts: Options): DataSourceOptions {
  return infraDataSourceOptions({ ...opts, entities: ALL_ENTITIES, migrations });
}

/** A data source outside Nest (migrations, the CLI, the tests), knowing every entity and migration. */
export function createDataSource(opts: Options): DataSource {
  return createInfraDataSource({ ...opts, entities: ALL_ENTITIES, migrations });
}

/** Applies pending migrations under the advisory lock, with a short-lived connection. */
export async function migrate(config: AppConfig, logger: Logger): Promise<void> {
  const dataSource = createDataSource({ url: config.database.url, poolMax: 2, applicationName: 'htmse-migrate' });
  await dataSource.initialize();
  try {
    const { applied } = await runMigrations(dataSource);
    logger.info({ applied }, applied.length ? `applied ${applied.length} migration(s)` : 'database schema is up to date');
  } finally {
    await dataSource.destroy();
  }
}
