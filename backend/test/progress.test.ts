import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDataSource } from '../src/database.js';
import { runMigrations } from '../src/infra/database/migrate.js';
import type { InlineJobQueue } from '../src/infra/queue/inline-job-queue.js';
import { JobQueue } from '../src/infra/queue/job-queue.js';
import { OutboxRelay } from '../src/infra/queue/outbox.js';
import { QuestionBankStore, type GradingMethod, type QuestionInput } from '../src/modules/assessment/index.js';
import { importContent } from '../src/modules/courses/content/content.importer.js';
import { RecertificationService } from '../src/modules/learning/recertification.service.js';
import { createVerifiedUser, signIn, type SignedIn } from './support/admin.js';
import { startApi, type TestApi } from './support/api.js';
import { createScratchDatabase } from './support/databases.js';
import { TcpProxy } from './support/tcp-proxy.js';

/**
 * Issue #10's progress, completion, outbox and recertification, end to end: the real API,
 * PostgreSQL and (for the outbox) Redis, on courses written for each case.
 */

let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
let ds: DataSource;
let db: pg.Client;
let api: TestApi;
let admin: SignedIn;
let publicationId: string;

const QUESTION = (correct: string): QuestionInput => ({
  type: 'single',
  prompt: 'Which one?',
  definition: { options: ['a', 'b', 'c'].map((id) => ({ id, text: `Option ${id}` })) },
  answerKey: { optionId: correct },
  generalFeedback: '',
  source: { publication: 'p', passage: 'A passage.' },
  tags: [],
});

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

interface World {
  slug: string;
  courseId: string;
  versionId: string;
  modules: { id: string; slug: string; lessonIds: string[]; quizId: string | null; questionId: string | null }[];
}

/** A published public course of new authored modules, each with `lessons` lessons and optionally a one-question quiz (answer: b). */
async function makeCourse(
  spec: { lessons: number; quiz?: { gradingMethod: GradingMethod; passMark: number } }[],
  opts: { validityMonths?: number } = {},
): Promise<World> {
  const tag = randomUUID().slice(0, 8);
  const modules: World['modules'] = [];
  for (const [i, m] of spec.entries()) {
    const slug = `m-${tag}-${i}`;
    const id = (
      await db.query<{ id: string }>(
        `INSERT INTO modules (slug, publication_id, title, summary, content_hash, origin) VALUES ($1, $2, $3, 's', 'h', 'authored') RETURNING id`,
        [slug, publicationId, `Module ${i + 1}`],
      )
    ).rows[0]!.id;
    const lessonIds: string[] = [];
    for (let l = 1; l <= m.lessons; l++) {
      lessonIds.push(
        (
          await db.query<{ id: string }>(
            `INSERT INTO lessons (module_id, slug, position, title, estimated_minutes, objectives, body_markdown, body_html, sources, content_hash)
             VALUES ($1, $2, $3, $4, 5, '{}', 'Text.', '<p>Text.</p>', '[]', 'h') RETURNING id`,
            [id, `lesson-${l}`, l, `Lesson ${i + 1}.${l}`],
          )
        ).rows[0]!.id,
      );
    }
    let quizId: string | null = null;
    let questionId: string | null = null;
    if (m.quiz) {
      const quiz = m.quiz;
      [quizId, questionId] = await ds.transaction(async (tx) => {
        const store = new QuestionBankStore(tx);
        const q = await store.upsertQuestion(id, 'q1', QUESTION('b'), 'authored');
        const z = await store.ensureModuleQuiz(id, { title: `Quiz ${i + 1}`, passMark: quiz.passMark, gradingMethod: quiz.gradingMethod });
        await store.setSlots(z.id, [{ questionId: q.id }]);
        return [z.id, q.id];
      });
    }
    modules.push({ id, slug, lessonIds, quizId, questionId });
  }
  const slug = `c-${tag}`;
  const courseId = (
    await db.query<{ id: string }>(
      `INSERT INTO courses (slug, status, content_hash, origin, visibility) VALUES ($1, 'published', 'h', 'authored', 'public') RETURNING id`,
      [slug],
    )
  ).rows[0]!.id;
  const versionId = (
    await db.query<{ id: string }>(
      `INSERT INTO course_versions (course_id, version, title, summary, audience, objectives, pass_mark, content_hash, snapshot, validity_months)
       VALUES ($1, 1, $2, 's', 'a', '{}', 50, 'h', '{}', $3) RETURNING id`,
      [courseId, `Course ${tag}`, opts.validityMonths ?? null],
    )
  ).rows[0]!.id;
  await db.query(`UPDATE courses SET current_version_id = $2 WHERE id = $1`, [courseId, versionId]);
  for (const [i, m] of modules.entries()) {
    await db.query(`INSERT INTO course_modules (course_version_id, module_id, position) VALUES ($1, $2, $3)`, [versionId, m.id, i + 1]);
  }
  return { slug, courseId, versionId, modules };
}

