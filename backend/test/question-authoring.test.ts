import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDataSource } from '../src/database.js';
import { runMigrations } from '../src/infra/database/migrate.js';
import { importContent } from '../src/modules/courses/content/content.importer.js';
import { createVerifiedUser, signIn, type SignedIn } from './support/admin.js';
import { startApi, type TestApi } from './support/api.js';
import { createScratchDatabase } from './support/databases.js';

/**
 * Issue #9, the authoring side: the question bank API (every type, the content rules, versions
 * when attempts exist, If-Match), quiz settings (module and tailored course, stale versions),
 * regrading and item analysis, with their refusals. A database of its own with the real content.
 */

const PUBLICATION = 'behaviour-change-communications-campaigns';
const CONTENT_MODULE = 'behaviour-change-campaigns';

let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
let db: pg.Client;
let api: TestApi;
let admin: SignedIn;
/** A verbatim passage of the publication, without figures (so prompts need none). */
let passage: string;
/** A figure written in the publication (a numeric key must come from the source too). */
let figure: number;
let moduleId: string;
let moduleSlug: string;

async function call(who: SignedIn | null, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${api.baseUrl}${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(who ? who.headers : {}), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

async function ok<T = ReturnType<typeof JSON.parse>>(res: Response, status = 200): Promise<T> {
  const text = await res.text();
  expect(res.status, `${res.url}: ${text.slice(0, 400)}`).toBe(status);
  return (text ? JSON.parse(text) : undefined) as T;
}

async function person(): Promise<SignedIn> {
  return signIn(api.baseUrl, await createVerifiedUser(scratch.url));
}

async function member(who: SignedIn, organisationId: string, role: 'learner' | 'trainer' | 'org_admin') {
  await db.query(`INSERT INTO memberships (organisation_id, user_id, role) VALUES ($1, $2, $3)`, [organisationId, who.userId, role]);
}

async function organisation(label: string): Promise<{ id: string }> {
  return ok(await call(admin, 'POST', '/api/organisations', { name: `${label} ${randomUUID().slice(0, 6)}` }), 201);
}

const fields = (body: { details?: { fields?: { field: string }[] } }) => (body.details?.fields ?? []).map((f) => f.field);

/** An authored module of the publication, with its id. */
async function authoredModule(): Promise<{ id: string; slug: string }> {
  const slug = `quiz-module-${randomUUID().slice(0, 8)}`;
  await ok(await call(admin, 'POST', '/api/authoring/modules', { slug, publicationSlug: PUBLICATION, title: `Module ${slug}`, summary: 'S' }), 201);
  const m = await ok<{ id: string }>(await call(admin, 'GET', `/api/authoring/modules/${slug}`));
  return { id: m.id, slug };
}

function single(extra: Record<string, unknown> = {}) {
  return {
    type: 'single',
    prompt: 'Which statement does the report support?',
    tags: ['campaigns'],
    source: { publication: PUBLICATION, passage },
    options: [
      { id: 'a', text: 'The first statement', feedback: 'Yes, as the passage says.' },
      { id: 'b', text: 'The second statement' },
      { id: 'c', text: 'The third statement' },
    ],
    correctOptionIds: ['a'],
    ...extra,
  };
}

async function createQuestion(body: Record<string, unknown>, onModule = moduleId) {
  return ok<{ id: string; version: number; revision: string }>(await call(admin, 'POST', `/api/modules/${onModule}/questions`, body), 201);
}

/** A submitted attempt of `quizId` by `userId` with one item per [versionId, answer, score]. */
async function submittedAttempt(quizId: string, userId: string, items: [string, unknown, number][], passMark = 70): Promise<string> {
  const score = items.reduce((s, [, , x]) => s + x, 0);
  const percent = (100 * score) / items.length;
  const number = Number((await db.query(`SELECT count(*)::int + 1 AS n FROM quiz_attempts WHERE quiz_id = $1 AND user_id = $2`, [quizId, userId])).rows[0].n);
  const {
    rows: [attempt],
  } = await db.query(
    `INSERT INTO quiz_attempts (quiz_id, user_id, number, status, submitted_at, closed_by, score, max_score, percent, passed)
     VALUES ($1, $2, $3, 'submitted', now(), 'learner', $4, $5, $6, $7) RETURNING id`,
    [quizId, userId, number, score, items.length, percent, percent >= passMark],
  );
  for (const [i, [versionId, answer, itemScore]] of items.entries()) {
    await db.query(`INSERT INTO attempt_items (attempt_id, position, question_version_id, answer, score, max_score) VALUES ($1, $2, $3, $4::jsonb, $5, 1)`, [
      attempt.id,
      i + 1,
      versionId,
      JSON.stringify(answer),
      itemScore,
    ]);
  }
  return attempt.id as string;
}

const currentVersionId = async (questionId: string) =>
  (await db.query(`SELECT current_version_id AS id FROM questions WHERE id = $1`, [questionId])).rows[0].id as string;

beforeAll(async () => {
  scratch = await createScratchDatabase(inject('serverUrl'));
  const source = createDataSource({ url: scratch.url, poolMax: 2 });
  await source.initialize();
  await runMigrations(source);
  await importContent(source);
  await source.destroy();
  api = await startApi({ DATABASE_URL: scratch.url, REDIS_URL: inject('redisUrl'), QUEUE_PREFIX: inject('queuePrefix'), QUEUE_DRIVER: 'inline' });
  db = new pg.Client({ connectionString: scratch.url });
  await db.connect();
  admin = await signIn(api.baseUrl, await createVerifiedUser(scratch.url, { admin: true }));
  const text: string = (await db.query(`SELECT source_text FROM publications WHERE slug = $1`, [PUBLICATION])).rows[0].source_text;
  passage = text
    .split('\n')
    .map((l) => l.trim())
    .find((l) => l.length > 60 && l.length < 400 && !/\d/.test(l))!;
  expect(passage).toBeDefined();
  figure = Number(/\b[1-9]\d{0,3}\b/.exec(text)![0]);
  ({ id: moduleId, slug: moduleSlug } = await authoredModule());
});

afterAll(async () => {
  await api?.close();
  await db?.end();
  await scratch?.drop();
});

describe('writing questions', () => {
  it('creates a question of every type, each split into a public definition and a private key', async () => {
    const bodies = [
      single(),
      single({ type: 'multiple', correctOptionIds: ['a', 'b'] }),
      { type: 'true_false', prompt: 'The report says this.', source: { publication: PUBLICATION, passage }, correctValue: true, falseFeedback: 'Look again.' },
      { type: 'numeric', prompt: 'How many?', source: { publication: PUBLICATION, passage }, value: figure, tolerance: 0, unit: null },
      { type: 'short_text', prompt: 'Name it.', source: { publication: PUBLICATION, passage }, acceptedAnswers: ['Campaigns', 'campaign'] },
      {
        type: 'matching',
        prompt: 'Match them.',
        source: { publication: PUBLICATION, passage },
        items: [
          { id: 'i1', text: 'Left one' },
          { id: 'i2', text: 'Left two' },
        ],
        choices: [
          { id: 'c1', text: 'Right one' },
          { id: 'c2', text: 'Right two' },
          { id: 'c3', text: 'Right three' },
        ],
        pairs: [
          { itemId: 'i1', choiceId: 'c2' },
          { itemId: 'i2', choiceId: 'c1' },
        ],
      },
      {
        type: 'ordering',
        prompt: 'Put them in order.',
        source: { publication: PUBLICATION, passage },
        items: [
          { id: 'b', text: 'First' },
          { id: 'a', text: 'Second' },
          { id: 'c', text: 'Third' },
        ],
      },
    ];
    for (const body of bodies) {
      const created = await createQuestion(body);
      expect(created.version).toBe(1);
      const got = await ok(await call(admin, 'GET', `/api/questions/${created.id}`));
      expect(got).toMatchObject({ ...body, origin: 'authored', attemptCount: 0 });
    }
    const stored = (
      await db.query(`SELECT v.type, v.answer_key AS key FROM question_versions v JOIN questions q ON q.current_version_id = v.id WHERE q.module_id = $1`, [
        moduleId,
      ])
    ).rows;
    expect(stored.find((r) => r.type === 'single').key).toEqual({ optionId: 'a', optionFeedback: { a: 'Yes, as the passage says.' } });
    expect(stored.find((r) => r.type === 'short_text').key).toEqual({ accepted: ['Campaigns', 'campaign'] });
    expect(stored.find((r) => r.type === 'ordering').key).toEqual({ order: ['b', 'a', 'c'] });
  });

  it('lists a module’s questions without keys for trainers; refuses learners and non-admin writers', async () => {
    const org = await organisation('Listing');
    const [trainer, learner] = [await person(), await person()];
    await member(trainer, org.id, 'trainer');
    await member(learner, org.id, 'learner');
    const list = await ok<{ items: Record<string, unknown>[]; publicationSlug: string }>(await call(trainer, 'GET', `/api/modules/${moduleId}/questions`));
    expect(list.publicationSlug).toBe(PUBLICATION);
    expect(list.items.length).toBeGreaterThanOrEqual(1);
    expect(JSON.stringify(list)).not.toMatch(/correctOptionIds|acceptedAnswers|optionFeedback|"pairs"/);
    await ok(await call(learner, 'GET', `/api/modules/${moduleId}/questions`), 404);
    await ok(await call(trainer, 'POST', `/api/modules/${moduleId}/questions`, single()), 403);
    const q = await createQuestion(single());
    await ok(await call(trainer, 'GET', `/api/questions/${q.id}`), 403);
    await ok(await call(null, 'GET', `/api/questions/${q.id}`), 401);
  });

  it('refuses what the content rules refuse, naming the field, and saves nothing', async () => {
    const before = Number((await db.query(`SELECT count(*)::int AS n FROM questions WHERE module_id = $1`, [moduleId])).rows[0].n);
    const cases: [Record<string, unknown>, string][] = [
      [single({ source: { publication: PUBLICATION, passage: 'These words are not in the publication at all, anywhere.' } }), 'source.passage'],
      [single({ source: { publication: 'ending-forced-labour-2030-no', passage } }), 'source.publication'],
      [single({ correctOptionIds: ['a', 'b'] }), 'correctOptionIds'],
      [single({ prompt: 'Which of the 7777 statements?' }), 'prompt'],
      [single({ prompt: 'Bell \u0007 here' }), 'prompt'],
      [single({ acceptedAnswers: ['x'] }), 'acceptedAnswers'],
      [{ type: 'numeric', prompt: 'How many?', source: { publication: PUBLICATION, passage }, value: figure, tolerance: -1 }, 'tolerance'],
      [
        {
          type: 'ordering',
          prompt: 'Order',
          source: { publication: PUBLICATION, passage },
          items: [
            { id: 'a', text: 'A' },
            { id: 'b', text: 'B' },
          ],
        },
        'items',
      ],
      [{ ...single(), type: 'essay' }, 'type'],
    ];
    for (const [body, field] of cases) {
      const refused = await ok(await call(admin, 'POST', `/api/modules/${moduleId}/questions`, body), 400);
      expect(refused.code).toBe('VALIDATION_FAILED');
      expect(fields(refused), JSON.stringify(body).slice(0, 120)).toContain(field);
    }
    expect(Number((await db.query(`SELECT count(*)::int AS n FROM questions WHERE module_id = $1`, [moduleId])).rows[0].n)).toBe(before);
  });

  it('keeps imported modules read-only (422), like imported lessons', async () => {
    const contentModule = (await db.query(`SELECT id FROM modules WHERE slug = $1`, [CONTENT_MODULE])).rows[0].id as string;
    const refused = await ok(await call(admin, 'POST', `/api/modules/${contentModule}/questions`, single()), 422);
    expect(refused.code).toBe('CONTENT_MANAGED_BY_FILES');
  });
});

describe('editing questions', () => {
  it('needs If-Match; a stale one is 412 and changes nothing', async () => {
    const q = await createQuestion(single());
    const missing = await ok(await call(admin, 'PUT', `/api/questions/${q.id}`, single({ prompt: 'Changed?' })), 400);
    expect(fields(missing)).toEqual(['If-Match']);
    await ok(await call(admin, 'PUT', `/api/questions/${q.id}`, single({ prompt: 'First change' }), { 'if-match': `"${q.revision}"` }));
    await ok(await call(admin, 'PUT', `/api/questions/${q.id}`, single({ prompt: 'Lost change' }), { 'if-match': `"${q.revision}"` }), 412);
    expect((await ok(await call(admin, 'GET', `/api/questions/${q.id}`))).prompt).toBe('First change');
  });

  it('lets one of two concurrent saves of the same revision win; the other is 412 (no lost update)', async () => {
    const q = await createQuestion(single());
    const [one, two] = await Promise.all(
      ['Writer one', 'Writer two'].map((prompt) => call(admin, 'PUT', `/api/questions/${q.id}`, single({ prompt }), { 'if-match': `"${q.revision}"` })),
    );
    expect([one!.status, two!.status].sort()).toEqual([200, 412]);
    const winner = one!.status === 200 ? 'Writer one' : 'Writer two';
    expect((await ok(await call(admin, 'GET', `/api/questions/${q.id}`))).prompt).toBe(winner);
  });

  it('edits in place without attempts, and makes a new version when the current one has attempts (they keep theirs)', async () => {
    const q = await createQuestion(single());
    const inPlace = await ok(await call(admin, 'PUT', `/api/questions/${q.id}`, single({ prompt: 'Typo fixed' }), { 'if-match': `"${q.revision}"` }));
    expect(inPlace).toMatchObject({ version: 1, newVersion: false });

    const quizId = await anyQuizOf(moduleId);
    const v1 = await currentVersionId(q.id);
    const learner = await person();
    const attemptId = await submittedAttempt(quizId, learner.userId, [[v1, { optionId: 'a' }, 1]]);

    const versioned = await ok(
      await call(admin, 'PUT', `/api/questions/${q.id}`, single({ correctOptionIds: ['b'] }), { 'if-match': `"${inPlace.revision}"` }),
    );
    expect(versioned).toMatchObject({ version: 2, newVersion: true, correctOptionIds: ['b'] });
    const kept = (await db.query(`SELECT question_version_id AS v FROM attempt_items WHERE attempt_id = $1`, [attemptId])).rows[0].v;
    expect(kept).toBe(v1);
    expect((await db.query(`SELECT answer_key FROM question_versions WHERE id = $1`, [v1])).rows[0].answer_key).toMatchObject({ optionId: 'a' });
  });

  it('retires a question unless a quiz holds it as a fixed question', async () => {
    const q = await createQuestion(single());
    const quizId = await anyQuizOf(moduleId);
    await db.query(
      `INSERT INTO quiz_slots (quiz_id, position, question_id, points) SELECT $1, coalesce(max(position), 0) + 1, $2, 1 FROM quiz_slots WHERE quiz_id = $1`,
      [quizId, q.id],
    );
    const held = await ok(await call(admin, 'DELETE', `/api/questions/${q.id}`), 409);
    expect(held.details.quizIds).toEqual([quizId]);
    await db.query(`DELETE FROM quiz_slots WHERE question_id = $1`, [q.id]);
    await ok(await call(admin, 'DELETE', `/api/questions/${q.id}`), 204);
    await ok(await call(admin, 'PUT', `/api/questions/${q.id}`, single(), { 'if-match': '*' }), 409);
  });
});

/** The module's quiz, made on first use (the module has live questions by then). */
async function anyQuizOf(id: string): Promise<string> {
  const existing = await ok<{ quizId: string | null }>(await call(admin, 'GET', `/api/modules/${id}/quiz`));
  if (existing.quizId) return existing.quizId;
  return (await ok<{ id: string }>(await call(admin, 'POST', `/api/modules/${id}/quiz`), 201)).id;
}

describe('quiz settings', () => {
  it('saves settings and slots at the version loaded; a stale version is 409 and changes nothing', async () => {
    const quizId = await anyQuizOf(moduleId);
    const settings = await ok(await call(admin, 'GET', `/api/quizzes/${quizId}/settings`));
    expect(settings).toMatchObject({ editable: true, inherited: false, moduleSlug });
    const body = {
      title: 'Campaigns quiz',
      passMark: 80,
      maxAttempts: 3,
      waitSeconds: 60,
      timeLimitSeconds: 600,
      gradingMethod: 'last',
      reviewPolicy: { score: 'immediately', correctness: 'after_close', correctAnswers: 'never', feedback: 'immediately' },
      closesAt: '2030-01-31T17:00:00.000Z',
      shuffleQuestions: false,
      shuffleOptions: true,
      slots: [
        { questionId: settings.slots[0].questionId, points: 2 },
        { tag: 'campaigns', drawCount: 2, points: 1 },
      ],
      version: settings.version,
    };
    const saved = await ok(await call(admin, 'PUT', `/api/quizzes/${quizId}/settings`, body));
    expect(saved).toMatchObject({
      ...body,
      version: settings.version + 1,
      slots: [
        { position: 1, points: 2 },
        { position: 2, tag: 'campaigns', drawCount: 2 },
      ],
    });
    const stale = await ok(await call(admin, 'PUT', `/api/quizzes/${quizId}/settings`, { ...body, passMark: 10 }), 409);
    expect(stale.details.currentVersion).toBe(settings.version + 1);
    expect((await ok(await call(admin, 'GET', `/api/quizzes/${quizId}/settings`))).passMark).toBe(80);
  });

  it('refuses draws the bank cannot meet, slots of another module, and review after a close date that is not set', async () => {
    const quizId = await anyQuizOf(moduleId);
    const s = await ok(await call(admin, 'GET', `/api/quizzes/${quizId}/settings`));
    const base = { ...s, version: s.version, slots: [{ questionId: s.slots[0].questionId, points: 1 }] };
    delete base.id;
    for (const key of ['moduleId', 'moduleSlug', 'courseId', 'editable', 'inherited', 'tags']) delete base[key];
    const tooMany = await ok(
      await call(admin, 'PUT', `/api/quizzes/${quizId}/settings`, { ...base, slots: [{ tag: 'campaigns', drawCount: 20, points: 1 }] }),
      400,
    );
    expect(fields(tooMany)).toEqual(['slots[0].drawCount']);
    const elsewhere = (await db.query(`SELECT id FROM questions WHERE module_id <> $1 LIMIT 1`, [moduleId])).rows[0]?.id ?? randomUUID();
    expect(
      fields(await ok(await call(admin, 'PUT', `/api/quizzes/${quizId}/settings`, { ...base, slots: [{ questionId: elsewhere, points: 1 }] }), 400)),
    ).toEqual(['slots[0].questionId']);
    const review = { ...base, closesAt: null, reviewPolicy: { ...base.reviewPolicy, correctAnswers: 'after_close' } };
    expect(fields(await ok(await call(admin, 'PUT', `/api/quizzes/${quizId}/settings`, review), 400))).toEqual(['closesAt']);
  });

  it('lets a tailored course’s trainers set their own settings, starting from the module’s; others get 404', async () => {
    const quizId = await anyQuizOf(moduleId);
    // The module goes public in a published course, so organisations may use it.
    const publicSlug = `public-${randomUUID().slice(0, 8)}`;
    await ok(await call(admin, 'POST', '/api/authoring/courses', { slug: publicSlug, title: 'Public', moduleSlugs: [moduleSlug], passMark: 50 }), 201);
    await ok(await call(admin, 'POST', `/api/authoring/courses/${publicSlug}/publish`));
    const [orgA, orgB] = [await organisation('Tailor A'), await organisation('Tailor B')];
    const [trainerA, learnerA, trainerB] = [await person(), await person(), await person()];
    await member(trainerA, orgA.id, 'trainer');
    await member(learnerA, orgA.id, 'learner');
    await member(trainerB, orgB.id, 'trainer');
    const course = await ok(
      await call(trainerA, 'POST', `/api/organisations/${orgA.id}/courses`, { title: 'Ours', moduleSlugs: [moduleSlug], passMark: 60 }),
      201,
    );
    const path = `/api/tailored-courses/${course.slug}/modules/${moduleId}/quiz`;

    const inherited = await ok(await call(trainerA, 'GET', path));
    expect(inherited).toMatchObject({ inherited: true, id: null, version: 0 });
    const { id: _id, moduleId: _m, moduleSlug: _s, courseId: _c, editable: _e, inherited: _i, tags: _t, ...rest } = inherited;
    const body = {
      ...rest,
      passMark: 95,
      slots: inherited.slots.map((x: { questionId: string | null; tag: string | null; drawCount: number | null; points: number }) => ({
        questionId: x.questionId,
        tag: x.tag,
        drawCount: x.drawCount,
        points: x.points,
      })),
    };
    const own = await ok(await call(trainerA, 'PUT', path, body));
    expect(own).toMatchObject({ inherited: false, passMark: 95, version: 1 });
    expect(own.id).not.toBe(quizId);
    expect((await ok(await call(admin, 'GET', `/api/quizzes/${quizId}/settings`))).passMark).not.toBe(95);
    // A second first save is stale.
    expect((await ok(await call(trainerA, 'PUT', path, body), 409)).details.currentVersion).toBe(1);
    await ok(await call(learnerA, 'GET', path), 404);
    await ok(await call(trainerB, 'GET', path), 404);
    await ok(await call(trainerB, 'PUT', path, { ...body, version: 1 }), 404);
    // The module's own quiz is the platform admins'.
    await ok(await call(trainerA, 'GET', `/api/quizzes/${quizId}/settings`), 404);
  });
});

describe('item analysis', () => {
  it('computes figures over first submitted attempts, by organisation, for the right people only', async () => {
    const m = await authoredModule();
    const q1 = await createQuestion(single({ tags: [] }), m.id);
    const q2 = await createQuestion(single({ tags: [] }), m.id);
    const quiz = await ok<{ id: string }>(await call(admin, 'POST', `/api/modules/${m.id}/quiz`), 201);
    const [v1, v2] = [await currentVersionId(q1.id), await currentVersionId(q2.id)];
    const [orgA, orgB] = [await organisation('Analysis A'), await organisation('Analysis B')];
    const [trainerA, learnerA, outsider] = [await person(), await person(), await person()];
    await member(trainerA, orgA.id, 'trainer');
    await member(learnerA, orgA.id, 'learner');
    // Five learners in A: q1 right for the three who did well on q2 too; one learner in B.
    const scores: [number, number][] = [
      [1, 1],
      [1, 1],
      [1, 0],
      [0, 0],
      [0, 1],
    ];
    for (const [s1, s2] of scores) {
      const learner = await person();
      await member(learner, orgA.id, 'learner');
      await submittedAttempt(quiz.id, learner.userId, [
        [v1, { optionId: s1 ? 'a' : 'b' }, s1],
        [v2, { optionId: s2 ? 'a' : 'c' }, s2],
      ]);
    }
    const bLearner = await person();
    await member(bLearner, orgB.id, 'learner');
    await submittedAttempt(quiz.id, bLearner.userId, [
      [v1, { optionId: 'a' }, 1],
      [v2, { optionId: 'a' }, 1],
    ]);

    const all = await ok(await call(admin, 'GET', `/api/quizzes/${quiz.id}/analysis`));
    expect(all.learners).toBe(6);
    const onlyA = await ok(await call(trainerA, 'GET', `/api/quizzes/${quiz.id}/analysis?organisationId=${orgA.id}`));
    expect(onlyA.learners).toBe(5);
    const first = onlyA.questions.find((x: { questionId: string }) => x.questionId === q1.id);
    expect(first).toMatchObject({ responses: 5, facility: 0.6, source: { publication: PUBLICATION, passage } });
    expect(first.options).toEqual([
      { key: 'a', label: 'The first statement', count: 3, share: 0.6, correct: null },
      { key: 'b', label: 'The second statement', count: 2, share: 0.4, correct: null },
    ]);
    // Platform admins see which option is right.
    const adminA = await ok(await call(admin, 'GET', `/api/quizzes/${quiz.id}/analysis?organisationId=${orgA.id}`));
    expect(adminA.questions[0].options.find((o: { key: string }) => o.key === 'a').correct).toBe(true);

    expect(fields(await ok(await call(trainerA, 'GET', `/api/quizzes/${quiz.id}/analysis`), 400))).toEqual(['organisationId']);
    await ok(await call(learnerA, 'GET', `/api/quizzes/${quiz.id}/analysis?organisationId=${orgA.id}`), 403);
    await ok(await call(outsider, 'GET', `/api/quizzes/${quiz.id}/analysis?organisationId=${orgA.id}`), 404);
    await ok(await call(trainerA, 'GET', `/api/quizzes/${quiz.id}/analysis?organisationId=${orgB.id}`), 404);
  });
});

describe('regrading', () => {
  it('lists the attempts a fixed key changes, applies it in one go, audited; only platform admins', async () => {
    const m = await authoredModule();
    const q = await createQuestion(single({ tags: [] }), m.id);
    const other = await createQuestion(single({ tags: [] }), m.id);
    const quiz = await ok<{ id: string }>(await call(admin, 'POST', `/api/modules/${m.id}/quiz`), 201);
    const [v1, ov] = [await currentVersionId(q.id), await currentVersionId(other.id)];
    const [choseA, choseB, choseC] = [await person(), await person(), await person()];
    // The key says a; it should have said b.
    const a = await submittedAttempt(quiz.id, choseA.userId, [
      [v1, { optionId: 'a' }, 1],
      [ov, { optionId: 'a' }, 1],
    ]);
    const b = await submittedAttempt(quiz.id, choseB.userId, [
      [v1, { optionId: 'b' }, 0],
      [ov, { optionId: 'a' }, 1],
    ]);
    await submittedAttempt(quiz.id, choseC.userId, [
      [v1, { optionId: 'c' }, 0],
      [ov, { optionId: 'b' }, 0],
    ]);
    const fixed = await ok(
      await call(admin, 'PUT', `/api/questions/${q.id}`, single({ tags: [], correctOptionIds: ['b'] }), { 'if-match': `"${q.revision}"` }),
    );
    expect(fixed.version).toBe(2);

    await ok(await call(choseA, 'POST', `/api/questions/${q.id}/regrade`, { dryRun: true }), 403);
    const dry = await ok(await call(admin, 'POST', `/api/questions/${q.id}/regrade`, { dryRun: true }));
    expect(dry).toMatchObject({ dryRun: true, version: 2, examined: 3, skipped: [] });
    expect(dry.attempts).toEqual(
      expect.arrayContaining([
        // The quiz's pass mark is 70 (a new quiz's default): passed changes with the score.
        { attemptId: a, userId: choseA.userId, before: { score: 2, percent: 100, passed: true }, after: { score: 1, percent: 50, passed: false }, delta: -1 },
        { attemptId: b, userId: choseB.userId, before: { score: 1, percent: 50, passed: false }, after: { score: 2, percent: 100, passed: true }, delta: 1 },
      ]),
    );
    expect(dry.attempts).toHaveLength(2);
    // A dry run saves nothing.
    expect(Number((await db.query(`SELECT score FROM quiz_attempts WHERE id = $1`, [a])).rows[0].score)).toBe(2);

    const applied = await ok(await call(admin, 'POST', `/api/questions/${q.id}/regrade`, { dryRun: false }));
    expect(applied.attempts).toHaveLength(2);
    const rows = (await db.query(`SELECT id, score, percent, passed FROM quiz_attempts WHERE id = ANY($1)`, [[a, b]])).rows;
    expect(rows.find((r) => r.id === a)).toMatchObject({ score: 1, percent: 50, passed: false });
    expect(rows.find((r) => r.id === b)).toMatchObject({ score: 2, percent: 100, passed: true });
    const moved = (
      await db.query(
        `SELECT DISTINCT question_version_id AS v FROM attempt_items WHERE question_version_id IN (SELECT id FROM question_versions WHERE question_id = $1)`,
        [q.id],
      )
    ).rows;
    expect(moved.map((r) => r.v)).toEqual([await currentVersionId(q.id)]);
    const audit = (await db.query(`SELECT actor_user_id, metadata FROM audit_events WHERE action = 'question.regraded' AND target_id = $1`, [q.id])).rows;
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_user_id: admin.userId, metadata: { attemptsChanged: 2 } });
    // Applying again changes nothing more.
    expect((await ok(await call(admin, 'POST', `/api/questions/${q.id}/regrade`, { dryRun: true }))).attempts).toEqual([]);
  });
});
