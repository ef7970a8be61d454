/**
 * Turns what the API's SQL probe recorded (backend/src/infra/database/sql-probe.ts, one JSON
 * line per statement) into the raw baseline's work, and counts statements and API calls.
 */

export interface ProbedStatement {
  requestId: string;
  call: number;
  sql: string;
  params: unknown[];
}

export interface BaselineRoute {
  statements: { sql: string; params: unknown[] }[];
  status: number;
  contentType: string;
  body: string;
  /** Health also pings Redis. */
  redisPing?: boolean;
  /** Sign-in: the password check, against the account's hash. */
  argon2?: { hash: string };
  /** Statements that write: replayed in a transaction that is rolled back. */
  rollback?: boolean;
}

export function parseProbe(text: string): ProbedStatement[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as ProbedStatement);
}

/** The statements of one request id, in the order the API sent them. */
export function statementsOf(probe: ProbedStatement[], requestId: string): ProbedStatement[] {
  return probe.filter((s) => s.requestId === requestId);
}

/** API calls (HTTP requests to the API that ran SQL) and SQL statements made under one request id. */
export function countsOf(probe: ProbedStatement[], requestId: string): { apiCalls: number; statements: number } {
  const mine = statementsOf(probe, requestId);
  return { apiCalls: new Set(mine.map((s) => s.call)).size, statements: mine.length };
}

/** A statement the API sent prepared starts with this comment (backend/src/infra/database/prepared.ts). */
const PREPARED = /^\/\* prepared:([a-z][a-z0-9_.-]{2,62}) \*\/\s*/;

/** The statement without its prepared-statement comment, for matching. */
export function sqlOf(statement: string): string {
  return statement.replace(PREPARED, '');
}

interface Queryable {
  query(config: { text: string; values: unknown[]; name?: string }): Promise<{ rows: unknown[] }>;
}

/**
 * Sends a recorded statement as the API sent it: one the API prepared (named) is prepared under
 * the same name on this connection, so the baseline does the same parse-once work.
 */
export function replayQuery<R = unknown>(client: Queryable, sql: string, params: unknown[]): Promise<{ rows: R[] }> {
  const name = PREPARED.exec(sql)?.[1];
  return client.query({ text: sql, values: params, ...(name ? { name } : {}) }) as Promise<{ rows: R[] }>;
}

const WRITES = /^\s*(INSERT|UPDATE|DELETE)\b/i;

/**
 * The replay of one request's statements. When they write, the baseline wraps them in a
 * transaction it rolls back, and the request's own transaction statements become savepoints
 * (same round trips; a COMMIT inside would end the outer transaction).
 */
export function replayOf(statements: ProbedStatement[]): Pick<BaselineRoute, 'statements' | 'rollback'> {
  const rollback = statements.some((s) => WRITES.test(sqlOf(s.sql)));
  return {
    rollback,
    statements: statements.map(({ sql, params }) => {
      if (!rollback) return { sql, params };
      if (/^\s*START TRANSACTION/i.test(sql) || /^\s*BEGIN/i.test(sql)) return { sql: 'SAVEPOINT replay', params: [] };
      if (/^\s*COMMIT/i.test(sql)) return { sql: 'RELEASE SAVEPOINT replay', params: [] };
      if (/^\s*ROLLBACK$/i.test(sql.trim())) return { sql: 'ROLLBACK TO SAVEPOINT replay', params: [] };
      return { sql, params };
    }),
  };
}
