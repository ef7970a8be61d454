import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDataSource } from '../src/database.js';
import { LOGGER } from '../src/common/logging/logging.module.js';
import { JobQueue } from '../src/infra/queue/job-queue.js';
import { AttemptSweeper } from '../src/modules/assessment/attempt-sweeper.js';
import { AttemptsRepository } from '../src/modules/assessment/attempts.repository.js';
import { runMigrations } from '../src/infra/database/migrate.js';
import { QuestionBankStore, type QuestionInput } from '../src/modules/assessment/index.js';
import { importContent } from '../src/modules/courses/content/content.importer.js';
import { createVerifiedUser, signIn, type SignedIn } from './support/admin.js';
import { startApi, type TestApi } from './support/api.js';
import { createScratchDatabase } from './support/databases.js';

/**
 * Issue #9's attempt API end to end: the real API (inline queue driver), PostgreSQL, the real
 * content imported, and a bank of one question of each type written as the bank's writers do.
 */

const MAIN_MODULE = 'ending-forced-labour-2030';
const TIMED_MODULE = 'modern-slavery-homelessness';
const LIMITED_MODULE = 'labour-trafficking-protocols';
const SOURCE = { publication: 'p', passage: 'A passage.' };

/** One question of each type; the keys are what a leak would show. */
const BANK: Record<string, QuestionInput> = {
  single: {
    type: 'single',
    prompt: 'Single?',
    definition: { options: ['a', 'b', 'c'].map((id) => ({ id, text: `Single ${id}` })) },
    answerKey: { optionId: 'b', optionFeedback: { a: 'FEEDBACK-single-a', b: 'FEEDBACK-single-b' } },
    generalFeedback: 'FEEDBACK-single-general',
    source: SOURCE,
    tags: ['core'],
  },
  multiple: {
    type: 'multiple',
    prompt: 'Multiple?',
    definition: { options: ['a', 'b', 'c', 'd', 'e'].map((id) => ({ id, text: `Multiple ${id}` })) },
    answerKey: { optionIds: ['a', 'b'], optionFeedback: { c: 'FEEDBACK-multiple-c' } },
    generalFeedback: 'FEEDBACK-multiple-general',
    source: SOURCE,
    tags: ['core'],
  },
  true_false: {
    type: 'true_false',
    prompt: 'True or false?',
    definition: {},
    answerKey: { value: false, optionFeedback: { true: 'FEEDBACK-tf-true' } },
    generalFeedback: 'FEEDBACK-tf-general',
    source: SOURCE,
    tags: [],
  },
  numeric: {
    type: 'numeric',
    prompt: 'How many million?',
    definition: { unit: 'million' },
    answerKey: { value: 25, tolerance: 0.5 },
    generalFeedback: 'FEEDBACK-numeric-general',
    source: SOURCE,
    tags: [],
  },
  short_text: {
    type: 'short_text',
    prompt: 'Name it',
    definition: {},
    answerKey: { accepted: ['Forced labour', 'forced work'] },
    generalFeedback: 'FEEDBACK-short-general',
    source: SOURCE,
    tags: [],
  },
  matching: {
    type: 'matching',
    prompt: 'Match them',
    definition: {
      items: ['i1', 'i2', 'i3', 'i4'].map((id) => ({ id, text: `Item ${id}` })),
      choices: ['c1', 'c2', 'c3', 'c4'].map((id) => ({ id, text: `Choice ${id}` })),
    },
    answerKey: { pairs: { i1: 'c1', i2: 'c2', i3: 'c3', i4: 'c4' } },
    generalFeedback: 'FEEDBACK-matching-general',
    source: SOURCE,
    tags: [],
  },
  ordering: {
    type: 'ordering',
    prompt: 'Put in order',
    definition: { items: ['x', 'y', 'z', 'w'].map((id) => ({ id, text: `Step ${id}` })) },
    answerKey: { order: ['x', 'y', 'z', 'w'] },
    generalFeedback: 'FEEDBACK-ordering-general',
    source: SOURCE,
    tags: [],
  },
};

let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
let ds: DataSource;
let db: pg.Client;
let api: TestApi;
let mainQuiz: string;
let timedQuiz: string;
let limitedQuiz: string;
let hiddenQuiz: string;
let admin: SignedIn;