const enrol = async (who: SignedIn, slug: string) => ok(await call(who, 'POST', `/api/courses/${slug}/enrolments`), 201);
const progress = (who: SignedIn | null, lessonId: string, body: unknown) => call(who, 'POST', `/api/lessons/${lessonId}/progress`, body);

/** Completes every lesson of the course's modules (in order); answers the last response. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a JSON body, checked by the tests' expectations
type Body = any;

async function readAll(who: SignedIn, w: World, modules = w.modules): Promise<Body> {
  let last: Body;
  for (const m of modules) for (const lessonId of m.lessonIds) last = await ok(await progress(who, lessonId, { course: w.slug, completed: true, position: 1 }));
  return last;
}

/** One submitted attempt answering `optionId` (b is right). */
async function attempt(who: SignedIn, quizId: string, optionId: 'a' | 'b') {
  const started = await ok(await call(who, 'POST', `/api/quizzes/${quizId}/attempts`), 201);
  await ok(
    await call(who, 'PUT', `/api/attempts/${started.id}/answers`, {
      version: started.version,
      answers: [{ itemId: started.items[0].id, value: { optionId } }],
    }),
  );
  return ok(await call(who, 'POST', `/api/attempts/${started.id}/submit`));
}

/** Relays the outbox and runs the jobs it enqueued (the inline driver), twice: a job may enqueue another. */
async function settleJobs(): Promise<void> {
  for (let i = 0; i < 2; i++) {
    await api.app.get(OutboxRelay).drain();
    await (api.app.get(JobQueue) as InlineJobQueue).drain();
  }
}

/** The learner's learning records, counted by verb (the last part of its IRI). */
async function verbsOf(userId: string): Promise<Record<string, number>> {
  const rows = (await db.query(`SELECT verb_id, count(*)::int AS n FROM learning_statements WHERE user_id = $1 GROUP BY verb_id`, [userId])).rows;
  return Object.fromEntries(rows.map((r: { verb_id: string; n: number }) => [r.verb_id.split('/').at(-1), r.n]));
}

const completionsOf = async (userId: string) =>
  (
    await db.query(
      `SELECT id, enrolment_id, revoked_at, revoked_reason, archived_at, final_score FROM course_completions WHERE user_id = $1 ORDER BY completed_at`,
      [userId],
    )
  ).rows;

beforeAll(async () => {
  scratch = await createScratchDatabase(inject('serverUrl'));
  ds = createDataSource({ url: scratch.url, poolMax: 2 });
  await ds.initialize();
  await runMigrations(ds);
  await importContent(ds);
  db = new pg.Client({ connectionString: scratch.url });
  await db.connect();
  publicationId = (await db.query<{ id: string }>('SELECT id FROM publications LIMIT 1')).rows[0]!.id;
  api = await startApi({ DATABASE_URL: scratch.url, REDIS_URL: inject('redisUrl'), QUEUE_PREFIX: inject('queuePrefix'), QUEUE_DRIVER: 'inline' });
  admin = await signIn(api.baseUrl, await createVerifiedUser(scratch.url, { admin: true }));
});

afterAll(async () => {
  await api?.close();
  await db?.end();
  await ds?.destroy();
  await scratch?.drop();
});

