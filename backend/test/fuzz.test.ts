import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDataSource } from '../src/database.js';
import { runMigrations } from '../src/infra/database/migrate.js';
import { questionBankImport } from '../src/modules/assessment/index.js';
import { importContent } from '../src/modules/courses/content/content.importer.js';
import { createScratchDatabase } from './support/databases.js';
import { buildCase, CLASS_NAMES, generateCases, PERSONAS, requestIdFor, type FuzzCase } from './support/fuzz/cases.js';
import { check, formatReport, serverErrorsByRequestId, SLOW_MS, trimBody, type Failure, type RunStats } from './support/fuzz/report.js';
import { rng } from './support/fuzz/rng.js';
import { loadSpec } from './support/fuzz/spec.js';
import { client, encodeComponent, Raw, toJson, toWire } from './support/fuzz/wire.js';
import { createWorld, type World } from './support/fuzz/world.js';

/**
 * The fuzz tier: every operation of backend/openapi.json, as every persona (anonymous, a learner,
 * an org admin, a platform admin), a valid baseline and then one mutation of it per case: wrong
 * types, missing and unknown fields, huge strings, lone surrogates, NUL bytes, deep nesting,
 * boundary numbers, bad ids and cursors, traversal, polluted queries, malformed bodies, bad
 * credentials and headers, hostile uploads. Fails on any 5xx, any 4xx/5xx without the error
 * shape, and any answer slower than 2 s. Fixed seed: the same cases every run.
 *
 *   FUZZ_SEED=0x5eed       another seed (hex or decimal)
 *   FUZZ_CASES=17,42-45    only these case indices (what the report prints), to reproduce one
 *   FUZZ_PER_PAIR=21       cases per operation and persona (the default gives a little over 5,000 requests)
 */
const MIN_REQUESTS = 5_000;
const SEED = Number(process.env.FUZZ_SEED ?? 0x5eed);
const ONLY = parseCases(process.env.FUZZ_CASES);
const root = fileURLToPath(new URL('../..', import.meta.url));
const { operations, errorShape } = loadSpec(fileURLToPath(new URL('../openapi.json', import.meta.url)));
const byKey = new Map(operations.map((o) => [o.key, o]));
/** Enough cases per operation and persona for a little over MIN_REQUESTS, however many operations the spec has. */
const PER_PAIR = Number(process.env.FUZZ_PER_PAIR ?? Math.ceil((MIN_REQUESTS * 1.04) / (operations.length * PERSONAS.length)));

function parseCases(text: string | undefined): Set<number> | undefined {
  if (!text) return undefined;
  const out = new Set<number>();
  for (const part of text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const [from, to = from] = part.split('-').map(Number) as [number, number?];
    for (let i = from; i <= to!; i++) out.add(i);
  }
  return out;
}

let world: World;
let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;

beforeAll(async () => {
  // A database of its own: the fixtures need the imported catalogue, and the run writes a lot.
  scratch = await createScratchDatabase(inject('serverUrl'));
  const source = createDataSource({ url: scratch.url, poolMax: 2 });
  await source.initialize();
  await runMigrations(source);
  // With the quiz bank, so a module of the catalogue has a quiz a learner can start (the {attemptId} fixture).
  await importContent(source, undefined, [questionBankImport()]);
  await source.destroy();
  world = await createWorld({ databaseUrl: scratch.url, redisUrl: inject('redisUrl'), queuePrefix: `${inject('queuePrefix')}-fuzz` });
  await world.harvestCursors(operations, SEED);
}, 180_000);

afterAll(async () => {
  await world?.close();
  await scratch?.drop();
});

