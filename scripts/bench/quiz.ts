/**
 * The quiz scenarios of `npm run bench` (docs/performance.md):
 *   - quiz submit: learners each loop start → save every answer → submit, against the API and
 *     against the raw baseline (plain node:http + pg doing the same transactions), same run;
 *   - exam-start spike: N distinct signed-in learners (tokens made beforehand) start an attempt of
 *     one quiz within a window (2,000 in 10 s by default), with p50/p99, errors and the database's
 *     connections sampled meanwhile.
 */
import { createHmac, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type pg from 'pg';
import { Agent, fetch as undiciFetch } from 'undici';
import { replayQuery } from './sql-replay.js';

export interface BenchLearner {
  userId: string;
  sessionId: string;
  token: string;
}

const b64url = (value: string | Buffer) => Buffer.from(value).toString('base64url');

/** An HS256 access token as the API signs it (issuer and audience htmse-academy). */
export function signAccessToken(secret: string, userId: string, sessionId: string, ttlSeconds = 3600): string {
  const now = Math.floor(Date.now() / 1000);
  const header = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const payload = b64url(JSON.stringify({ sub: userId, sid: sessionId, iat: now, exp: now + ttlSeconds, iss: 'htmse-academy', aud: 'htmse-academy' }));
  const signature = createHmac('sha256', secret).update(`${header}.${payload}`).digest('base64url');
  return `${header}.${payload}.${signature}`;
}

/**
 * Signed-in learners made beforehand (a session row each and its access token), so that a
 * scenario measures quiz work and not 2,000 argon2 sign-ins. Accounts come from `emailLike`.
 */
export async function mintLearners(db: pg.Client, jwtSecret: string, emailLike: string, count: number): Promise<BenchLearner[]> {
  const { rows } = await db.query<{ id: string; user_id: string }>(
    `INSERT INTO sessions (user_id, expires_at)
     SELECT id, now() + interval '1 day' FROM users WHERE email LIKE $1 ORDER BY email LIMIT $2
     RETURNING id, user_id`,
    [emailLike, count],
  );
  if (rows.length < count) throw new Error(`only ${rows.length} accounts match ${emailLike}, ${count} needed`);
  return rows.map((r) => ({ userId: r.user_id, sessionId: r.id, token: signAccessToken(jwtSecret, r.user_id, r.id) }));
}

type AnswerValue =
  | { optionId: string }
  | { optionIds: string[] }
  | { value: boolean }
  | { value: number }
  | { text: string }
  | { pairs: Record<string, string> }
  | { order: string[] };

interface AttemptItem {
  id: string;
  type: string;
  options?: { id: string }[];
  items?: { id: string }[];
  choices?: { id: string }[];
}

interface Attempt {
  id: string;
  version: number;
  items: AttemptItem[];
}

/** A well-formed answer for each item (not necessarily right): what a learner's browser sends. */
export function someAnswer(item: AttemptItem, n: number): AnswerValue | null {
  const pick = <T>(list: T[] | undefined): T | undefined => (list?.length ? list[n % list.length] : undefined);
  switch (item.type) {
    case 'single':
      return { optionId: pick(item.options)!.id };
    case 'multiple':
      return { optionIds: (item.options ?? []).filter((_, i) => (i + n) % 2 === 0).map((o) => o.id) };
    case 'true_false':
      return { value: n % 2 === 0 };
    case 'numeric':
      return { value: n % 100 };
    case 'short_text':
      return { text: `answer ${n % 7}` };
    case 'matching':
      return { pairs: Object.fromEntries((item.items ?? []).map((it, i) => [it.id, item.choices![(i + n) % item.choices!.length]!.id])) };
    case 'ordering':
      return { order: (item.items ?? []).map((it) => it.id) };
    default:
      return null;
  }
}

export interface Timings {
  count: number;
  failed: number;
  p50: number;
  p99: number;
  max: number;
  perSecond: number;
  firstError?: string;
}

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export function summarise(latencies: number[], failed: number, seconds: number, firstError?: string): Timings {
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    count: latencies.length,
    failed,
    p50: Math.round(percentile(sorted, 50) * 10) / 10,
    p99: Math.round(percentile(sorted, 99) * 10) / 10,
    max: Math.round((sorted.at(-1) ?? 0) * 10) / 10,
    perSecond: latencies.length / seconds,
    firstError,
  };
}