describe('recording lesson progress', () => {
  it('refuses the anonymous (401), the not enrolled (409 NOT_ENROLLED), a lesson outside the course (404) and bad bodies (400 naming the field)', async () => {
    const w = await makeCourse([{ lessons: 2 }]);
    const other = await makeCourse([{ lessons: 1 }]);
    const lessonId = w.modules[0]!.lessonIds[0]!;
    await ok(await progress(null, lessonId, { course: w.slug }), 401);
    const learner = await person();
    const notEnrolled = await ok(await progress(learner, lessonId, { course: w.slug }), 409);
    expect(notEnrolled.code).toBe('NOT_ENROLLED');
    await enrol(learner, w.slug);
    await ok(await progress(learner, other.modules[0]!.lessonIds[0]!, { course: w.slug }), 404);
    await ok(await progress(learner, lessonId, { course: 'no-such-course' }), 404);
    await ok(await progress(learner, randomUUID(), { course: w.slug }), 404);
    const fieldsOf = async (body: unknown) => (await ok(await progress(learner, lessonId, body), 400)).details.fields.map((f: { field: string }) => f.field);
    expect(await fieldsOf({})).toEqual(['course']);
    expect(await fieldsOf({ course: w.slug, position: 1.5 })).toEqual(['position']);
    expect(await fieldsOf({ course: w.slug, intervalId: 'not-a-uuid', visibleSeconds: 10 })).toEqual(['intervalId']);
    expect(await fieldsOf({ course: w.slug, intervalId: randomUUID(), visibleSeconds: 3601 })).toEqual(['visibleSeconds']);
    expect(await fieldsOf({ course: w.slug, visibleSeconds: 2.5 })).toEqual(['visibleSeconds']);
    expect(await fieldsOf({ course: w.slug, completed: 'yes' })).toEqual(['completed']);
    expect(await fieldsOf({ course: 'Not A Slug' })).toEqual(['course']);
    await ok(await call(learner, 'POST', `/api/lessons/not-a-uuid/progress`, { course: w.slug }), 400);
  });

  it('caps an interval, counts a repeated interval once, keeps the last position for resuming, and never un-completes', async () => {
    const w = await makeCourse([{ lessons: 3 }]);
    const [l1, l2] = w.modules[0]!.lessonIds as [string, string, string];
    const learner = await person();
    await enrol(learner, w.slug);
    const interval = randomUUID();
    const first = await ok(await progress(learner, l1, { course: w.slug, intervalId: interval, visibleSeconds: 2000, position: 0.4 }));
    expect(first).toMatchObject({ lessonId: l1, courseSlug: w.slug, timeSpentSeconds: 300, position: 0.4, completedAt: null });
    expect(first.module).toEqual({ slug: w.modules[0]!.slug, complete: false, lessonsCompleted: 0, lessonsRequired: 3, quiz: null });
    expect(first.course).toEqual({ slug: w.slug, percentComplete: 0, completedAt: null });
    const repeat = await ok(await progress(learner, l1, { course: w.slug, intervalId: interval, visibleSeconds: 2000, position: 0.4 }));
    expect(repeat).toEqual(first);
    const more = await ok(await progress(learner, l1, { course: w.slug, intervalId: randomUUID(), visibleSeconds: 25, position: 0.6 }));
    expect(more).toMatchObject({ timeSpentSeconds: 325, position: 0.6 });
    // Time without an interval id does not count (it could not be told apart from a repeat).
    expect((await ok(await progress(learner, l1, { course: w.slug, visibleSeconds: 25 }))).timeSpentSeconds).toBe(325);

    const course = await ok(await call(learner, 'GET', `/api/me/courses/${w.slug}/progress`));
    expect(course.resume).toEqual({ lessonId: l1, lessonTitle: 'Lesson 1.1', moduleSlug: w.modules[0]!.slug, position: 0.6 });
    expect(course.modules[0].lessons[0]).toMatchObject({ lessonId: l1, timeSpentSeconds: 325, position: 0.6, completedAt: null });
    expect(course.modules[0].lessons[1]).toMatchObject({ lessonId: l2, startedAt: null, timeSpentSeconds: 0, position: null });

    const done = await ok(await progress(learner, l1, { course: w.slug, completed: true, position: 1 }));
    expect(done.completedAt).not.toBeNull();
    expect(done.module.lessonsCompleted).toBe(1);
    const notUndone = await ok(await progress(learner, l1, { course: w.slug, completed: false, position: 0.2 }));
    expect(notUndone.completedAt).toBe(done.completedAt);
    // The last lesson touched is completed: resume moves on to the next one not completed.
    const after = await ok(await call(learner, 'GET', `/api/me/courses/${w.slug}/progress`));
    expect(after.resume).toMatchObject({ lessonId: l2, position: null });
  });

  it('loses no time to concurrent events, and counts one interval sent concurrently once', async () => {
    const w = await makeCourse([{ lessons: 1 }]);
    const lessonId = w.modules[0]!.lessonIds[0]!;
    const learner = await person();
    await enrol(learner, w.slug);
    const distinct = await Promise.all(
      Array.from({ length: 20 }, () => progress(learner, lessonId, { course: w.slug, intervalId: randomUUID(), visibleSeconds: 10 })),
    );
    expect(distinct.map((r) => r.status)).toEqual(Array(20).fill(200));
    const same = randomUUID();
    const repeated = await Promise.all(Array.from({ length: 8 }, () => progress(learner, lessonId, { course: w.slug, intervalId: same, visibleSeconds: 30 })));
    expect(repeated.map((r) => r.status)).toEqual(Array(8).fill(200));
    const course = await ok(await call(learner, 'GET', `/api/me/courses/${w.slug}/progress`));
    expect(course.timeSpentSeconds).toBe(230);
  });
});