async function call(who: SignedIn | null, method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${api.baseUrl}${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(who ? who.headers : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

async function ok(res: Response, status = 200) {
  const text = await res.text();
  expect(res.status, `${res.url}: ${text.slice(0, 400)}`).toBe(status);
  return text ? JSON.parse(text) : undefined;
}

const person = async () => signIn(api.baseUrl, await createVerifiedUser(scratch.url));

async function moduleId(slug: string): Promise<string> {
  return (await db.query<{ id: string }>('SELECT id FROM modules WHERE slug = $1', [slug])).rows[0]!.id;
}

/** A module quiz with the given questions (by type) and settings. */
async function quizOn(slug: string, types: string[], settings: Parameters<QuestionBankStore['ensureModuleQuiz']>[1]): Promise<string> {
  const mod = await moduleId(slug);
  return ds.transaction(async (m) => {
    const store = new QuestionBankStore(m);
    const ids: string[] = [];
    for (const type of types) ids.push((await store.upsertQuestion(mod, `${type.replace('_', '-')}-1`, BANK[type]!)).id);
    const quiz = await store.ensureModuleQuiz(mod, settings);
    await store.setSlots(
      quiz.id,
      ids.map((questionId) => ({ questionId })),
    );
    return quiz.id;
  });
}

type Item = { id: string; type: string; answer: unknown; options?: { id: string }[]; items?: { id: string }[]; choices?: { id: string }[] };
const itemOf = (attempt: { items: Item[] }, type: string) => attempt.items.find((i) => i.type === type)!;

const start = async (who: SignedIn, quizId = mainQuiz, status = 201) => ok(await call(who, 'POST', `/api/quizzes/${quizId}/attempts`), status);
const save = (who: SignedIn, attemptId: string, body: unknown) => call(who, 'PUT', `/api/attempts/${attemptId}/answers`, body);
const submit = async (who: SignedIn, attemptId: string) => ok(await call(who, 'POST', `/api/attempts/${attemptId}/submit`));

beforeAll(async () => {
  scratch = await createScratchDatabase(inject('serverUrl'));
  ds = createDataSource({ url: scratch.url, poolMax: 2 });
  await ds.initialize();
  await runMigrations(ds);
  await importContent(ds);
  db = new pg.Client({ connectionString: scratch.url });
  await db.connect();
  mainQuiz = await quizOn(MAIN_MODULE, Object.keys(BANK), { title: 'All types', passMark: 60 });
  timedQuiz = await quizOn(TIMED_MODULE, ['single', 'numeric'], { title: 'Timed', passMark: 50, timeLimitSeconds: 120 });
  limitedQuiz = await quizOn(LIMITED_MODULE, ['single'], {
    title: 'Limited',
    passMark: 100,
    maxAttempts: 2,
    waitSeconds: 3600,
    gradingMethod: 'first',
    reviewPolicy: { score: 'immediately', correctness: 'never', correctAnswers: 'after_close', feedback: 'never' },
  });
  // A module in no published course: nobody but its authors sees it, nor its quiz.
  const [{ id: pub }] = (await db.query<{ id: string }>('SELECT id FROM publications LIMIT 1')).rows as [{ id: string }];
  const hidden = (
    await db.query<{ id: string }>(
      `INSERT INTO modules (slug, publication_id, title, summary, content_hash, origin) VALUES ('hidden-m', $1, 'Hidden', 's', 'h', 'authored') RETURNING id`,
      [pub],
    )
  ).rows[0]!.id;
  hiddenQuiz = await ds.transaction(async (m) => {
    const store = new QuestionBankStore(m);
    const q = await store.upsertQuestion(hidden, 'q1', BANK.single!, 'authored');
    const quiz = await store.ensureModuleQuiz(hidden, { title: 'Hidden', passMark: 50 });
    await store.setSlots(quiz.id, [{ questionId: q.id }]);
    return quiz.id;
  });
  api = await startApi({ DATABASE_URL: scratch.url, REDIS_URL: inject('redisUrl'), QUEUE_PREFIX: inject('queuePrefix'), QUEUE_DRIVER: 'inline' });
  admin = await signIn(api.baseUrl, await createVerifiedUser(scratch.url, { admin: true }));
});

afterAll(async () => {
  await api?.close();
  await db?.end();
  await ds?.destroy();
  await scratch?.drop();
});

/** Every string value anywhere in a JSON body. */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === 'object') return Object.values(value).flatMap(strings);
  return [];
}

/** Every key anywhere in a JSON body. */
function keys(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(keys);
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => [k, ...keys(v)]);
  return [];
}

/** Nothing in the body may give the answer away before submission. */
function expectNoLeak(body: unknown) {
  const text = JSON.stringify(body);
  expect(strings(body).filter((s) => s.startsWith('FEEDBACK-'))).toEqual([]);
  for (const key of [
    'answerKey',
    'answer_key',
    'correct',
    'correctAnswer',
    'correctOptionId',
    'feedback',
    'optionFeedback',
    'review',
    'score',
    'accepted',
    'tolerance',
  ]) {
    expect(keys(body), `${key} in ${text.slice(0, 200)}`).not.toContain(key);
  }
  expect(text).not.toMatch(/Forced labour|forced work/);
}