describe('OpenAPI fuzz tier', () => {
  it('derives the same cases from the same seed, covering every operation, persona and mutation class', () => {
    const cases = generateCases(operations, SEED, PER_PAIR);
    expect(generateCases(operations, SEED, PER_PAIR)).toEqual(cases);
    expect(generateCases(operations, SEED + 1, PER_PAIR)).not.toEqual(cases);
    expect(cases.length).toBe(operations.length * PERSONAS.length * PER_PAIR);
    expect(new Set(cases.map((c) => c.op))).toEqual(new Set(operations.map((o) => o.key)));
    expect(new Set(cases.map((c) => c.klass))).toEqual(new Set(CLASS_NAMES));
    // Destructive operations come last, so nothing they spend is needed afterwards.
    const firstDestructive = cases.findIndex((c) => byKey.get(c.op)!.destructive);
    expect(cases.slice(firstDestructive).every((c) => byKey.get(c.op)!.destructive)).toBe(true);
  });

  it('checks the error shape and encodes what it sends exactly', () => {
    const res = (status: number, body: unknown, type = 'application/json; charset=utf-8') => ({
      status,
      headers: { 'content-type': type },
      body: Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)),
      ms: 1,
    });
    const good = { statusCode: 400, code: 'VALIDATION_FAILED', message: 'Validation failed: x', details: { fields: [] }, requestId: 'r-1' };
    expect(check(res(400, good), errorShape)).toEqual([]);
    expect(check(res(403, 'Cross-site POST form submissions are forbidden', 'text/plain'), errorShape)).toEqual([
      { kind: 'error-shape', detail: 'content-type is text/plain, not application/json' },
    ]);
    expect(check(res(400, { ...good, requestId: undefined }), errorShape)[0]?.detail).toBe('missing requestId');
    expect(check(res(404, good), errorShape)[0]?.detail).toBe('statusCode 400 is not the HTTP status 404');
    expect(check(res(400, { ...good, stack: 'at x' }), errorShape)[0]?.detail).toBe('unexpected keys stack');
    expect(check(res(400, { ...good, code: 'OOPS' }), errorShape)[0]?.detail).toBe('code "OOPS" is not an ErrorCode');
    expect(check(res(500, { ...good, statusCode: 500, code: 'INTERNAL_ERROR' }), errorShape).map((p) => p.kind)).toEqual(['server-error']);
    expect(check({ ...res(200, {}), ms: SLOW_MS + 1 }, errorShape).map((p) => p.kind)).toEqual(['slow']);
    expect(check({ error: 'socket hang up', ms: 5 }, errorShape).map((p) => p.kind)).toEqual(['no-answer']);
    // The API refusing an oversized body by closing the connection is an answer, not a failure to give one.
    expect(check({ closedOnOversizedBody: true, ms: 5 }, errorShape)).toEqual([]);
    // A lone surrogate goes out as its WTF-8 bytes, not as U+FFFD; a pair as UTF-8.
    expect(encodeComponent('a\ud800/🙂')).toBe('a%ED%A0%80%2F%F0%9F%99%82');
    expect(toJson({ a: new Raw('1e999'), b: '\ud800\u0000' })).toBe('{"a":1e999,"b":"\\ud800\\u0000"}');
  });

  it(`sends >= ${MIN_REQUESTS.toLocaleString('en')} requests and gets no 5xx, no error without the error shape, nothing slower than ${SLOW_MS} ms`, async () => {
    const all = generateCases(operations, SEED, PER_PAIR);
    const cases = ONLY ? all.filter((c) => ONLY.has(c.index)) : all;
    const http = client(world.api.baseUrl);
    const failures: Failure[] = [];
    const stats: RunStats = {
      seed: SEED,
      requests: 0,
      seconds: 0,
      operations: operations.length,
      personas: PERSONAS.length,
      perPair: PER_PAIR,
      statuses: new Map(),
      durations: [],
      byClass: new Map(),
      replacedPersonas: 0,
      notes: world.notes,
      baselineMisses: [],
      overhead: { settling: 0, replacing: 0, checking: 0 },
      timeByOp: new Map(),
      cpu: { api: 0, test: 0 },
      loadAverage: 0,
    };
    /** [case, status, ms] of every request, for the JSON report. */
    const perCase: [number, number | null, number][] = [];
    // Only a successful write can change a persona: check them after operations that had one.
    let wroteOk = false;
    const started = performance.now();
    const cpuBefore = { api: apiCpuSeconds(world.api.child.pid), test: process.cpuUsage() };
    let previous: FuzzCase | undefined;

    const personaCheck = async (after: FuzzCase) => {
      const t = performance.now();
      const problems = await world.checkPersonas();
      stats.overhead.checking += performance.now() - t;
      for (const problem of problems) {
        failures.push({
          kind: 'persona-damaged',
          index: after.index,
          op: after.op,
          persona: '-',
          klass: '-',
          mutation: '-',
          status: null,
          ms: 0,
          detail: `${problem}: if this operation may end sessions or change members, match it in isDestructive (test/support/fuzz/spec.ts)`,
          body: '',
        });
      }
    };

    try {
      for (const c of cases) {
        const op = byKey.get(c.op)!;
        if (previous && previous.op !== c.op && !byKey.get(previous.op)!.destructive && wroteOk) await personaCheck(previous);
        if (previous?.op !== c.op) wroteOk = false;
        previous = c;
        if (world.api.child.exitCode !== null) throw new Error(`the API exited during case #${c.index}\n${world.api.output().slice(-4_000)}`);

        const ctx = { seed: SEED, index: c.index, persona: c.persona, creds: world.credentials(c.persona, op.destructive), rng: rng(`${SEED}#${c.index}`) };
        const built = buildCase(c, op, world.fixtures, ctx);
        const wire = toWire(built.request);
        const res = await http.send(wire, 30_000);
        stats.requests++;
        stats.byClass.set(c.klass, (stats.byClass.get(c.klass) ?? 0) + 1);
        stats.durations.push(res.ms);
        stats.timeByOp.set(c.op, (stats.timeByOp.get(c.op) ?? 0) + res.ms);
        const status = 'status' in res ? res.status : null;
        if (status !== null) stats.statuses.set(status, (stats.statuses.get(status) ?? 0) + 1);
        if ('closedOnOversizedBody' in res) stats.closedOversized = (stats.closedOversized ?? 0) + 1;
        perCase.push([c.index, status, Math.round(res.ms)]);
        if (op.method !== 'GET' && c.persona !== 'anonymous' && status !== null && status < 300) wroteOk = true;
        if (c.klass === 'valid' && c.persona === 'platformAdmin' && (status === null || status >= 300)) stats.baselineMisses.push(`${op.key} ${status}`);

        for (const problem of check(res, errorShape)) {
          const header = 'headers' in res ? res.headers['x-request-id'] : undefined;
          failures.push({
            ...problem,
            index: c.index,
            op: c.op,
            persona: c.persona,
            klass: c.klass,
            mutation: built.mutation,
            status,
            ms: res.ms,
            body: 'body' in res ? trimBody(res.body) : '',
            requestId: typeof header === 'string' ? header : requestIdFor(SEED, c.index),
          });
        }
        // A stalled event loop delays whatever comes next: wait for the API to be itself again,
        // so one slow request is reported once, not as a cascade.
        let t = performance.now();
        if (res.ms > SLOW_MS || status === null) await settle(world.api.baseUrl);
        stats.overhead.settling += performance.now() - t;
        t = performance.now();
        if (op.destructive && status !== null && status >= 200 && status < 300) {
          // The request carried the persona's password or refresh token: assume it spent them.
          const sent = wire.body?.toString('utf8') ?? '';
          const spent = Boolean(ctx.creds && (sent.includes(ctx.creds.password) || sent.includes(ctx.creds.refreshToken)));
          if (await world.afterDestructiveSuccess(c.persona, spent)) stats.replacedPersonas++;
        }
        stats.overhead.replacing += performance.now() - t;
      }
      if (previous && !byKey.get(previous.op)!.destructive && wroteOk) await personaCheck(previous);
    } finally {
      http.close();
    }
    stats.seconds = (performance.now() - started) / 1000;
    const testCpu = process.cpuUsage(cpuBefore.test);
    stats.cpu = { api: apiCpuSeconds(world.api.child.pid) - cpuBefore.api, test: (testCpu.user + testCpu.system) / 1e6 };
    stats.loadAverage = loadavg()[0] ?? 0;

    const logged = serverErrorsByRequestId(world.api.output());
    for (const f of failures) if (f.requestId) f.serverError = logged.get(f.requestId);
    const text = formatReport(stats, failures);
    mkdirSync(`${root}.test-output`, { recursive: true });
    writeFileSync(
      `${root}.test-output/fuzz-report.json`,
      JSON.stringify(
        {
          ...stats,
          statuses: Object.fromEntries(stats.statuses),
          byClass: Object.fromEntries(stats.byClass),
          durations: undefined,
          timeByOp: Object.fromEntries(stats.timeByOp),
          failures,
          cases: perCase,
        },
        null,
        2,
      ),
    );
    console.log(text);

    expect(stats.requests).toBe(cases.length);
    if (!ONLY) expect(stats.requests).toBeGreaterThanOrEqual(MIN_REQUESTS);
    expect(failures.length, `${text.split('\n').find((l) => l.startsWith('failures:'))} (grouped above; all in .test-output/fuzz-report.json)`).toBe(0);
  }, 1_800_000);
});

/** CPU seconds the API process has used (Linux /proc; 0 elsewhere). */
function apiCpuSeconds(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

/** Waits until /api/health answers within 200 ms again (at most a minute). */
async function settle(baseUrl: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const t = performance.now();
    try {
      const res = await fetch(`${baseUrl}/api/health`, { signal: AbortSignal.timeout(30_000) });
      await res.arrayBuffer();
      if (performance.now() - t < 200) return;
    } catch {
      // still busy or restarting
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}
