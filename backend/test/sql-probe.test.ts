import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import pg from 'pg';
import { countsOf, parseProbe, replayOf, statementsOf } from '../../scripts/bench/sql-replay.js';
import { createVerifiedUser, signIn, type SignedIn } from './support/admin.js';
import { startApi, type TestApi } from './support/api.js';

/**
 * The bench's instruments (scripts/bench): the API's SQL probe records the statements of probed
 * requests only, numbered by API call; the bench counts them and replays them in its raw baseline.
 */
let api: TestApi;
let dir: string;
let probeFile: string;
let learner: SignedIn;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sql-probe-'));
  probeFile = join(dir, 'probe.jsonl');
  api = await startApi({
    DATABASE_URL: inject('databaseUrl'),
    REDIS_URL: inject('redisUrl'),
    QUEUE_PREFIX: `${inject('queuePrefix')}-probe`,
    QUEUE_DRIVER: 'inline',
    SQL_PROBE_FILE: probeFile,
  });
  learner = await signIn(api.baseUrl, await createVerifiedUser(inject('databaseUrl')));
});
afterAll(async () => {
  await api?.close();
  rmSync(dir, { recursive: true, force: true });
});

const get = async (path: string, requestId: string, headers: Record<string, string> = {}) => {
  const res = await fetch(`${api.baseUrl}${path}`, { headers: { ...headers, 'x-request-id': requestId } });
  await res.arrayBuffer();
  expect(res.status).toBe(200);
};
const probe = () => parseProbe(readFileSync(probeFile, 'utf8'));

describe('SQL probe', () => {
  it('records only probed requests, and counts API calls and statements per request id', async () => {
    await get('/api/me', 'not-probed-0001', learner.headers);
    await get('/api/me', 'sql-probe-twice', learner.headers);
    await get('/api/publications', 'sql-probe-twice');
    expect(probe().some((s) => s.requestId === 'not-probed-0001')).toBe(false);

    const mine = statementsOf(probe(), 'sql-probe-twice');
    expect(new Set(mine.map((s) => s.call))).toEqual(new Set([1, 2]));
    // The session check reads the sessions table with the token's session id as a parameter.
    expect(mine.filter((s) => s.call === 1).some((s) => /\bsessions\b/.test(s.sql) && s.params.length > 0)).toBe(true);
    expect(countsOf(probe(), 'sql-probe-twice')).toEqual({ apiCalls: 2, statements: mine.length });
  });

  it('sees the session check as one statement (session, account and memberships together)', async () => {
    await get('/api/me', 'sql-probe-session', learner.headers);
    const mine = statementsOf(probe(), 'sql-probe-session');
    expect(mine.filter((s) => /\bsessions\b/.test(s.sql))).toHaveLength(1);
    expect(mine[0]!.sql).toMatch(/FROM sessions s JOIN users u/);
    expect(mine[0]!.sql).toMatch(/memberships/);
  });

  it('replays what it recorded on plain pg with the same results', async () => {
    await get('/api/me', 'sql-probe-replay', learner.headers);
    const replay = replayOf(statementsOf(probe(), 'sql-probe-replay'));
    expect(replay.rollback).toBe(false);
    expect(replay.statements.length).toBeGreaterThan(0);
    const client = new pg.Client({ connectionString: inject('databaseUrl') });
    await client.connect();
    try {
      for (const s of replay.statements) await client.query(s.sql, s.params);
      // The session check finds the learner's live session, as it did in the API.
      const session = replay.statements.find((s) => /\bsessions\b/.test(s.sql))!;
      expect((await client.query(session.sql, session.params)).rowCount).toBeGreaterThan(0);
    } finally {
      await client.end();
    }
  });

  it('wraps writes for a rolled-back replay, the transaction statements becoming savepoints', () => {
    const at = (sql: string) => ({ requestId: 'sql-probe-x', call: 1, sql, params: [] });
    const replay = replayOf([at('SELECT 1'), at('START TRANSACTION'), at('INSERT INTO t VALUES (1)'), at('COMMIT')]);
    expect(replay.rollback).toBe(true);
    expect(replay.statements.map((s) => s.sql)).toEqual(['SELECT 1', 'SAVEPOINT replay', 'INSERT INTO t VALUES (1)', 'RELEASE SAVEPOINT replay']);
  });
});
