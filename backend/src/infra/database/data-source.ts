import { DataSource, type DataSourceOptions } from 'typeorm';
import { ReadableNamingStrategy } from './naming-strategy.js';

export interface DatabaseOptions {
  url: string;
  poolMax?: number;
  applicationName?: string;
  /** Outside Nest, every entity (modules/entities.ts); the Nest apps pass none and load each module's own (autoLoadEntities). */
  entities?: DataSourceOptions['entities'];
  /** The migration classes (migrations/index.ts), for the data sources that run them. */
  migrations?: DataSourceOptions['migrations'];
}

/**
 * The one description of the database, shared by the API, the worker, the CLI and the tests.
 * Infra knows no domain: the entities and migrations are given by the caller (src/database.ts).
 */
export function dataSourceOptions(opts: DatabaseOptions): DataSourceOptions {
  return {
    type: 'postgres',
    url: opts.url,
    entities: opts.entities ?? [],
    migrations: opts.migrations ?? [],
    namingStrategy: new ReadableNamingStrategy(),
    // The schema changes only through reviewed migrations.
    synchronize: false,
    migrationsRun: false,
    migrationsTransactionMode: 'each',
    logging: false,
    applicationName: opts.applicationName ?? 'htmse',
    extra: {
      max: opts.poolMax ?? 10,
      connectionTimeoutMillis: 5_000,
      // A runaway query must not hold a pool connection for ever.
      statement_timeout: 30_000,
      idle_in_transaction_session_timeout: 60_000,
    },
  };
}

export function createDataSource(opts: DatabaseOptions): DataSource {
  return new DataSource(dataSourceOptions(opts));
}