describe('the course page', () => {
  it('shows each module’s quiz through the courses’ port', async () => {
    const learner = await person();
    const course = await ok(await call(learner, 'GET', '/api/courses/foundations'));
    const main = course.modules.find((m: { slug: string }) => m.slug === MAIN_MODULE);
    expect(main.quiz).toEqual({ id: mainQuiz, questionCount: 7, passMark: 60, timeLimitSeconds: null, maxAttempts: null });
    expect(main.questionCount).toBe(7);
    expect(course.modules.find((m: { slug: string }) => m.slug === TIMED_MODULE).quiz).toMatchObject({ id: timedQuiz, timeLimitSeconds: 120 });
    expect(course.modules.find((m: { slug: string }) => m.slug === 'behaviour-change-campaigns').quiz).toBeNull();
  });
});

describe('starting an attempt', () => {
  it('answers questions and options only, in an order stored per attempt, and the same attempt while one is in progress', async () => {
    const learner = await person();
    const quiz = await ok(await call(learner, 'GET', `/api/quizzes/${mainQuiz}`));
    expect(quiz).toMatchObject({ questionCount: 7, attemptsUsed: 0, attemptsLeft: null, inProgressAttemptId: null, grade: null, extraTimeSeconds: 0 });
    const attempt = await start(learner);
    expect(attempt).toMatchObject({ status: 'in_progress', version: 1, number: 1, deadlineAt: null, result: null });
    expect(attempt.items.map((i: Item) => i.type).sort()).toEqual(Object.keys(BANK).sort());
    expectNoLeak(attempt);
    const ordering = itemOf(attempt, 'ordering');
    expect(ordering.items!.map((i) => i.id)).not.toEqual(['x', 'y', 'z', 'w']);
    // The same order on every read, and starting again gives the attempt in progress (200).
    const again = await start(learner, mainQuiz, 200);
    expect(again.id).toBe(attempt.id);
    expect(again.items).toEqual(attempt.items);
    expect((await ok(await call(learner, 'GET', `/api/quizzes/${mainQuiz}`))).inProgressAttemptId).toBe(attempt.id);
  });

  it('leaks no correct answer, correctness, score or feedback in the start, save or read responses, for any type, answered right or wrong', async () => {
    const learner = await person();
    const attempt = await start(learner);
    expectNoLeak(attempt);
    const right = {
      single: { optionId: 'b' },
      multiple: { optionIds: ['a', 'b'] },
      true_false: { value: false },
      numeric: { value: 25 },
      short_text: { text: 'forced labour' },
      matching: { pairs: { i1: 'c1', i2: 'c2', i3: 'c3', i4: 'c4' } },
      ordering: { order: ['x', 'y', 'z', 'w'] },
    };
    const saved = await answerAll(learner, attempt, right);
    expectNoLeak(saved);
    // The answer itself is the learner's, shown back; nothing else about it.
    const read = await ok(await call(learner, 'GET', `/api/attempts/${attempt.id}`));
    expectNoLeak({ ...read, items: read.items.map((i: Item) => ({ ...i, answer: null })) });
    expect(itemOf(read, 'short_text').answer).toEqual({ text: 'forced labour' });
    expect(keys(read.items)).not.toContain('review');
    expect(read.result).toBeNull();
    // The quiz view names the review policy's parts (score, feedback...), which is no leak; the rest must hold none.
    const quiz = await ok(await call(learner, 'GET', `/api/quizzes/${mainQuiz}`));
    expectNoLeak({ ...quiz, reviewPolicy: null });
  });

  it('is refused (404) for a quiz whose module the learner cannot see, an unknown quiz, and when signed out', async () => {
    const learner = await person();
    expect((await call(learner, 'POST', `/api/quizzes/${hiddenQuiz}/attempts`)).status).toBe(404);
    expect((await call(learner, 'GET', `/api/quizzes/${hiddenQuiz}`)).status).toBe(404);
    expect((await call(learner, 'POST', `/api/quizzes/${randomUUID()}/attempts`)).status).toBe(404);
    expect((await call(null, 'POST', `/api/quizzes/${mainQuiz}/attempts`)).status).toBe(401);
    expect((await db.query('SELECT 1 FROM quiz_attempts WHERE user_id = $1', [learner.userId])).rowCount).toBe(0);
  });

  it('enforces maximum attempts, the wait between them and the close date', async () => {
    const learner = await person();
    const first = await start(learner, limitedQuiz);
    await submit(learner, first.id);
    const waiting = await ok(await call(learner, 'POST', `/api/quizzes/${limitedQuiz}/attempts`), 409);
    expect(waiting.code).toBe('ATTEMPT_WAIT');
    expect(Date.parse(waiting.details.nextAttemptAt)).toBeGreaterThan(Date.now() + 3_500_000);
    const view = await ok(await call(learner, 'GET', `/api/quizzes/${limitedQuiz}`));
    expect(view).toMatchObject({ attemptsUsed: 1, attemptsLeft: 1, nextAttemptAt: waiting.details.nextAttemptAt });
    await db.query(`UPDATE quiz_attempts SET submitted_at = now() - interval '2 hours' WHERE user_id = $1`, [learner.userId]);
    const second = await start(learner, limitedQuiz);
    await submit(learner, second.id);
    await db.query(`UPDATE quiz_attempts SET submitted_at = now() - interval '2 hours' WHERE user_id = $1`, [learner.userId]);
    expect((await ok(await call(learner, 'POST', `/api/quizzes/${limitedQuiz}/attempts`), 409)).code).toBe('NO_ATTEMPTS_LEFT');

    const other = await person();
    await db.query(`UPDATE quizzes SET closes_at = now() - interval '1 minute' WHERE id = $1`, [limitedQuiz]);
    try {
      expect((await ok(await call(other, 'POST', `/api/quizzes/${limitedQuiz}/attempts`), 409)).code).toBe('QUIZ_CLOSED');
    } finally {
      await db.query(`UPDATE quizzes SET closes_at = NULL WHERE id = $1`, [limitedQuiz]);
    }
  });
});