/** One HTTP client pool per target, sized for the spike (browsers of 2,000 learners). */
export function clientFor(origin: string, connections: number) {
  const dispatcher = new Agent({
    connections,
    pipelining: 1,
    keepAliveTimeout: 30_000,
    connect: { timeout: 30_000 },
    headersTimeout: 60_000,
    bodyTimeout: 60_000,
  });
  async function call<T>(
    method: string,
    path: string,
    token: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; json: T; text: string }> {
    const res = await undiciFetch(`${origin}${path}`, {
      method,
      dispatcher,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, json: (text ? JSON.parse(text) : null) as T, text };
  }
  return { call, close: () => dispatcher.close() };
}

/**
 * Quiz submit: `learners.length` learners at once, each looping start → save (all answers) →
 * submit for `seconds`. One cycle is the unit; its latency is the three requests together.
 */
export async function quizCycles(origin: string, quizId: string, learners: BenchLearner[], seconds: number): Promise<Timings> {
  const client = clientFor(origin, learners.length);
  const latencies: number[] = [];
  let failed = 0;
  let firstError: string | undefined;
  const fail = (what: string) => {
    failed++;
    firstError ??= what;
  };
  const until = Date.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(
    learners.map(async (learner, l) => {
      let n = l;
      while (Date.now() < until) {
        const t0 = performance.now();
        try {
          const start = await client.call<Attempt>('POST', `/api/quizzes/${quizId}/attempts`, learner.token);
          if (start.status !== 201 && start.status !== 200) {
            fail(`start ${start.status} ${JSON.stringify(start.json).slice(0, 200)}`);
            continue;
          }
          const attempt = start.json;
          const answers = attempt.items.map((item) => ({ itemId: item.id, value: someAnswer(item, n++) }));
          const save = await client.call<{ version: number }>('PUT', `/api/attempts/${attempt.id}/answers`, learner.token, {
            version: attempt.version,
            answers,
          });
          if (save.status !== 200) {
            fail(`save ${save.status} ${JSON.stringify(save.json).slice(0, 200)}`);
            continue;
          }
          const submit = await client.call('POST', `/api/attempts/${attempt.id}/submit`, learner.token);
          if (submit.status !== 200) {
            fail(`submit ${submit.status} ${JSON.stringify(submit.json).slice(0, 200)}`);
            continue;
          }
          latencies.push(performance.now() - t0);
        } catch (err) {
          fail(err instanceof Error ? err.message : String(err));
        }
      }
    }),
  );
  await client.close();
  return summarise(latencies, failed, (performance.now() - started) / 1000, firstError);
}

/**
 * Records the API's SQL for one quiz cycle of `learner` (a warm-up cycle first), for the baseline.
 * `statementsFor(requestId)` reads the probe file.
 */
export async function recordCycle(
  apiOrigin: string,
  quizId: string,
  learner: BenchLearner,
  statementsFor: (requestId: string) => { sql: string; params: unknown[] }[],
): Promise<RecordedCycle> {
  const client = clientFor(apiOrigin, 1);
  try {
    let recorded: RecordedCycle | null = null;
    for (const probe of [false, true]) {
      const id = (step: string) => (probe ? `sql-probe-quiz-${step}-${randomUUID().slice(0, 8)}` : `bench-warm-quiz-${step}`);
      const ids = { start: id('start'), save: id('save'), submit: id('submit') };
      const start = await client.call<Attempt & { items: (AttemptItem & { position: number })[] }>(
        'POST',
        `/api/quizzes/${quizId}/attempts`,
        learner.token,
        undefined,
        {
          'x-request-id': ids.start,
        },
      );
      if (start.status !== 201) throw new Error(`quiz start: the API answered ${start.status}: ${start.text.slice(0, 300)}`);
      const answers = start.json.items.map((item, n) => ({ itemId: item.id, value: someAnswer(item, n) }));
      const save = await client.call(
        'PUT',
        `/api/attempts/${start.json.id}/answers`,
        learner.token,
        { version: start.json.version, answers },
        { 'x-request-id': ids.save },
      );
      if (save.status !== 200) throw new Error(`quiz save: the API answered ${save.status}: ${save.text.slice(0, 300)}`);
      const submit = await client.call('POST', `/api/attempts/${start.json.id}/submit`, learner.token, undefined, { 'x-request-id': ids.submit });
      if (submit.status !== 200) throw new Error(`quiz submit: the API answered ${submit.status}: ${submit.text.slice(0, 300)}`);
      recorded = {
        userId: learner.userId,
        sessionId: learner.sessionId,
        quizId,
        attemptId: start.json.id,
        itemIds: [...start.json.items].sort((a, b) => a.position - b.position).map((i) => i.id),
        start: { statements: statementsFor(ids.start), status: start.status, body: start.text },
        save: { statements: statementsFor(ids.save), status: save.status, body: save.text },
        submit: { statements: statementsFor(ids.submit), status: submit.status, body: submit.text },
      };
    }
    return recorded!;
  } finally {
    await client.close();
  }
}

/** The database's connections (all states) right now. */
async function connectionsOf(db: pg.Client, database: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1`, [database]);
  return rows[0]!.n;
}

export interface SpikeResult extends Timings {
  learners: number;
  windowSeconds: number;
  maxConnections: number;
  started: number;
}

/**
 * Exam-start spike: every learner starts an attempt of one quiz, start times spread evenly over
 * `windowSeconds` (2,000 in 10 s: one every 5 ms), each on its own connection as browsers are.
 */
export async function examStartSpike(
  origin: string,
  quizId: string,
  learners: BenchLearner[],
  windowSeconds: number,
  monitor: pg.Client,
  database: string,
): Promise<SpikeResult> {
  const client = clientFor(origin, learners.length);
  let maxConnections = await connectionsOf(monitor, database);
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      maxConnections = Math.max(maxConnections, await connectionsOf(monitor, database));
      await sleep(100);
    }
  })();
  const latencies: number[] = [];
  let failed = 0;
  let firstError: string | undefined;
  const t0 = performance.now();
  const gap = (windowSeconds * 1000) / learners.length;
  await Promise.all(
    learners.map(async (learner, i) => {
      await sleep(i * gap);
      const sent = performance.now();
      try {
        const res = await client.call<{ id?: string }>('POST', `/api/quizzes/${quizId}/attempts`, learner.token);
        if ((res.status === 201 || res.status === 200) && res.json?.id) latencies.push(performance.now() - sent);
        else {
          failed++;
          firstError ??= `${res.status} ${JSON.stringify(res.json).slice(0, 200)}`;
        }
      } catch (err) {
        failed++;
        firstError ??= err instanceof Error ? err.message : String(err);
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  sampling = false;
  await sampler;
  await client.close();
  return { ...summarise(latencies, failed, seconds, firstError), learners: learners.length, windowSeconds, maxConnections, started: latencies.length };
}

/** A fresh id, for baselines that insert what the API inserts. */
export const newId = randomUUID;

// ── The raw baseline of a quiz cycle ───────────────────────────────────────────────────────────
//
// The API's own SQL for one cycle (start, save, submit), recorded by its SQL probe, replayed by the
// baseline server (plain node:http + pg) for any learner and any attempt: the recorded learner's
// ids, attempt id and item ids are substituted with the current ones, the attempt number is taken
// from the replayed read of the learner's attempts (as the API computes it), new ids from the
// replayed INSERT … RETURNING and the replayed read of the attempt's items; timestamps become now
// and SHA-256 hex values (the save's request hash) fresh. The answer is the API's recorded body
// with the same substitutions. So the baseline sends the same statements, in the same order and
// transactions, and does nothing else: no validation, no rules, no JSON building.

export interface RecordedRequest {
  statements: { sql: string; params: unknown[] }[];
  status: number;
  body: string;
}

export interface RecordedCycle {
  userId: string;
  sessionId: string;
  quizId: string;
  attemptId: string;
  /** The attempt's item ids in position order. */
  itemIds: string[];
  start: RecordedRequest;
  save: RecordedRequest;
  submit: RecordedRequest;
}

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
const HEX_256 = /^[0-9a-f]{64}$/;
const ATTEMPTS_OF = /FROM quiz_attempts a WHERE a\.quiz_id = \$1 AND a\.user_id = \$[23]/;
const INSERT_ATTEMPT = /\bINSERT INTO quiz_attempts\b/i;
const ITEMS_OF = /FROM attempt_items ai JOIN question_versions/;
const INSERT_ITEMS = /\bINSERT INTO attempt_items\b[\s\S]*\bRETURNING\b/i;

/** What the replay reads of a row the API's statements answer. */
interface ReplayRow {
  id?: string;
  attemptId?: string;
  number?: number;
  position?: number;
  attempts?: { number: number }[];
}

/**
 * A recorded parameter for another learner: the recorded ids replaced by theirs (`pairs`), a
 * timestamp set to now, a SHA-256 hex value (a request hash) made fresh.
 */
export function substituted(value: unknown, pairs: [string, string][]): unknown {
  if (Array.isArray(value)) return value.map((v) => substituted(v, pairs));
  if (typeof value !== 'string') return value;
  if (ISO_TIME.test(value)) return new Date().toISOString();
  if (HEX_256.test(value)) return randomUUID().replace(/-/g, '') + randomUUID().replace(/-/g, '');
  let out = value;
  for (const [from, to] of pairs) if (out.includes(from)) out = out.replaceAll(from, to);
  return out;
}

export class CycleReplay {
  /** Item ids (by position) of the attempts the baseline started. */
  private readonly items = new Map<string, string[]>();

  constructor(private readonly cycle: RecordedCycle) {}

  private substitutions(userId: string, sessionId: string, attemptId: string | null): [string, string][] {
    const pairs: [string, string][] = [
      [this.cycle.userId, userId],
      [this.cycle.sessionId, sessionId],
    ];
    if (attemptId) {
      pairs.push([this.cycle.attemptId, attemptId]);
      const items = this.items.get(attemptId) ?? [];
      this.cycle.itemIds.forEach((id, k) => items[k] && pairs.push([id, items[k]]));
    }
    return pairs;
  }

  /** Which recorded request a baseline request is, and the attempt it names. */
  static route(method: string, url: string): { step: 'start' | 'save' | 'submit'; attemptId: string | null } | null {
    if (method === 'POST' && /^\/api\/quizzes\/[^/]+\/attempts$/.test(url)) return { step: 'start', attemptId: null };
    const m = /^\/api\/attempts\/([^/]+)\/(answers|submit)$/.exec(url);
    if (m && method === 'PUT' && m[2] === 'answers') return { step: 'save', attemptId: m[1]! };
    if (m && method === 'POST' && m[2] === 'submit') return { step: 'submit', attemptId: m[1]! };
    return null;
  }

  /** Replays one request's statements on `client` as `userId`/`sessionId`; answers status and body. */
  async run(
    client: pg.PoolClient,
    step: 'start' | 'save' | 'submit',
    userId: string,
    sessionId: string,
    attemptId: string | null,
  ): Promise<{ status: number; body: string }> {
    const recorded = this.cycle[step];
    let current = attemptId;
    let lastNumber = 0;
    let itemsCaptured = step !== 'start';
    for (const s of recorded.statements) {
      const pairs = this.substitutions(userId, sessionId, current);
      const params = s.params.map((p) => substituted(p, pairs));
      if (INSERT_ATTEMPT.test(s.sql)) params[2] = lastNumber + 1;
      const result = await replayQuery<ReplayRow>(client, s.sql, params);
      // The learner's attempts: rows of their own, or a JSON column (the start reads them with its inputs).
      if (ATTEMPTS_OF.test(s.sql)) lastNumber = Math.max(0, ...(result.rows[0]?.attempts ?? result.rows).map((r) => r.number ?? 0));
      // The new attempt's id: its INSERT's RETURNING, or the items' when one statement inserts both.
      if (INSERT_ATTEMPT.test(s.sql)) current = result.rows[0]?.attemptId ?? result.rows[0]!.id!;
      // The new attempt's item ids, in position order: from the INSERT's RETURNING, or from the read that follows it.
      if (!itemsCaptured && current && (INSERT_ITEMS.test(s.sql) || (ITEMS_OF.test(s.sql) && INSERTED_BEFORE(recorded, s)))) {
        const rows = [...(result.rows as { id: string; position: number }[])].sort((a, b) => a.position - b.position);
        this.items.set(
          current,
          rows.map((r) => r.id),
        );
        itemsCaptured = true;
      }
    }
    const body = this.substitutions(userId, sessionId, current).reduce((text, [from, to]) => text.replaceAll(from, to), recorded.body);
    if (step === 'submit' && current) this.items.delete(current);
    return { status: recorded.status, body };
  }
}

/** The learner and session of a valid access token (HS256, as the API checks it), or null. */
export function verifyAccessToken(secret: string, token: string): { userId: string; sessionId: string } | null {
  const [header, payload, signature] = token.split('.');
  if (!header || !payload || !signature) return null;
  const expected = createHmac('sha256', secret).update(`${header}.${payload}`).digest('base64url');
  if (expected !== signature) return null;
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { sub?: string; sid?: string; exp?: number };
  if (!claims.sub || !claims.sid || (claims.exp ?? 0) * 1000 < Date.now()) return null;
  return { userId: claims.sub, sessionId: claims.sid };
}

/** Whether the start's INSERT of the attempt comes before `statement` (the read of its items that follows it). */
function INSERTED_BEFORE(recorded: RecordedRequest, statement: { sql: string }): boolean {
  const insert = recorded.statements.findIndex((s) => INSERT_ATTEMPT.test(s.sql));
  return insert >= 0 && recorded.statements.indexOf(statement as RecordedRequest['statements'][number]) > insert;
}
