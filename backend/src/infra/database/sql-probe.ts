import { appendFileSync } from 'node:fs';
import type { Logger } from 'typeorm';
import { requestContext, type RequestContext } from '../../common/logging/request-context.js';

/** Requests whose X-Request-Id starts with this are recorded; all others cost one prefix test. */
export const SQL_PROBE_PREFIX = 'sql-probe-';

/** One line of the probe file (JSON Lines). */
export interface ProbedStatement {
  requestId: string;
  /** Which HTTP request to the API this was, numbered per request id from 1 (a page makes several). */
  call: number;
  sql: string;
  params: unknown[];
}

/**
 * A TypeORM logger for measurement (npm run bench and its test), enabled by SQL_PROBE_FILE: it
 * appends every statement the API sends for a probed request (X-Request-Id "sql-probe-…") to the
 * file, with the request id and which API call of that id it was. The bench counts statements
 * and API calls per page from it, and replays the exact statements in its raw baseline.
 * Not for production: the appends are synchronous.
 */
export class SqlProbeLogger implements Logger {
  private readonly calls = new WeakMap<RequestContext, number>();
  private readonly perId = new Map<string, number>();

  constructor(private readonly file: string) {}

  logQuery(query: string, parameters?: unknown[] | object): void {
    const store = requestContext.getStore();
    if (!store?.requestId.startsWith(SQL_PROBE_PREFIX)) return;
    let call = this.calls.get(store);
    if (call === undefined) {
      call = (this.perId.get(store.requestId) ?? 0) + 1;
      this.perId.set(store.requestId, call);
      this.calls.set(store, call);
    }
    const line: ProbedStatement = { requestId: store.requestId, call, sql: query, params: Array.isArray(parameters) ? parameters : [] };
    appendFileSync(this.file, `${JSON.stringify(line)}\n`);
  }

  logQueryError(): void {}
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(): void {}
}

/** Reads a probe file: the statements of one request id, in the order they were sent. */
export function probedStatements(text: string, requestId: string): ProbedStatement[] {
  return text
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as ProbedStatement)
    .filter((s) => s.requestId === requestId);
}