describe('completion', () => {
  it('completes the module and the course when every lesson is completed (no quiz), with one completion record and its outbox row', async () => {
    const w = await makeCourse([{ lessons: 2 }, { lessons: 1 }]);
    const learner = await person();
    await enrol(learner, w.slug);
    await ok(await progress(learner, w.modules[0]!.lessonIds[0]!, { course: w.slug, intervalId: randomUUID(), visibleSeconds: 40 }));
    const mid = await readAll(learner, w, [w.modules[0]!]);
    expect(mid.module).toMatchObject({ complete: true, lessonsCompleted: 2, lessonsRequired: 2 });
    expect(mid.course).toMatchObject({ percentComplete: 66, completedAt: null });
    const last = await readAll(learner, w, [w.modules[1]!]);
    expect(last.course.percentComplete).toBe(100);
    expect(last.course.completedAt).not.toBeNull();
    // Repeating the last event changes nothing.
    expect((await ok(await progress(learner, w.modules[1]!.lessonIds[0]!, { course: w.slug, completed: true, position: 1 }))).course.completedAt).toBe(
      last.course.completedAt,
    );
    const rows = await completionsOf(learner.userId);
    expect(rows).toHaveLength(1);
    const outbox = (await db.query(`SELECT job_name, payload FROM job_outbox WHERE job_id = $1`, [`course.completed-${rows[0].id}`])).rows;
    expect(outbox).toHaveLength(1);
    expect(outbox[0].job_name).toBe('course.completed');
    expect(outbox[0].payload).toMatchObject({ completionId: rows[0].id, userId: learner.userId, courseId: w.courseId, courseVersionId: w.versionId });

    const dash = await ok(await call(learner, 'GET', '/api/me/progress'));
    const item = dash.courses.find((c: { courseSlug: string }) => c.courseSlug === w.slug);
    expect(item).toMatchObject({ percentComplete: 100, lessonsCompleted: 3, lessonsTotal: 3, timeSpentSeconds: 40, resume: null, overdue: false });
    expect(item.completion).toMatchObject({ id: rows[0].id, status: 'current', expiresAt: null, finalScore: null, timeSpentSeconds: 40 });
    expect(item.modules.map((m: { complete: boolean }) => m.complete)).toEqual([true, true]);
    // Learning records: enrolled, each lesson viewed and completed once, the course completed once.
    expect(await verbsOf(learner.userId)).toEqual({ registered: 1, experienced: 3, completed: 4 });
    const registrations = (await db.query(`SELECT DISTINCT registration FROM learning_statements WHERE user_id = $1`, [learner.userId])).rows;
    expect(registrations.map((r: { registration: string }) => r.registration)).toEqual([item.enrolmentId]);
  });

  // Attempts in order (true = right answer, 100%; false = 0%); whether the quiz then counts as
  // passed by its method; whether the course was completed on the way (a completion is a durable
  // record: a later, lower attempt does not revoke it, only a regrade can); its final score.
  const METHODS: [GradingMethod, number, boolean[], boolean, number | null][] = [
    ['highest', 60, [false, true], true, 100],
    ['highest', 60, [false, false], false, null],
    ['last', 60, [false, true], true, 100],
    ['last', 60, [true, false], false, 100],
    ['first', 60, [false, true], false, null],
    ['first', 60, [true, false], true, 100],
    ['average', 50, [false, true], true, 50],
    ['average', 60, [false, true], false, null],
  ];

  for (const [method, passMark, attempts, passedAtEnd, finalScore] of METHODS) {
    const grades = attempts.map((a) => (a ? 100 : 0)).join(', ');
    it(`follows the quiz's grading method: ${method}, pass mark ${passMark}, attempts ${grades} → ${passedAtEnd ? 'passed' : 'not passed'}, ${finalScore === null ? 'no completion' : 'completed'}`, async () => {
      const w = await makeCourse([{ lessons: 1, quiz: { gradingMethod: method, passMark } }]);
      const learner = await person();
      await enrol(learner, w.slug);
      const read = await readAll(learner, w);
      expect(read.module).toMatchObject({ complete: false, lessonsCompleted: 1, quiz: { quizId: w.modules[0]!.quizId, passed: false } });
      expect(read.course.percentComplete).toBe(50);
      for (const right of attempts) await attempt(learner, w.modules[0]!.quizId!, right ? 'b' : 'a');
      const course = await ok(await call(learner, 'GET', `/api/me/courses/${w.slug}/progress`));
      expect(course.modules[0].complete).toBe(passedAtEnd);
      expect(course.modules[0].quiz).toMatchObject({ quizId: w.modules[0]!.quizId, passed: passedAtEnd, attemptsUsed: attempts.length });
      expect(await completionsOf(learner.userId)).toHaveLength(finalScore === null ? 0 : 1);
      if (finalScore === null) expect(course.completion).toBeNull();
      else expect(course.completion).toMatchObject({ status: 'current', finalScore });
      const verbs = await verbsOf(learner.userId);
      expect(verbs.attempted).toBe(attempts.length);
      expect(verbs.passed ?? 0).toBe(attempts.filter(Boolean).length);
      expect(verbs.failed ?? 0).toBe(attempts.filter((a) => !a).length);
    });
  }

  it('keeps a completion when the course is edited afterwards (a new lesson, a new version)', async () => {
    const w = await makeCourse([{ lessons: 1 }]);
    const learner = await person();
    await enrol(learner, w.slug);
    await readAll(learner, w);
    const [before] = await completionsOf(learner.userId);
    await db.query(
      `INSERT INTO lessons (module_id, slug, position, title, estimated_minutes, objectives, body_markdown, body_html, sources, content_hash)
       VALUES ($1, 'added', 2, 'Added later', 5, '{}', 'Text.', '<p>Text.</p>', '[]', 'h')`,
      [w.modules[0]!.id],
    );
    const v2 = (
      await db.query<{ id: string }>(
        `INSERT INTO course_versions (course_id, version, title, summary, audience, objectives, pass_mark, content_hash, snapshot)
         VALUES ($1, 2, 'Edited', 's', 'a', '{}', 50, 'h2', '{}') RETURNING id`,
        [w.courseId],
      )
    ).rows[0]!.id;
    await db.query(`UPDATE courses SET current_version_id = $2 WHERE id = $1`, [w.courseId, v2]);
    const course = await ok(await call(learner, 'GET', `/api/me/courses/${w.slug}/progress`));
    expect(course.completion).toMatchObject({ id: before.id, status: 'current', revokedAt: null, versionNumber: 1 });
    expect(course.lessonsTotal).toBe(2);
    expect(await completionsOf(learner.userId)).toEqual([before]);
  });

  it('is revoked, kept and explained when a regrade fails the quiz it relied on', async () => {
    const w = await makeCourse([{ lessons: 1, quiz: { gradingMethod: 'highest', passMark: 60 } }]);
    const learner = await person();
    await enrol(learner, w.slug);
    await readAll(learner, w);
    await attempt(learner, w.modules[0]!.quizId!, 'b');
    const [completion] = await completionsOf(learner.userId);
    expect(completion.revoked_at).toBeNull();
    await settleJobs();
    const certificateOf = async () => (await db.query(`SELECT revoked_at, revocation_reason FROM certificates WHERE completion_id = $1`, [completion.id])).rows;
    expect(await certificateOf()).toMatchObject([{ revoked_at: null }]);
    // The key was wrong: c is right. Fixed, then regraded.
    await ds.transaction((tx) => new QuestionBankStore(tx).upsertQuestion(w.modules[0]!.id, 'q1', QUESTION('c'), 'authored'));
    await ok(await call(admin, 'POST', `/api/questions/${w.modules[0]!.questionId}/regrade`, { dryRun: false }));
    const [revoked] = await completionsOf(learner.userId);
    expect(revoked.id).toBe(completion.id);
    expect(revoked.revoked_at).not.toBeNull();
    expect(revoked.revoked_reason).toContain('regraded');
    // Its certificate is revoked with it (course.completion-revoked, through the outbox).
    await settleJobs();
    const [certificate] = await certificateOf();
    expect(certificate.revoked_at).not.toBeNull();
    expect(certificate.revocation_reason).toMatch(/^The completion was withdrawn\. .*regraded.*below its pass mark of 60%/);
    const course = await ok(await call(learner, 'GET', `/api/me/courses/${w.slug}/progress`));
    expect(course.completion).toMatchObject({ id: completion.id, status: 'revoked' });
    expect(course.completion.revokedReason).toMatch(/regraded.*below its pass mark of 60%/);
    expect(course.modules[0]).toMatchObject({ complete: false, quiz: { passed: false, gradePercent: 0 } });
    // Passing again completes it again, beside the revoked record.
    await attempt(learner, w.modules[0]!.quizId!, 'c' as 'b');
    const rows = await completionsOf(learner.userId);
    expect(rows).toHaveLength(2);
    expect(rows.filter((r) => r.revoked_at === null)).toHaveLength(1);
  });

  it('records the completion and its outbox row atomically: when the outbox insert fails, neither is there', async () => {
    const w = await makeCourse([{ lessons: 1 }]);
    const learner = await person();
    await enrol(learner, w.slug);
    await db.query(
      `CREATE OR REPLACE FUNCTION test_outbox_fails() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'outbox down for the test'; END $$`,
    );
    await db.query(`CREATE TRIGGER test_outbox_fails BEFORE INSERT ON job_outbox FOR EACH ROW EXECUTE FUNCTION test_outbox_fails()`);
    try {
      const res = await progress(learner, w.modules[0]!.lessonIds[0]!, { course: w.slug, completed: true });
      expect(res.status).toBe(500);
      expect(await completionsOf(learner.userId)).toEqual([]);
    } finally {
      await db.query(`DROP TRIGGER test_outbox_fails ON job_outbox`);
    }
    // The lesson's progress was recorded; the next event completes the course, with its outbox row.
    const again = await ok(await progress(learner, w.modules[0]!.lessonIds[0]!, { course: w.slug, position: 1 }));
    expect(again.course.completedAt).not.toBeNull();
    const [row] = await completionsOf(learner.userId);
    expect((await db.query(`SELECT 1 FROM job_outbox WHERE job_id = $1`, [`course.completed-${row.id}`])).rowCount).toBe(1);
  });
});