describe('saving answers', () => {
  it('saves, bumps the version, treats a repeat as a no-op and refuses a stale version (409) without changing anything', async () => {
    const learner = await person();
    const attempt = await start(learner);
    const single = itemOf(attempt, 'single');
    const body = { version: 1, answers: [{ itemId: single.id, value: { optionId: 'a' } }], flags: [{ itemId: single.id, flagged: true }] };
    const saved = await ok(await save(learner, attempt.id, body));
    expect(saved.version).toBe(2);
    expect(saved.items.find((i: { itemId: string }) => i.itemId === single.id)).toEqual({ itemId: single.id, answered: true, flagged: true });
    expectNoLeak(saved);
    const repeat = await ok(await save(learner, attempt.id, body));
    expect(repeat.version).toBe(2);
    const stale = await ok(await save(learner, attempt.id, { version: 1, answers: [{ itemId: single.id, value: { optionId: 'c' } }] }), 409);
    expect(stale).toMatchObject({ code: 'ATTEMPT_VERSION_CONFLICT', details: { currentVersion: 2 } });
    const read = await ok(await call(learner, 'GET', `/api/attempts/${attempt.id}`));
    expect(itemOf(read, 'single')).toMatchObject({ answer: { optionId: 'a' }, flagged: true });
    expect(read.version).toBe(2);
    expectNoLeak(read);
  });

  it('refuses an item not in the attempt, an option of another question and a malformed value (400 naming the field); nothing changes', async () => {
    const learner = await person();
    const attempt = await start(learner);
    const other = await start(await person());
    const single = itemOf(attempt, 'single');
    await ok(await save(learner, attempt.id, { version: 1, answers: [{ itemId: single.id, value: { optionId: 'a' } }] }));
    const cases: [unknown, string][] = [
      [{ itemId: itemOf(other, 'single').id, value: { optionId: 'a' } }, 'answers[1].itemId'],
      [{ itemId: single.id, value: { optionId: 'z' } }, 'answers[1].value'],
      // 'e' is an option of the multiple-response question, not of this one.
      [{ itemId: single.id, value: { optionId: 'e' } }, 'answers[1].value'],
      [{ itemId: itemOf(attempt, 'multiple').id, value: { optionId: 'a' } }, 'answers[1].value'],
      [{ itemId: itemOf(attempt, 'numeric').id, value: { value: 'twenty' } }, 'answers[1].value'],
      [{ itemId: itemOf(attempt, 'ordering').id, value: { order: ['x', 'y'] } }, 'answers[1].value'],
      [{ itemId: itemOf(attempt, 'matching').id, value: { pairs: { i1: 'a' } } }, 'answers[1].value'],
      [{ itemId: itemOf(attempt, 'short_text').id, value: { text: 'x'.repeat(501) } }, 'answers[1].value'],
      [{ itemId: itemOf(attempt, 'true_false').id, value: 'true' }, 'answers[1].value'],
      [{ itemId: itemOf(attempt, 'true_false').id }, 'answers[1].value'],
    ];
    for (const [bad, field] of cases) {
      // A valid answer first in the same request: it must not be saved either.
      const tf = itemOf(attempt, 'true_false').id;
      const valid =
        (bad as { itemId: string }).itemId === tf ? { itemId: itemOf(attempt, 'numeric').id, value: { value: 3 } } : { itemId: tf, value: { value: true } };
      const body = { version: 2, answers: [valid, bad] };
      const refused = await ok(await save(learner, attempt.id, body), 400);
      expect(refused.code, JSON.stringify(bad)).toBe('VALIDATION_FAILED');
      expect(refused.details.fields.map((f: { field: string }) => f.field)).toEqual([field]);
    }
    expect((await ok(await save(learner, attempt.id, { version: 2, answers: [{ itemId: 'not-a-uuid', value: null }] }), 400)).code).toBe('VALIDATION_FAILED');
    const read = await ok(await call(learner, 'GET', `/api/attempts/${attempt.id}`));
    expect(read.version).toBe(2);
    expect(itemOf(read, 'single').answer).toEqual({ optionId: 'a' });
    expect(read.items.filter((i: { answer: unknown }) => i.answer !== null)).toHaveLength(1);
  });

  it('lets one of two concurrent saves on the same version apply; the other gets 409 and nothing is lost silently', async () => {
    const learner = await person();
    const attempt = await start(learner);
    const body = (type: string, value: unknown) => ({ version: 1, answers: [{ itemId: itemOf(attempt, type).id, value }] });
    const responses = await Promise.all([
      save(learner, attempt.id, body('single', { optionId: 'a' })),
      save(learner, attempt.id, body('numeric', { value: 7 })),
    ]);
    expect(responses.map((r) => r.status).sort()).toEqual([200, 409]);
    const read = await ok(await call(learner, 'GET', `/api/attempts/${attempt.id}`));
    expect(read.version).toBe(2);
    expect(read.items.filter((i: Item) => i.answer !== null)).toHaveLength(1);
  });

  it('starts one attempt when starts race (no lock: the unique keys decide, the losers read the winner’s attempt)', async () => {
    const learner = await person();
    const responses = await Promise.all([1, 2, 3, 4, 5, 6].map(() => call(learner, 'POST', `/api/quizzes/${mainQuiz}/attempts`)));
    expect(responses.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 201]);
    const ids = await Promise.all(responses.map(async (r) => ((await r.json()) as { id: string }).id));
    expect(new Set(ids).size).toBe(1);
    const rows = await db.query<{ number: number; items: number }>(
      'SELECT a.number, (SELECT count(*)::int FROM attempt_items i WHERE i.attempt_id = a.id) AS items FROM quiz_attempts a WHERE a.user_id = $1',
      [learner.userId],
    );
    expect(rows.rows).toHaveLength(1);
    expect(rows.rows[0]!.number).toBe(1);
    expect(rows.rows[0]!.items).toBeGreaterThan(0);
    // The next attempt after submitting is number 2, also when its starts race.
    await submit(learner, ids[0]!);
    const again = await Promise.all([1, 2, 3].map(() => call(learner, 'POST', `/api/quizzes/${mainQuiz}/attempts`)));
    expect(again.map((r) => r.status).sort()).toEqual([200, 200, 201]);
    const numbers = await db.query<{ number: number }>('SELECT number FROM quiz_attempts WHERE user_id = $1 ORDER BY number', [learner.userId]);
    expect(numbers.rows.map((r) => r.number)).toEqual([1, 2]);
  });

  it('hides another learner’s attempt (404) from reading, saving and submitting', async () => {
    const owner = await person();
    const intruder = await person();
    const attempt = await start(owner);
    expect((await call(intruder, 'GET', `/api/attempts/${attempt.id}`)).status).toBe(404);
    expect((await save(intruder, attempt.id, { version: 1, answers: [{ itemId: itemOf(attempt, 'single').id, value: { optionId: 'b' } }] })).status).toBe(404);
    expect((await call(intruder, 'POST', `/api/attempts/${attempt.id}/submit`)).status).toBe(404);
    const read = await ok(await call(owner, 'GET', `/api/attempts/${attempt.id}`));
    expect(read).toMatchObject({ status: 'in_progress', version: 1 });
    expect(itemOf(read, 'single').answer).toBeNull();
  });
});

