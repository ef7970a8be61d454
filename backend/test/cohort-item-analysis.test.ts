import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { OrgRole } from '../src/common/auth/access.js';
import { createDataSource } from '../src/database.js';
import { createVerifiedUser, signIn, type SignedIn } from './support/admin.js';
import { startApi, type TestApi } from './support/api.js';
import { newCourse, newLesson, newModule, newOrganisation, newPublication } from './support/factories.js';

/**
 * "Questions learners get wrong": the cohort's item analysis (GET /api/cohorts/{id}/item-analysis)
 * through the real HTTP app on the real PostgreSQL: figures over a constructed cohort whose
 * answers are known, non-members and removed members left out, first attempts only, the small
 * group threshold, the SQL figures equal to the quiz engine's own (computed in JS), and refusals.
 */
let api: TestApi;
let db: DataSource;
let platformAdmin: SignedIn;

interface Reply {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

async function call(as: SignedIn, method: string, path: string, body?: unknown): Promise<Reply> {
  const headers: Record<string, string> = { authorization: `Bearer ${as.accessToken}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${api.baseUrl}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

async function person(organisationId: string | null, role: OrgRole = 'learner'): Promise<SignedIn> {
  const user = await createVerifiedUser(inject('databaseUrl'));
  if (organisationId) await db.query(`INSERT INTO memberships (organisation_id, user_id, role) VALUES ($1, $2, $3)`, [organisationId, user.userId, role]);
  return signIn(api.baseUrl, user);
}

/** A published course of one module (with a lesson) and that module's quiz of three questions: single (key a), true/false (key true), multiple (key x, y). */
async function courseWithQuiz(organisationId: string | null = null) {
  const publication = await newPublication(db, {});
  const mod = await newModule(db, { publicationId: publication.id, title: 'Recognising exploitation' });
  await newLesson(db, { moduleId: mod.id, position: 1 });
  const course = await newCourse(db, { organisationId, moduleIds: [mod.id], title: `Course ${randomUUID().slice(0, 6)}` });
  const [quiz] = (await db.query(
    `INSERT INTO quizzes (module_id, title, pass_mark, review_policy) VALUES ($1, 'Recognising exploitation: quiz', 70, '{}') RETURNING id`,
    [mod.id],
  )) as { id: string }[];
  const source = { publication: publication.slug, passage: 'Source text' };
  const question = async (slug: string, type: string, definition: unknown, answerKey: unknown) => {
    const [q] = (await db.query(`INSERT INTO questions (module_id, slug, origin) VALUES ($1, $2, 'authored') RETURNING id`, [mod.id, slug])) as {
      id: string;
    }[];
    const [v] = (await db.query(
      `INSERT INTO question_versions (question_id, version, type, prompt, definition, answer_key, source, content_hash)
       VALUES ($1, 1, $2, $3, $4::jsonb, $5::jsonb, $6::jsonb, $7) RETURNING id`,
      [q!.id, type, `Prompt of ${slug}`, JSON.stringify(definition), JSON.stringify(answerKey), JSON.stringify(source), `hash-${randomUUID()}`],
    )) as { id: string }[];
    await db.query(`UPDATE questions SET current_version_id = $2 WHERE id = $1`, [q!.id, v!.id]);
    return { id: q!.id, versionId: v!.id };
  };
  const single = await question('single', 'single', { options: ['a', 'b', 'c'].map((id) => ({ id, text: `Option ${id.toUpperCase()}` })) }, { optionId: 'a' });
  const trueFalse = await question('true-false', 'true_false', {}, { value: true });
  const multiple = await question('multiple', 'multiple', { options: ['x', 'y', 'z'].map((id) => ({ id, text: `Choice ${id}` })) }, { optionIds: ['x', 'y'] });
  return { courseId: course.id, quizId: quiz!.id, single, trueFalse, multiple };
}

type Quiz = Awaited<ReturnType<typeof courseWithQuiz>>;
/** One learner's answers: single option, true/false value, multiple option ids (null: unanswered). */
type Answers = [string, boolean, string[] | null];

/** A submitted attempt with these answers, scored right (1) or wrong (0) by the keys above. */
async function attempt(quiz: Quiz, userId: string, [single, tf, multiple]: Answers): Promise<void> {
  const items: [string, unknown, number][] = [
    [quiz.single.versionId, { optionId: single }, single === 'a' ? 1 : 0],
    [quiz.trueFalse.versionId, { value: tf }, tf ? 1 : 0],
    [quiz.multiple.versionId, multiple ? { optionIds: multiple } : null, multiple && [...multiple].sort().join() === 'x,y' ? 1 : 0],
  ];
  const score = items.reduce((s, [, , x]) => s + x, 0);
  const [{ n }] = (await db.query(`SELECT count(*)::int + 1 AS n FROM quiz_attempts WHERE quiz_id = $1 AND user_id = $2`, [quiz.quizId, userId])) as [
    { n: number },
  ];
  const [row] = (await db.query(
    `INSERT INTO quiz_attempts (quiz_id, user_id, number, status, submitted_at, closed_by, score, max_score, percent, passed)
     VALUES ($1, $2, $3, 'submitted', now(), 'learner', $4, 3, $5, $6) RETURNING id`,
    [quiz.quizId, userId, n, score, (100 * score) / 3, score === 3],
  )) as { id: string }[];
  for (const [i, [versionId, answer, itemScore]] of items.entries()) {
    await db.query(`INSERT INTO attempt_items (attempt_id, position, question_version_id, answer, score, max_score) VALUES ($1, $2, $3, $4::jsonb, $5, 1)`, [
      row!.id,
      i + 1,
      versionId,
      answer === null ? null : JSON.stringify(answer),
      itemScore,
    ]);
  }
}

async function cohortOf(admin: SignedIn, orgId: string, name: string, trainer: SignedIn, members: SignedIn[], courseIds: string[]): Promise<string> {
  const created = await call(admin, 'POST', `/api/organisations/${orgId}/cohorts`, { name });
  expect(created.status).toBe(201);
  const id = created.body.id as string;
  expect((await call(admin, 'PUT', `/api/cohorts/${id}/trainers`, { userIds: [trainer.userId] })).status).toBe(200);
  for (const m of members) expect((await call(admin, 'POST', `/api/cohorts/${id}/members`, { email: m.email })).status).toBe(201);
  for (const courseId of courseIds) expect((await call(admin, 'POST', `/api/cohorts/${id}/assignments`, { courseId })).status).toBe(201);
  return id;
}

beforeAll(async () => {
  api = await startApi({
    DATABASE_URL: inject('databaseUrl'),
    REDIS_URL: inject('redisUrl'),
    QUEUE_PREFIX: `${inject('queuePrefix')}-cohort-items`,
    QUEUE_DRIVER: 'inline',
  });
  db = createDataSource({ url: inject('databaseUrl'), poolMax: 3 });
  await db.initialize();
  platformAdmin = await signIn(api.baseUrl, await createVerifiedUser(inject('databaseUrl'), { admin: true }));
});

afterAll(async () => {
  await db?.destroy();
  await api?.close();
});

describe('cohort item analysis', () => {
  let orgId: string;
  let admin: SignedIn;
  let trainerX: SignedIn;
  let trainerY: SignedIn;
  let learners: SignedIn[];
  let outsider: SignedIn;
  let quiz: Quiz;
  let otherQuiz: Quiz;
  let cohortX: string;
  let cohortY: string;
  const path = (cohort: string, quizId: string) => `/api/cohorts/${cohort}/item-analysis?quizId=${quizId}`;

  // Six members of X. Single: a a a b b c (right: a) → half right, B the most chosen wrong answer.
  // True/false: five true, one false. Multiple: x+y right for three, x+z twice, one left unanswered.
  const answers: Answers[] = [
    ['a', true, ['x', 'y']],
    ['a', true, ['x', 'y']],
    ['a', true, ['y', 'x']],
    ['b', true, ['x', 'z']],
    ['b', true, ['x', 'z']],
    ['c', false, null],
  ];

  beforeAll(async () => {
    orgId = (await newOrganisation(db)).id;
    admin = await person(orgId, 'org_admin');
    trainerX = await person(orgId, 'trainer');
    trainerY = await person(orgId, 'trainer');
    learners = [];
    for (let i = 0; i < 6; i++) learners.push(await person(orgId, 'learner'));
    // In the organisation, not in X: their (wrong) answers must not count.
    outsider = await person(orgId, 'learner');
    quiz = await courseWithQuiz();
    otherQuiz = await courseWithQuiz();
    cohortX = await cohortOf(admin, orgId, `X ${randomUUID().slice(0, 6)}`, trainerX, learners, [quiz.courseId]);
    cohortY = await cohortOf(admin, orgId, `Y ${randomUUID().slice(0, 6)}`, trainerY, learners.slice(0, 2), [quiz.courseId]);
    for (const [i, a] of answers.entries()) await attempt(quiz, learners[i]!.userId, a);
    // A second attempt, all right, by the learner who got everything wrong: only the first counts.
    await attempt(quiz, learners[5]!.userId, ['a', true, ['x', 'y']]);
    for (let i = 0; i < 3; i++) await attempt(quiz, outsider.userId, ['c', false, ['z']]);
  });

  it('gives the share right, the most chosen wrong answer and the counts over the members’ first attempts only', async () => {
    const res = await call(trainerX, 'GET', path(cohortX, quiz.quizId));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ cohortId: cohortX, organisationId: orgId, quizId: quiz.quizId, learners: 6, tooFewLearners: false, minLearners: 5 });
    const byId = Object.fromEntries(res.body.questions.map((q: { questionId: string }) => [q.questionId, q]));
    expect(res.body.questions.map((q: { questionId: string }) => q.questionId)).toEqual([quiz.single.id, quiz.trueFalse.id, quiz.multiple.id]);
    expect(byId[quiz.single.id]).toMatchObject({ responses: 6, unanswered: 0, facility: 0.5, prompt: 'Prompt of single', type: 'single' });
    // A trainer is not told which option is right, only which wrong answer was chosen most.
    expect(byId[quiz.single.id].options).toEqual([
      { key: 'a', label: 'Option A', count: 3, share: 0.5, correct: null },
      { key: 'b', label: 'Option B', count: 2, share: 0.333, correct: null },
      { key: 'c', label: 'Option C', count: 1, share: 0.167, correct: null },
    ]);
    expect(byId[quiz.single.id].mostChosenWrong).toEqual({ key: 'b', label: 'Option B', count: 2, share: 0.333, correct: false });
    expect(byId[quiz.trueFalse.id]).toMatchObject({ responses: 6, facility: 0.833, mostChosenWrong: { key: 'false', label: 'False', count: 1 } });
    expect(byId[quiz.multiple.id]).toMatchObject({ responses: 6, unanswered: 1, facility: 0.5, mostChosenWrong: { key: 'z', count: 2, share: 0.333 } });
    expect(byId[quiz.multiple.id].options.map((o: { key: string; count: number }) => [o.key, o.count])).toEqual([
      ['x', 5],
      ['y', 3],
      ['z', 2],
    ]);
    // Platform admins see which option is right, as on the quiz-wide analysis.
    const asAdmin = await call(platformAdmin, 'GET', path(cohortX, quiz.quizId));
    expect(asAdmin.status).toBe(200);
    expect(asAdmin.body.questions[0].options.map((o: { correct: boolean }) => o.correct)).toEqual([true, false, false]);
    expect((await call(admin, 'GET', path(cohortX, quiz.quizId))).status).toBe(200);
  });

  it('computes in SQL the same figures as the quiz engine’s own analysis (in JS) over the same learners', async () => {
    // The organisation's learners who took the quiz are X's six and the outsider: a cohort of all seven.
    const all = await cohortOf(admin, orgId, `All ${randomUUID().slice(0, 6)}`, trainerX, [...learners, outsider], [quiz.courseId]);
    const cohort = (await call(platformAdmin, 'GET', path(all, quiz.quizId))).body;
    const engine = (await call(platformAdmin, 'GET', `/api/quizzes/${quiz.quizId}/analysis?organisationId=${orgId}`)).body;
    expect(cohort.learners).toBe(7);
    expect(engine.learners).toBe(7);
    const pick = (q: Record<string, unknown>) => ({
      questionId: q.questionId,
      responses: q.responses,
      unanswered: q.unanswered,
      facility: q.facility,
      discrimination: q.discrimination,
      upperFacility: q.upperFacility,
      flaggedForReview: q.flaggedForReview,
      flagReasons: q.flagReasons,
      options: q.options,
    });
    const sorted = (qs: { questionId: string }[]) => [...qs].sort((a, b) => a.questionId.localeCompare(b.questionId)).map(pick);
    expect(sorted(cohort.questions)).toEqual(sorted(engine.questions));
    expect(cohort.questions.some((q: { discrimination: number | null }) => q.discrimination !== null)).toBe(true);
  });

  it('counts current members only: a removed member’s answers leave the figures', async () => {
    const members = (await call(admin, 'GET', `/api/cohorts/${cohortX}/members?limit=100`)).body.items as { id: string; userId: string }[];
    const extra = await person(orgId, 'learner');
    await call(admin, 'POST', `/api/cohorts/${cohortX}/members`, { email: extra.email });
    await attempt(quiz, extra.userId, ['c', false, ['z']]);
    expect((await call(trainerX, 'GET', path(cohortX, quiz.quizId))).body.learners).toBe(7);
    const added = ((await call(admin, 'GET', `/api/cohorts/${cohortX}/members?limit=100`)).body.items as { id: string; userId: string }[]).find(
      (m) => m.userId === extra.userId,
    )!;
    expect(members.some((m) => m.userId === extra.userId)).toBe(false);
    expect((await call(admin, 'DELETE', `/api/cohorts/${cohortX}/members/${added.id}`)).status).toBe(204);
    const after = (await call(trainerX, 'GET', path(cohortX, quiz.quizId))).body;
    expect(after.learners).toBe(6);
    expect(after.questions[0]).toMatchObject({ responses: 6, facility: 0.5 });
  });

  it('gives no figure per question when fewer than 5 of the cohort’s learners took the quiz, and says so', async () => {
    const res = await call(trainerY, 'GET', path(cohortY, quiz.quizId));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ learners: 2, tooFewLearners: true, minLearners: 5, questions: [] });
  });

  it('refuses: another cohort’s trainer, a learner, another organisation 404; a quiz not of the cohort’s courses 404; a bad quizId 400 naming it', async () => {
    expect((await call(trainerY, 'GET', path(cohortX, quiz.quizId))).status).toBe(404);
    expect((await call(learners[0]!, 'GET', path(cohortX, quiz.quizId))).status).toBe(404);
    const otherAdmin = await person((await newOrganisation(db)).id, 'org_admin');
    expect((await call(otherAdmin, 'GET', path(cohortX, quiz.quizId))).status).toBe(404);
    expect((await call(trainerX, 'GET', path('not-a-uuid', quiz.quizId))).status).toBe(404);

    const notAssigned = await call(trainerX, 'GET', path(cohortX, otherQuiz.quizId));
    expect(notAssigned.status).toBe(404);
    expect((await call(trainerX, 'GET', path(cohortX, randomUUID()))).status).toBe(404);
    for (const query of ['?quizId=nope', '']) {
      const bad = await call(trainerX, 'GET', `/api/cohorts/${cohortX}/item-analysis${query}`);
      expect(bad.status).toBe(400);
      expect(bad.body.details.fields.map((f: { field: string }) => f.field)).toEqual(['quizId']);
    }
  });
});