describe('recertification', () => {
  it('expires a completion, reminds the learner and their trainers at 30 and 7 days (once each), and lets the learner re-take (the old record archived)', async () => {
    const w = await makeCourse([{ lessons: 1 }], { validityMonths: 12 });
    const learner = await person();
    const trainer = await createVerifiedUser(scratch.url);
    const org = (
      await db.query<{ id: string }>(`INSERT INTO organisations (name, slug) VALUES ('Test shelter', $1) RETURNING id`, [`shelter-${randomUUID().slice(0, 8)}`])
    ).rows[0]!.id;
    await db.query(`INSERT INTO memberships (organisation_id, user_id, role) VALUES ($1, $2, 'learner'), ($1, $3, 'trainer')`, [
      org,
      learner.userId,
      trainer.userId,
    ]);
    const enrolment = await enrol(learner, w.slug);
    const stranger = await person();
    const notYet = await ok(await call(learner, 'POST', `/api/me/enrolments/${enrolment.enrolmentId}/retake`), 409);
    expect(notYet.code).toBe('RETAKE_NOT_ALLOWED');
    await readAll(learner, w);
    const [completion] = await completionsOf(learner.userId);
    let dash = await ok(await call(learner, 'GET', '/api/me/progress'));
    const expiresAt = new Date(dash.courses[0].completion.expiresAt);
    expect(Math.round((expiresAt.getTime() - Date.now()) / 86_400_000)).toBeGreaterThanOrEqual(364);
    expect(dash.courses[0].completion.status).toBe('current');

    const reminders = api.app.get(RecertificationService);
    await db.query(`UPDATE course_completions SET expires_at = now() + interval '20 days' WHERE id = $1`, [completion.id]);
    expect(await reminders.sendReminders(new Date())).toBe(1);
    expect(await reminders.sendReminders(new Date())).toBe(0);
    await db.query(`UPDATE course_completions SET expires_at = now() + interval '5 days' WHERE id = $1`, [completion.id]);
    expect(await reminders.sendReminders(new Date())).toBe(1);
    expect(await reminders.sendReminders(new Date())).toBe(0);
    const sent = (await db.query(`SELECT days_before, recipients FROM completion_reminders WHERE completion_id = $1 ORDER BY days_before`, [completion.id]))
      .rows;
    expect(sent).toEqual([
      { days_before: 7, recipients: 2 },
      { days_before: 30, recipients: 2 },
    ]);
    dash = await ok(await call(learner, 'GET', '/api/me/progress'));
    expect(dash.courses[0].completion.status).toBe('expiring');
    await db.query(`UPDATE course_completions SET expires_at = now() - interval '1 day' WHERE id = $1`, [completion.id]);
    dash = await ok(await call(learner, 'GET', '/api/me/progress'));
    expect(dash.courses[0].completion.status).toBe('expired');

    await ok(await call(stranger, 'POST', `/api/me/enrolments/${enrolment.enrolmentId}/retake`), 404);
    await ok(await call(null, 'POST', `/api/me/enrolments/${enrolment.enrolmentId}/retake`), 401);
    const retaken = await ok(await call(learner, 'POST', `/api/me/enrolments/${enrolment.enrolmentId}/retake`), 201);
    expect(retaken.enrolmentId).not.toBe(enrolment.enrolmentId);
    // The old enrolment is archived: a second re-take of it is 404.
    await ok(await call(learner, 'POST', `/api/me/enrolments/${enrolment.enrolmentId}/retake`), 404);
    const old = (await db.query(`SELECT archived_at FROM enrolments WHERE id = $1`, [enrolment.enrolmentId])).rows[0];
    expect(old.archived_at).not.toBeNull();
    const [archived] = await completionsOf(learner.userId);
    expect(archived).toMatchObject({ id: completion.id, revoked_at: null });
    expect(archived.archived_at).not.toBeNull();

    dash = await ok(await call(learner, 'GET', '/api/me/progress'));
    expect(dash.courses).toHaveLength(1);
    expect(dash.courses[0]).toMatchObject({ enrolmentId: retaken.enrolmentId, percentComplete: 0, completion: null });
    expect(dash.archivedCompletions.map((c: { id: string }) => c.id)).toEqual([completion.id]);
    // The re-take starts afresh, and completes again on its own.
    await readAll(learner, w);
    expect((await completionsOf(learner.userId)).filter((c) => c.archived_at === null)).toHaveLength(1);
  });
});