/** Answers each item of the attempt with the value for its type. */
async function answerAll(who: SignedIn, attempt: { id: string; version: number; items: Item[] }, values: Record<string, unknown>) {
  const answers = attempt.items.filter((i) => i.type in values).map((i) => ({ itemId: i.id, value: values[i.type] }));
  return ok(await save(who, attempt.id, { version: attempt.version, answers }));
}

describe('submitting', () => {
  it('grades every type on the server and shows the review the policy allows', async () => {
    const learner = await person();
    const attempt = await start(learner);
    await answerAll(learner, attempt, {
      single: { optionId: 'b' },
      multiple: { optionIds: ['a', 'c'] }, // 0.5 − 1/3
      true_false: { value: true }, // wrong
      numeric: { value: 25.5 }, // the upper bound, inclusive
      short_text: { text: '  FORCED   labour ' },
      matching: { pairs: { i1: 'c1', i2: 'c3', i3: 'c2', i4: 'c4' } }, // 2 of 4
      ordering: { order: ['x', 'y', 'w', 'z'] }, // 2 of 4
    });
    const result = await submit(learner, attempt.id);
    const score = (type: string) => itemOf(result, type) as unknown as { review: { score: number; correct: boolean } };
    expect(score('single').review).toMatchObject({ score: 1, correct: true });
    expect(score('multiple').review.score).toBeCloseTo(0.1667, 4);
    expect(score('true_false').review).toMatchObject({ score: 0, correct: false });
    expect(score('numeric').review.score).toBe(1);
    expect(score('short_text').review.score).toBe(1);
    expect(score('matching').review).toMatchObject({ score: 0.5, correct: false });
    expect(score('ordering').review.score).toBe(0.5);
    // 4.1667 of 7 is 59.52%: just under the pass mark of 60.
    expect(result.result).toMatchObject({
      closedBy: 'learner',
      maxScore: 7,
      percent: 59.52,
      passed: false,
      shown: { score: true, correctness: true, correctAnswers: true, feedback: true },
    });
    expect(result.result.score).toBeCloseTo(4.1667, 4);
    const tf = itemOf(result, 'true_false') as unknown as { review: Record<string, unknown> };
    expect(tf.review).toMatchObject({ correctAnswer: { value: false }, feedback: 'FEEDBACK-tf-general', optionFeedback: { true: 'FEEDBACK-tf-true' } });
  });

  it('takes both numeric tolerance bounds as inclusive, and nothing outside them', async () => {
    const scoreFor = async (value: number) => {
      const learner = await person();
      const attempt = await start(learner);
      await answerAll(learner, attempt, { numeric: { value } });
      return (itemOf(await submit(learner, attempt.id), 'numeric') as unknown as { review: { score: number } }).review.score;
    };
    expect(await Promise.all([24.5, 25.5, 24.49, 25.51].map(scoreFor))).toEqual([1, 1, 0, 0]);
  });

  it('scores empty answers 0, and multiple-response picks of every option 0 (floor at zero)', async () => {
    const learner = await person();
    const attempt = await start(learner);
    await answerAll(learner, attempt, { multiple: { optionIds: ['a', 'b', 'c', 'd', 'e'] }, short_text: { text: '   ' }, matching: { pairs: {} } });
    const result = await submit(learner, attempt.id);
    expect(result.result).toMatchObject({ score: 0, percent: 0, passed: false });
    for (const item of result.items) expect(item.review.score).toBe(0);
  });

  it('grades once when two submits race, and a repeat answers the same result', async () => {
    const learner = await person();
    const attempt = await start(learner);
    await answerAll(learner, attempt, { single: { optionId: 'b' } });
    const [a, b] = await Promise.all([
      call(learner, 'POST', `/api/attempts/${attempt.id}/submit`),
      call(learner, 'POST', `/api/attempts/${attempt.id}/submit`),
    ]);
    const [ra, rb] = [await ok(a), await ok(b)];
    expect(ra.result).toEqual(rb.result);
    expect(ra.submittedAt).toBe(rb.submittedAt);
    const repeat = await submit(learner, attempt.id);
    expect(repeat.submittedAt).toBe(ra.submittedAt);
    // Graded once: the version moved by exactly one grading after the one save.
    expect((await db.query<{ version: number }>('SELECT version FROM quiz_attempts WHERE id = $1', [attempt.id])).rows[0]!.version).toBe(3);
    expect((await ok(await save(learner, attempt.id, { version: 3, answers: [] }), 409)).code).toBe('ATTEMPT_CLOSED');
  });

  it('keeps the grade by the quiz’s method and hides what the review policy hides', async () => {
    const learner = await person();
    const first = await start(learner, limitedQuiz);
    await answerAll(learner, first, { single: { optionId: 'a' } });
    const graded = await submit(learner, first.id);
    // correctness, correct answers (no close date) and feedback are hidden; the score is shown.
    expect(graded.result.shown).toEqual({ score: true, correctness: false, correctAnswers: false, feedback: false });
    expect(graded.items[0].review).toEqual({ correct: null, score: 0, maxScore: 1 });
    expect(strings(graded).filter((s) => s.startsWith('FEEDBACK-'))).toEqual([]);
    await db.query(`UPDATE quiz_attempts SET submitted_at = now() - interval '2 hours' WHERE user_id = $1`, [learner.userId]);
    const second = await start(learner, limitedQuiz);
    await answerAll(learner, second, { single: { optionId: 'b' } });
    expect((await submit(learner, second.id)).result).toMatchObject({ percent: 100, passed: true });
    // Grading method 'first': the first attempt's 0 stands.
    expect((await ok(await call(learner, 'GET', `/api/quizzes/${limitedQuiz}`))).grade).toEqual({ percent: 0, passed: false });
  });
});

