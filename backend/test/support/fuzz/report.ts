import type { ErrorShape } from './spec.js';
import { OVERSIZED_BODY_BYTES, type ClosedOnOversizedBody, type WireResponse } from './wire.js';

/** What the fuzzer checks on every answer, and how it reports what it saw. */

export const SLOW_MS = 2_000;

export type FailureKind = 'server-error' | 'error-shape' | 'slow' | 'no-answer' | 'persona-damaged';

export interface Failure {
  kind: FailureKind;
  index: number;
  op: string;
  persona: string;
  klass: string;
  mutation: string;
  status: number | null;
  ms: number;
  detail: string;
  body: string;
  requestId?: string;
  /** The server's own log line for this request (error message), when it wrote one. */
  serverError?: string;
}

/** The problems with one answer: a 5xx, an error without the error shape, or a slow answer. */
export function check(res: WireResponse | ClosedOnOversizedBody | { error: string; ms: number }, shape: ErrorShape): { kind: FailureKind; detail: string }[] {
  if ('closedOnOversizedBody' in res) return [];
  if ('error' in res) return [{ kind: 'no-answer', detail: res.error }];
  const problems: { kind: FailureKind; detail: string }[] = [];
  if (res.status >= 500) problems.push({ kind: 'server-error', detail: `HTTP ${res.status}` });
  if (res.status >= 400) {
    const wrong = errorShapeProblem(res, shape);
    if (wrong) problems.push({ kind: 'error-shape', detail: wrong });
  }
  if (res.ms > SLOW_MS) problems.push({ kind: 'slow', detail: `${Math.round(res.ms).toLocaleString('en')} ms` });
  return problems;
}

export function errorShapeProblem(res: WireResponse, shape: ErrorShape): string | undefined {
  const type = String(res.headers['content-type'] ?? '');
  if (!type.startsWith('application/json')) return `content-type is ${type || 'missing'}, not application/json`;
  let body: unknown;
  try {
    body = JSON.parse(res.body.toString('utf8'));
  } catch {
    return 'body is not JSON';
  }
  if (!body || typeof body !== 'object' || Array.isArray(body)) return 'body is not an object';
  const b = body as Record<string, unknown>;
  const missing = shape.required.filter((k) => !(k in b));
  if (missing.length) return `missing ${missing.join(', ')}`;
  const extra = Object.keys(b).filter((k) => !shape.allowed.includes(k));
  if (extra.length) return `unexpected keys ${extra.join(', ')}`;
  if (b.statusCode !== res.status) return `statusCode ${JSON.stringify(b.statusCode)} is not the HTTP status ${res.status}`;
  if (typeof b.code !== 'string' || !shape.codes.includes(b.code)) return `code ${JSON.stringify(b.code)} is not an ErrorCode`;
  if (typeof b.message !== 'string' || !b.message) return 'message is not a non-empty string';
  if (typeof b.requestId !== 'string' || !b.requestId) return 'requestId is not a non-empty string';
  if ('details' in b && (b.details === null || typeof b.details !== 'object' || Array.isArray(b.details))) return 'details is not an object';
  return undefined;
}