describe('the dashboard', () => {
  it('pages the active enrolments with a cursor, marks overdue ones, and is empty for a new learner', async () => {
    const learner = await person();
    const empty = await ok(await call(learner, 'GET', '/api/me/progress'));
    expect(empty).toEqual({ courses: [], nextCursor: null, archivedCompletions: [], totalTimeSpentSeconds: 0 });
    const worlds = [await makeCourse([{ lessons: 1 }]), await makeCourse([{ lessons: 1 }]), await makeCourse([{ lessons: 1 }])];
    for (const w of worlds) await enrol(learner, w.slug);
    await db.query(`UPDATE enrolments SET due_at = now() - interval '1 day' WHERE user_id = $1 AND course_id = $2`, [learner.userId, worlds[0]!.courseId]);
    const first = await ok(await call(learner, 'GET', '/api/me/progress?limit=2'));
    expect(first.courses).toHaveLength(2);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await ok(await call(learner, 'GET', `/api/me/progress?limit=2&cursor=${first.nextCursor}`));
    expect(second.courses).toHaveLength(1);
    expect(second.nextCursor).toBeNull();
    const all = [...first.courses, ...second.courses];
    expect(all.map((c: { courseSlug: string }) => c.courseSlug).sort()).toEqual(worlds.map((w) => w.slug).sort());
    expect(all.find((c: { courseSlug: string }) => c.courseSlug === worlds[0]!.slug).overdue).toBe(true);
    expect(all.filter((c: { overdue: boolean }) => c.overdue)).toHaveLength(1);
    await ok(await call(learner, 'GET', '/api/me/progress?cursor=bogus'), 400);
    await ok(await call(null, 'GET', '/api/me/progress'), 401);
    await ok(await call(learner, 'GET', `/api/me/courses/${worlds[0]!.slug}/progress`));
    await ok(await call(await person(), 'GET', `/api/me/courses/${worlds[0]!.slug}/progress`), 404);
  });
});

