import { DataSource, QueryFailedError, type EntityManager, type QueryRunner } from 'typeorm';

/**
 * A named, server-side prepared statement for the hottest requests (every signed-in request's
 * session check, the exam start).
 *
 * TypeORM sends every statement unnamed, so PostgreSQL parses and plans it on every call. For a
 * statement with joins, sub-selects and JSON building the plan costs more than the execution
 * (measured on the quiz start's readable-courses check: 0.65 ms unnamed, 0.07 ms prepared; the
 * session check 0.30 vs 0.10 ms; pgbench, one client, docs/performance.md). node-postgres
 * prepares a named statement once per connection and then only binds and executes it.
 *
 * The text starts with a `/* prepared:<name> *\/` comment: it shows in pg_stat_activity and in
 * logs, and the bench's raw baseline, which replays the API's recorded SQL, uses it to prepare the
 * same statement under the same name, so both sides do the same work.
 *
 * One name, one text: node-postgres refuses a name reused with another text on the same
 * connection, so statements are module constants made with this function. PostgreSQL re-plans a
 * prepared statement by itself after a migration changes a table it reads; only a change of the
 * statement's own result columns (a dropped column or a new type) would fail it on connections
 * made before the migration, so such a migration needs the API restarted (statements list their
 * columns; none uses `*`).
 */
export interface PreparedStatement {
  readonly name: string;
  readonly text: string;
}

const NAME = /^[a-z][a-z0-9_.-]{2,62}$/;
const names = new Map<string, string>();

export function preparedStatement(name: string, sql: string): PreparedStatement {
  if (!NAME.test(name)) throw new Error(`prepared statement name ${JSON.stringify(name)}: lower case letters, digits, _ . -, 3-63 characters`);
  const text = `/* prepared:${name} */ ${sql.trim()}`;
  const known = names.get(name);
  if (known !== undefined && known !== text) throw new Error(`prepared statement ${name} is declared twice with different SQL`);
  names.set(name, text);
  return { name, text };
}

/** The name a recorded statement was prepared under (for replays), or null. */
export function preparedNameOf(sql: string): string | null {
  return /^\/\* prepared:([a-z][a-z0-9_.-]{2,62}) \*\//.exec(sql)?.[1] ?? null;
}

interface PgClient {
  query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
}

/**
 * Runs a prepared statement on the data source (a pooled connection for the call) or in the
 * entity manager's transaction, and answers its rows. Like TypeORM's own `query`: logged through
 * the data source's logger (so the SQL probe sees it), a failure is a QueryFailedError carrying
 * the driver's error (SQLSTATE), and a pool timeout is the pool's error, as the exception filter
 * expects.
 */
export async function queryPrepared<T>(on: DataSource | EntityManager, statement: PreparedStatement, params: unknown[]): Promise<T[]> {
  const inTransaction = on instanceof DataSource ? undefined : on.queryRunner;
  const dataSource = on instanceof DataSource ? on : on.connection;
  const runner: QueryRunner = inTransaction ?? dataSource.createQueryRunner();
  try {
    const client = (await runner.connect()) as PgClient;
    dataSource.logger.logQuery(statement.text, params, runner);
    try {
      const result = await client.query({ name: statement.name, text: statement.text, values: params });
      return result.rows as T[];
    } catch (err) {
      dataSource.logger.logQueryError(err instanceof Error ? err : String(err), statement.text, params, runner);
      throw new QueryFailedError(statement.text, params, err as Error);
    }
  } finally {
    if (!inTransaction) await runner.release();
  }
}