export function trimBody(body: Buffer, max = 200): string {
  const text = body.toString('utf8').replace(/\s+/g, ' ');
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

export interface RunStats {
  seed: number;
  requests: number;
  seconds: number;
  operations: number;
  personas: number;
  perPair: number;
  statuses: Map<number, number>;
  /** Oversized bodies whose connection the API closed before we read its 413 (see wire.ts). */
  closedOversized?: number;
  durations: number[];
  byClass: Map<string, number>;
  replacedPersonas: number;
  notes: string[];
  baselineMisses: string[];
  /** Milliseconds spent between requests: waiting for a stalled API, replacing spent personas, checking the long-lived ones. */
  overhead: { settling: number; replacing: number; checking: number };
  timeByOp: Map<string, number>;
  /** CPU seconds used during the run by the API process and by the test process. */
  cpu: { api: number; test: number };
  /** The machine's 1-minute load average at the end: timings on a busy machine say less. */
  loadAverage: number;
}

const fmt = (n: number) => n.toLocaleString('en');

/**
 * The readable report: counts, statuses, timings, and the failures grouped by operation,
 * mutation class, kind and status (with the server's error message), capped.
 */
export function formatReport(stats: RunStats, failures: Failure[], maxGroups = 80): string {
  const lines: string[] = [];
  const sorted = [...stats.durations].sort((a, b) => a - b);
  const q = (p: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0);
  const all = stats.operations * stats.personas * stats.perPair;
  lines.push(
    `fuzz: seed 0x${stats.seed.toString(16)}: ${fmt(stats.requests)} requests in ${stats.seconds.toFixed(1)} s ` +
      (stats.requests === all
        ? `(${stats.operations} operations × ${stats.personas} personas × ${stats.perPair} cases); `
        : `(the chosen ${fmt(stats.requests)} of ${fmt(all)} cases); `) +
      `per request p50 ${q(0.5)} ms, p99 ${q(0.99)} ms, max ${fmt(q(1))} ms`,
  );
  const inRequests = stats.durations.reduce((a, b) => a + b, 0) / 1000;
  const o = stats.overhead;
  lines.push(
    `time: ${inRequests.toFixed(1)} s in requests, ${(o.settling / 1000).toFixed(1)} s waiting for a stalled API, ` +
      `${(o.replacing / 1000).toFixed(1)} s replacing spent personas, ${(o.checking / 1000).toFixed(1)} s checking personas; ` +
      `CPU: API ${stats.cpu.api.toFixed(1)} s, test process ${stats.cpu.test.toFixed(1)} s; load average ${stats.loadAverage.toFixed(1)}`,
  );
  const slowest = [...stats.timeByOp.entries()].sort((a, b) => b[1] - a[1]).slice(0, 5);
  lines.push(`most time: ${slowest.map(([op, ms]) => `${op} ${(ms / 1000).toFixed(1)} s`).join(', ')}`);
  lines.push(
    `statuses: ${[...stats.statuses.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([s, n]) => `${s}×${fmt(n)}`)
      .join('  ')}`,
  );
  if (stats.closedOversized)
    lines.push(
      `connections closed by the API on a body over ${OVERSIZED_BODY_BYTES.toLocaleString('en')} bytes (its 413 lost to the reset): ${stats.closedOversized}`,
    );
  lines.push(`mutation classes: ${[...stats.byClass.entries()].map(([c, n]) => `${c} ${fmt(n)}`).join(', ')}`);
  if (stats.replacedPersonas) lines.push(`throwaway personas replaced after destructive successes: ${stats.replacedPersonas}`);
  if (stats.baselineMisses.length)
    lines.push(
      `valid baselines that did not succeed as platform admin (one-time tokens already used, another person's objects, limits): ${stats.baselineMisses.join('; ')}`,
    );
  for (const note of stats.notes) lines.push(`note: ${note}`);

  const kinds = new Map<FailureKind, number>();
  for (const f of failures) kinds.set(f.kind, (kinds.get(f.kind) ?? 0) + 1);
  const serverErrors = failures.filter((f) => f.kind === 'server-error').length;
  lines.push(
    `failures: ${fmt(failures.length)}${failures.length ? ` (${[...kinds.entries()].map(([k, n]) => `${k} ${fmt(n)}`).join(', ')})` : ''}; server errors: ${fmt(serverErrors)}`,
  );
  if (!failures.length) return lines.join('\n');

  const groups = new Map<string, Failure[]>();
  for (const f of failures) {
    const key = `${f.op} · ${f.klass} · ${f.kind} · ${f.status ?? 'no status'}`;
    groups.set(key, [...(groups.get(key) ?? []), f]);
  }
  const ordered = [...groups.entries()].sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]));
  for (const [key, list] of ordered.slice(0, maxGroups)) {
    const personas = [...new Set(list.map((f) => f.persona))].join(', ');
    const example = list[0]!;
    const messages = new Map<string, number>();
    for (const f of list) if (f.serverError) messages.set(f.serverError, (messages.get(f.serverError) ?? 0) + 1);
    lines.push(`  ${key} ×${list.length} [${personas}]`);
    lines.push(`      e.g. case #${example.index} as ${example.persona}: ${example.mutation} → ${example.detail}${example.body ? `: ${example.body}` : ''}`);
    if (messages.size) lines.push(`      server: ${[...messages.entries()].map(([m, n]) => `${m} (×${n})`).join('; ')}`);
    lines.push(
      `      cases: ${list
        .slice(0, 12)
        .map((f) => `#${f.index}`)
        .join(' ')}${list.length > 12 ? ' …' : ''}`,
    );
  }
  if (ordered.length > maxGroups) lines.push(`  … and ${ordered.length - maxGroups} more groups (all in .test-output/fuzz-report.json)`);
  lines.push(
    `reproduce one case: FUZZ_SEED=0x${stats.seed.toString(16)} FUZZ_CASES=<index>[,<index>…] npx vitest run --config vitest.integration.config.ts test/fuzz.test.ts`,
  );
  return lines.join('\n');
}

/** The error the server logged for each request id (pino JSON lines at level error). */
export function serverErrorsByRequestId(output: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of output.split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      const entry = JSON.parse(line) as { requestId?: string; err?: { type?: string; message?: string }; msg?: string };
      if (!entry.requestId || !entry.err) continue;
      const message = `${entry.err.type ?? 'Error'}: ${(entry.err.message ?? entry.msg ?? '').split('\n')[0]!.slice(0, 160)}`;
      if (!out.has(entry.requestId)) out.set(entry.requestId, message);
    } catch {
      // not a log line
    }
  }
  return out;
}