describe("the learner's own data", () => {
  it('exports lesson progress and completions with the enrolment, and erases the visible-time intervals with the account', async () => {
    const w = await makeCourse([{ lessons: 1 }]);
    const learner = await person();
    await enrol(learner, w.slug);
    const lessonId = w.modules[0]!.lessonIds[0]!;
    await ok(await progress(learner, lessonId, { course: w.slug, intervalId: randomUUID(), visibleSeconds: 12, position: 1, completed: true }));
    const exported = await ok(await call(learner, 'GET', '/api/me/export'));
    const record = exported.learningRecords.find((r: { courseSlug: string }) => r.courseSlug === w.slug);
    expect(record.archivedAt).toBeNull();
    expect(record.lessonProgress).toEqual([
      { lessonId, lessonTitle: 'Lesson 1.1', startedAt: expect.any(String), completedAt: expect.any(String), timeSpentSeconds: 12, position: 1 },
    ]);
    expect(record.completions).toHaveLength(1);
    expect(record.completions[0]).toMatchObject({ timeSpentSeconds: 12, revokedAt: null, archivedAt: null });
    const intervals = `SELECT count(*)::int AS n FROM lesson_time_intervals t JOIN enrolments e ON e.id = t.enrolment_id WHERE e.user_id = $1`;
    expect((await db.query(intervals, [learner.userId])).rows[0].n).toBe(1);
    expect((await call(learner, 'DELETE', '/api/me', { password: learner.password })).status).toBe(204);
    expect((await db.query(intervals, [learner.userId])).rows[0].n).toBe(0);
  });
});