describe('time limits', () => {
  it('closes an attempt after its deadline and grace on what was saved: a later save is 409 and changes nothing', async () => {
    const learner = await person();
    const attempt = await start(learner, timedQuiz);
    expect(Date.parse(attempt.deadlineAt) - Date.parse(attempt.startedAt)).toBe(120_000);
    await answerAll(learner, attempt, { single: { optionId: 'b' } });
    // Within the grace period a save still counts.
    await db.query(`UPDATE quiz_attempts SET deadline_at = now() - interval '20 seconds' WHERE id = $1`, [attempt.id]);
    const late = await ok(await save(learner, attempt.id, { version: 2, answers: [{ itemId: itemOf(attempt, 'numeric').id, value: { value: 25 } }] }));
    expect(late.version).toBe(3);
    // After it, the save is refused and the attempt is graded on what was saved before.
    await db.query(`UPDATE quiz_attempts SET deadline_at = now() - interval '31 seconds' WHERE id = $1`, [attempt.id]);
    const refused = await ok(
      await save(learner, attempt.id, { version: 3, answers: [{ itemId: itemOf(attempt, 'single').id, value: { optionId: 'a' } }] }),
      409,
    );
    expect(refused.code).toBe('ATTEMPT_CLOSED');
    const read = await ok(await call(learner, 'GET', `/api/attempts/${attempt.id}`));
    expect(read.status).toBe('submitted');
    expect(itemOf(read, 'single').answer).toEqual({ optionId: 'b' });
    expect(read.result).toMatchObject({ closedBy: 'time_limit', score: 2, percent: 100, passed: true });
  });

  it('closes an overdue attempt on a read too, so a lost job cannot leave it open', async () => {
    const learner = await person();
    const attempt = await start(learner, timedQuiz);
    await db.query(`UPDATE quiz_attempts SET deadline_at = now() - interval '1 minute' WHERE id = $1`, [attempt.id]);
    const quiz = await ok(await call(learner, 'GET', `/api/quizzes/${timedQuiz}`));
    expect(quiz.inProgressAttemptId).toBeNull();
    expect(quiz.attempts[0]).toMatchObject({ status: 'submitted', percent: 0, passed: false });
    expect((await ok(await call(learner, 'GET', `/api/attempts/${attempt.id}`))).result.closedBy).toBe('time_limit');
  });

  it('closes and grades a lapsed attempt when the learner starts again, and starts attempt 2', async () => {
    const learner = await person();
    const first = await start(learner, timedQuiz);
    await answerAll(learner, first, { numeric: { value: 24.5 } });
    await db.query(`UPDATE quiz_attempts SET deadline_at = now() - interval '1 minute' WHERE id = $1`, [first.id]);
    const second = await start(learner, timedQuiz);
    expect(second.id).not.toBe(first.id);
    expect(second.number).toBe(2);
    const rows = await db.query<{ number: number; status: string; closed_by: string | null; score: number | null }>(
      'SELECT number, status, closed_by, score FROM quiz_attempts WHERE user_id = $1 ORDER BY number',
      [learner.userId],
    );
    expect(rows.rows[0]).toMatchObject({ number: 1, status: 'submitted', closed_by: 'time_limit' });
    expect(rows.rows[0]!.score).toBeGreaterThan(0);
    expect(rows.rows[1]).toMatchObject({ number: 2, status: 'in_progress', closed_by: null });
  });

  it('is closed by its delayed job (here the inline queue driver) on what was saved, once overdue; early or repeated runs change nothing', async () => {
    const learner = await person();
    const attempt = await start(learner, timedQuiz);
    await answerAll(learner, attempt, { numeric: { value: 24.5 } });
    const queue = api.app.get(JobQueue);
    const state = async () =>
      (
        await db.query<{ status: string; closed_by: string | null; score: number | null }>('SELECT status, closed_by, score FROM quiz_attempts WHERE id = $1', [
          attempt.id,
        ])
      ).rows[0]!;
    const runJob = async (suffix: string) => {
      await queue.enqueue('assessment.close-attempt', { attemptId: attempt.id }, { jobId: `test-close-${attempt.id}-${suffix}` });
      // The inline driver runs the job after enqueue returns.
      await new Promise((r) => setTimeout(r, 300));
    };
    await runJob('early');
    expect(await state()).toEqual({ status: 'in_progress', closed_by: null, score: null });
    await db.query(`UPDATE quiz_attempts SET deadline_at = now() - interval '31 seconds' WHERE id = $1`, [attempt.id]);
    await runJob('due');
    expect(await state()).toEqual({ status: 'submitted', closed_by: 'time_limit', score: 1 });
    await runJob('again');
    expect(await state()).toEqual({ status: 'submitted', closed_by: 'time_limit', score: 1 });
  });

  it('is closed by the sweep once its time and grace have passed, each lapsed attempt once when processes sweep at once; a start queues no job', async () => {
    const [a, b, ...others] = await Promise.all([person(), person(), person(), person(), person(), person()]);
    // Every job the starts enqueue is seen here: there must be none (no delayed close job per start any more).
    const queue = api.app.get(JobQueue);
    const enqueue = queue.enqueue.bind(queue);
    const enqueued: string[] = [];
    queue.enqueue = ((name: Parameters<typeof enqueue>[0], ...rest: unknown[]) => {
      enqueued.push(name);
      return (enqueue as (...args: unknown[]) => Promise<void>)(name, ...rest);
    }) as typeof queue.enqueue;
    const lapsed = await start(a, timedQuiz);
    await answerAll(a, lapsed, { numeric: { value: 24.5 } });
    const inGrace = await start(b, timedQuiz);
    const crowd = await Promise.all(others.map((who) => start(who, timedQuiz)));
    queue.enqueue = enqueue;
    expect(enqueued).toEqual([]);
    const status = async (id: string) =>
      (
        await db.query<{ status: string; closed_by: string | null; score: number | null }>('SELECT status, closed_by, score FROM quiz_attempts WHERE id = $1', [
          id,
        ])
      ).rows[0]!;
    await db.query(`UPDATE quiz_attempts SET deadline_at = now() - interval '31 seconds' WHERE id = ANY($1::uuid[])`, [[lapsed.id, ...crowd.map((c) => c.id)]]);
    await db.query(`UPDATE quiz_attempts SET deadline_at = now() - interval '20 seconds' WHERE id = $1`, [inGrace.id]);
    const lapsedNow = async () =>
      (
        await db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM quiz_attempts WHERE status = 'in_progress' AND deadline_at < now() - interval '30 seconds'`,
        )
      ).rows[0]!.n;
    const before = await lapsedNow();
    expect(before).toBeGreaterThanOrEqual(1 + crowd.length);
    // Two processes' sweeps at once (this process's sweeper and a second one over the same database):
    // together they close every lapsed attempt, and none twice (their counts add up to no more than there were).
    const other = new AttemptSweeper(api.app.get(AttemptsRepository), api.app.get(LOGGER));
    const closed = await Promise.all([api.app.get(AttemptSweeper).sweep(), other.sweep()]);
    expect(closed[0] + closed[1]).toBeLessThanOrEqual(before);
    expect(await lapsedNow()).toBe(0);
    expect(await status(lapsed.id)).toEqual({ status: 'submitted', closed_by: 'time_limit', score: 1 });
    for (const c of crowd) expect((await status(c.id)).closed_by).toBe('time_limit');
    expect(await status(inGrace.id)).toEqual({ status: 'in_progress', closed_by: null, score: null });
    // Past its grace, the next sweep closes the other one; a sweep with nothing lapsed closes nothing of these.
    await db.query(`UPDATE quiz_attempts SET deadline_at = now() - interval '31 seconds' WHERE id = $1`, [inGrace.id]);
    await other.sweep();
    expect(await status(inGrace.id)).toMatchObject({ status: 'submitted', closed_by: 'time_limit' });
  });

  it('gives a learner their accommodation’s extra time, set by a trainer of their organisation; learners and outsiders are refused', async () => {
    const org = await ok(await call(admin, 'POST', '/api/organisations', { name: `Org ${randomUUID().slice(0, 6)}` }), 201);
    const [trainer, learner, peer, stranger] = await Promise.all([person(), person(), person(), person()]);
    for (const [who, role] of [
      [trainer, 'trainer'],
      [learner, 'learner'],
      [peer, 'learner'],
    ] as const) {
      await db.query(`INSERT INTO memberships (organisation_id, user_id, role) VALUES ($1, $2, $3)`, [org.id, who.userId, role]);
    }
    const path = `/api/organisations/${org.id}/members/${learner.userId}/accommodation`;
    expect((await call(peer, 'PUT', path, { extraTimePercent: 50 })).status).toBe(403);
    expect((await call(stranger, 'PUT', path, { extraTimePercent: 50 })).status).toBe(404);
    expect((await call(trainer, 'PUT', `/api/organisations/${org.id}/members/${stranger.userId}/accommodation`, { extraTimePercent: 50 })).status).toBe(404);
    expect((await ok(await call(trainer, 'PUT', path, { extraTimePercent: 500 }), 400)).details.fields[0].field).toBe('extraTimePercent');
    expect((await db.query('SELECT 1 FROM assessment_accommodations WHERE user_id = $1', [learner.userId])).rowCount).toBe(0);
    expect(await ok(await call(trainer, 'PUT', path, { extraTimePercent: 50, note: 'Reader' }))).toMatchObject({
      userId: learner.userId,
      extraTimePercent: 50,
    });
    expect((await ok(await call(trainer, 'GET', `/api/organisations/${org.id}/accommodations`))).items).toHaveLength(1);
    expect((await call(peer, 'GET', `/api/organisations/${org.id}/accommodations`)).status).toBe(403);

    expect((await ok(await call(learner, 'GET', `/api/quizzes/${timedQuiz}`))).extraTimeSeconds).toBe(60);
    const attempt = await start(learner, timedQuiz);
    expect(Date.parse(attempt.deadlineAt) - Date.parse(attempt.startedAt)).toBe(180_000);
    expect((await call(trainer, 'DELETE', path)).status).toBe(204);
    expect((await call(trainer, 'DELETE', path)).status).toBe(404);
  });
});
