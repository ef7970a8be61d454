/**
 * The learning scenarios of `npm run bench` (issue #10, docs/performance.md):
 *   - progress: learners each loop POST /api/lessons/{id}/progress (a fresh visible-time interval,
 *     a new position) over the lessons of their course;
 *   - dashboard: learners each loop GET /api/me/progress ("My learning").
 * Each against the API and against the raw baseline: baseline-server.ts replaying, for any of the
 * learners, the SQL the API sent for one recorded request (its SQL probe), in the same order and
 * transactions, with the recorded learner's ids (account, session, enrolment), the lesson and the
 * interval id substituted and timestamps set to now; it answers the API's recorded body with the
 * same substitutions and validates nothing.
 */
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { clientFor, substituted, summarise, type BenchLearner, type Timings } from './quiz.js';
import { replayQuery } from './sql-replay.js';

export interface LearningLearner extends BenchLearner {
  enrolmentId: string;
}

interface RecordedRequest {
  statements: { sql: string; params: unknown[] }[];
  status: number;
  body: string;
}

export interface RecordedLearning {
  userId: string;
  sessionId: string;
  enrolmentId: string;
  /** The lesson and interval id of the recorded progress request. */
  lessonId: string;
  intervalId: string;
  /** Every bench learner's enrolment (the baseline's substitution for the recorded one). */
  enrolments: Record<string, string>;
  progress: RecordedRequest;
  dashboard: RecordedRequest;
}

export type LearningStep = 'progress' | 'dashboard';

/** The request body a learner's browser sends for one visible-time interval of a lesson. */
export function progressBody(course: string, n: number) {
  return { course, intervalId: randomUUID(), visibleSeconds: 30, position: (n % 10) / 10 };
}

/** Enrols each learner on the course (as the API does it) and answers their enrolment ids. */
export async function enrolLearners(apiOrigin: string, slug: string, learners: BenchLearner[]): Promise<LearningLearner[]> {
  const client = clientFor(apiOrigin, 8);
  try {
    const out: LearningLearner[] = [];
    for (const learner of learners) {
      const res = await client.call<{ enrolmentId: string }>('POST', `/api/courses/${slug}/enrolments`, learner.token);
      if (res.status !== 201 && res.status !== 200) throw new Error(`enrolment: the API answered ${res.status}: ${res.text.slice(0, 300)}`);
      out.push({ ...learner, enrolmentId: res.json.enrolmentId });
    }
    return out;
  } finally {
    await client.close();
  }
}

/** One progress request and one dashboard read by the first learner, with the SQL each sent. */
export async function recordLearning(
  apiOrigin: string,
  slug: string,
  lessonIds: string[],
  learners: LearningLearner[],
  statementsFor: (requestId: string) => { sql: string; params: unknown[] }[],
): Promise<RecordedLearning> {
  const client = clientFor(apiOrigin, 1);
  const learner = learners[0]!;
  try {
    let recorded: RecordedLearning | null = null;
    for (const probe of [false, true]) {
      const id = (step: string) => (probe ? `sql-probe-learning-${step}-${randomUUID().slice(0, 8)}` : `bench-warm-learning-${step}`);
      const ids = { progress: id('progress'), dashboard: id('dashboard') };
      const body = progressBody(slug, 1);
      const lessonId = lessonIds[1 % lessonIds.length]!;
      const progress = await client.call('POST', `/api/lessons/${lessonId}/progress`, learner.token, body, { 'x-request-id': ids.progress });
      if (progress.status !== 200) throw new Error(`progress: the API answered ${progress.status}: ${progress.text.slice(0, 300)}`);
      const dashboard = await client.call('GET', '/api/me/progress', learner.token, undefined, { 'x-request-id': ids.dashboard });
      if (dashboard.status !== 200) throw new Error(`dashboard: the API answered ${dashboard.status}: ${dashboard.text.slice(0, 300)}`);
      recorded = {
        userId: learner.userId,
        sessionId: learner.sessionId,
        enrolmentId: learner.enrolmentId,
        lessonId,
        intervalId: body.intervalId,
        enrolments: Object.fromEntries(learners.map((l) => [l.userId, l.enrolmentId])),
        progress: { statements: statementsFor(ids.progress), status: progress.status, body: progress.text },
        dashboard: { statements: statementsFor(ids.dashboard), status: dashboard.status, body: dashboard.text },
      };
    }
    return recorded!;
  } finally {
    await client.close();
  }
}

/** The baseline's side: replays a recorded learning request for any bench learner. */
export class LearningReplay {
  constructor(private readonly recorded: RecordedLearning) {}

  static route(method: string, url: string): { step: LearningStep; lessonId: string | null } | null {
    const m = /^\/api\/lessons\/([^/]+)\/progress$/.exec(url);
    if (m && method === 'POST') return { step: 'progress', lessonId: m[1]! };
    if (method === 'GET' && url === '/api/me/progress') return { step: 'dashboard', lessonId: null };
    return null;
  }

  async run(
    client: pg.PoolClient,
    step: LearningStep,
    userId: string,
    sessionId: string,
    lessonId: string | null,
    body: string,
  ): Promise<{ status: number; body: string }> {
    const r = this.recorded;
    const enrolmentId = r.enrolments[userId];
    if (!enrolmentId) return { status: 409, body: '{"code":"NOT_ENROLLED"}' };
    const pairs: [string, string][] = [
      [r.userId, userId],
      [r.sessionId, sessionId],
      [r.enrolmentId, enrolmentId],
    ];
    if (step === 'progress' && lessonId) {
      pairs.push([r.lessonId, lessonId]);
      const { intervalId } = JSON.parse(body) as { intervalId?: string };
      if (intervalId) pairs.push([r.intervalId, intervalId]);
    }
    const recorded = r[step];
    for (const s of recorded.statements)
      await replayQuery(
        client,
        s.sql,
        s.params.map((p) => substituted(p, pairs)),
      );
    return { status: recorded.status, body: pairs.reduce((text, [from, to]) => text.replaceAll(from, to), recorded.body) };
  }
}

/** Learners at once, each looping its request for `seconds`; one request is the unit. */
export async function learnerLoop(
  origin: string,
  learners: LearningLearner[],
  seconds: number,
  request: (learner: LearningLearner, n: number) => { method: 'GET' | 'POST'; path: string; body?: unknown },
): Promise<Timings> {
  const client = clientFor(origin, learners.length);
  const latencies: number[] = [];
  let failed = 0;
  let firstError: string | undefined;
  const until = Date.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(
    learners.map(async (learner, l) => {
      let n = l;
      while (Date.now() < until) {
        const { method, path, body } = request(learner, n++);
        const t0 = performance.now();
        try {
          const res = await client.call(method, path, learner.token, body);
          if (res.status === 200) latencies.push(performance.now() - t0);
          else {
            failed++;
            firstError ??= `${method} ${path}: ${res.status} ${res.text.slice(0, 200)}`;
          }
        } catch (err) {
          failed++;
          firstError ??= err instanceof Error ? err.message : String(err);
        }
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  await client.close();
  return summarise(latencies, failed, elapsed, firstError);
}