describe('the outbox when Redis is down', () => {
  it('completes the course (200) with Redis unreachable, and the course.completed job reaches the real BullMQ queue once Redis is back', async () => {
    const redisUrl = new URL(inject('redisUrl'));
    const proxy = await new TcpProxy(Number(redisUrl.port || 6379), redisUrl.hostname).start();
    const prefix = `${inject('queuePrefix')}-outbox`;
    const w = await makeCourse([{ lessons: 1 }]);
    // Signed in and enrolled on the API with Redis (sign-in needs it); the token works on both APIs.
    const learner = await signIn(api.baseUrl, await createVerifiedUser(scratch.url));
    await enrol(learner, w.slug);
    await proxy.cut();
    const down = await startApi({
      DATABASE_URL: scratch.url,
      REDIS_URL: `redis://127.0.0.1:${proxy.port}`,
      QUEUE_PREFIX: prefix,
      QUEUE_DRIVER: 'bullmq',
    });
    const redis = new Redis(inject('redisUrl'));
    const queue = new Queue('learning', { connection: redis, prefix });
    try {
      const res = await fetch(`${down.baseUrl}/api/lessons/${w.modules[0]!.lessonIds[0]}/progress`, {
        method: 'POST',
        headers: { ...learner.headers, 'content-type': 'application/json' },
        body: JSON.stringify({ course: w.slug, completed: true }),
      });
      const body = await ok(res);
      expect(body.course.completedAt).not.toBeNull();
      const [completion] = await completionsOf(learner.userId);
      const jobId = `course.completed-${completion.id}`;
      // Let the relay try (and fail) against the closed port.
      await down.app.get(OutboxRelay).drain();
      expect((await db.query(`SELECT sent_at, attempts FROM job_outbox WHERE job_id = $1`, [jobId])).rows[0]).toMatchObject({ sent_at: null });
      expect(await queue.getJob(jobId)).toBeUndefined();

      await proxy.restore();
      let job = await queue.getJob(jobId);
      for (let i = 0; i < 100 && !job; i++) {
        await new Promise((r) => setTimeout(r, 100));
        job = await queue.getJob(jobId);
      }
      expect(job?.name).toBe('course.completed');
      expect(job?.data.payload).toMatchObject({ completionId: completion.id, userId: learner.userId, courseId: w.courseId, courseVersionId: w.versionId });
      const row = (await db.query(`SELECT sent_at FROM job_outbox WHERE job_id = $1`, [jobId])).rows[0];
      for (let i = 0; i < 50 && !row.sent_at; i++) {
        await new Promise((r) => setTimeout(r, 100));
        row.sent_at = (await db.query(`SELECT sent_at FROM job_outbox WHERE job_id = $1`, [jobId])).rows[0].sent_at;
      }
      expect(row.sent_at).not.toBeNull();
      // A second relay of the same job id is a no-op in BullMQ.
      await db.query(`UPDATE job_outbox SET sent_at = NULL WHERE job_id = $1`, [jobId]);
      await down.app.get(OutboxRelay).drain();
      expect(await queue.getJobCounts('waiting', 'delayed', 'active')).toMatchObject({ waiting: 1 });
    } finally {
      await down.close();
      await queue.obliterate({ force: true }).catch(() => undefined);
      await queue.close();
      redis.disconnect();
      await proxy.cut();
    }
  });
});
