import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDataSource } from '../src/database.js';
import { runMigrations } from '../src/infra/database/migrate.js';
import { newCourse, newModule, newPublication } from './support/factories.js';
import { createScratchDatabase } from './support/databases.js';

/**
 * CreateAssessment moves the courses module's quiz_questions into the assessment tables. Set up
 * as the database was before it (every migration, then that one undone), with questions in
 * quiz_questions, then apply it.
 */
let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
let ds: DataSource;
let moduleA: string;
let moduleB: string;
let moduleEmpty: string;

const options = (...ids: string[]) => JSON.stringify(ids.map((id) => ({ id, text: `Option ${id}` })));

beforeAll(async () => {
  scratch = await createScratchDatabase(inject('serverUrl'));
  ds = createDataSource({ url: scratch.url, poolMax: 2 });
  await ds.initialize();
  await runMigrations(ds);
  // Back to just before CreateAssessment: undo the later migrations too, newest first.
  for (;;) {
    const [last] = (await ds.query(`SELECT name FROM migrations ORDER BY id DESC LIMIT 1`)) as { name: string }[];
    await ds.undoLastMigration({ transaction: 'each' });
    if (last?.name === 'CreateAssessment1764820000000') break;
  }
  const pub = await newPublication(ds);
  moduleA = (await newModule(ds, { publicationId: pub.id, slug: 'module-a' })).id;
  moduleB = (await newModule(ds, { publicationId: pub.id, slug: 'module-b' })).id;
  moduleEmpty = (await newModule(ds, { publicationId: pub.id, slug: 'module-empty' })).id;
  // module-a is in a course asking 80% (and in one asking 70%): its quiz takes the higher; module-b is in none.
  const strict = await newCourse(ds, { moduleIds: [moduleA] });
  await ds.query('UPDATE course_versions SET pass_mark = 80 WHERE id = $1', [strict.versionId]);
  await newCourse(ds, { moduleIds: [moduleA, moduleEmpty] });
  const rows: [string, string, number | null, string][] = [
    [moduleA, 'q2', 2, 'b'],
    [moduleA, 'q1', 1, 'a'],
    [moduleA, 'q9', null, 'c'],
    [moduleB, 'q1', 1, 'c'],
  ];
  for (const [moduleId, slug, position, correct] of rows) {
    await ds.query(
      `INSERT INTO quiz_questions (module_id, slug, position, prompt, options, correct_option_id, explanation, source, content_hash, retired_at)
       VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7, $8::jsonb, 'h', $9)`,
      [
        moduleId,
        slug,
        position,
        `Prompt ${slug}?`,
        options('a', 'b', 'c'),
        correct,
        `Because ${slug}`,
        JSON.stringify({ publication: 'p', passage: `passage ${slug}` }),
        position === null ? new Date() : null,
      ],
    );
  }
  // CreateAssessment first, then the later ones again.
  expect((await runMigrations(ds)).applied[0]).toBe('CreateAssessment1764820000000');
});
afterAll(async () => {
  await ds?.destroy();
  await scratch?.drop();
});

describe('CreateAssessment migration', () => {
  it('moves every question (retired ones too) with its id, as a single-choice version 1', async () => {
    const moved = await ds.query(
      `SELECT q.slug, q.module_id AS "moduleId", q.origin, q.retired_at IS NOT NULL AS retired, v.version, v.type, v.prompt,
              v.definition, v.answer_key AS "answerKey", v.general_feedback AS "generalFeedback", v.source
         FROM questions q JOIN question_versions v ON v.id = q.current_version_id
        ORDER BY q.module_id = $1 DESC, q.slug`,
      [moduleA],
    );
    expect(moved).toHaveLength(4);
    expect(moved[0]).toEqual({
      slug: 'q1',
      moduleId: moduleA,
      origin: 'content',
      retired: false,
      version: 1,
      type: 'single',
      prompt: 'Prompt q1?',
      definition: {
        options: [
          { id: 'a', text: 'Option a' },
          { id: 'b', text: 'Option b' },
          { id: 'c', text: 'Option c' },
        ],
      },
      answerKey: { optionId: 'a', optionFeedback: {} },
      generalFeedback: 'Because q1',
      source: { publication: 'p', passage: 'passage q1' },
    });
    expect(moved.map((m: { slug: string; retired: boolean }) => [m.slug, m.retired])).toEqual([
      ['q1', false],
      ['q2', false],
      ['q9', true],
      ['q1', false],
    ]);
  });

  it('gives each module with live questions one quiz: the courses’ highest pass mark (else 70), its live questions as fixed slots in their old order', async () => {
    const quizzes = await ds.query(
      `SELECT z.id, z.module_id AS "moduleId", z.course_id AS "courseId", z.pass_mark AS "passMark", z.max_attempts AS "maxAttempts",
              z.time_limit_seconds AS "timeLimitSeconds", z.grading_method AS "gradingMethod", z.review_policy AS "reviewPolicy"
         FROM quizzes z ORDER BY z.module_id = $1 DESC`,
      [moduleA],
    );
    expect(quizzes.map((z: { moduleId: string; passMark: number }) => [z.moduleId, z.passMark])).toEqual([
      [moduleA, 80],
      [moduleB, 70],
    ]);
    expect(quizzes[0]).toMatchObject({ courseId: null, maxAttempts: null, timeLimitSeconds: null, gradingMethod: 'highest' });
    expect(quizzes[0].reviewPolicy).toEqual({ score: 'immediately', correctness: 'immediately', correctAnswers: 'immediately', feedback: 'immediately' });
    const slots = await ds.query(
      `SELECT s.position, q.slug, s.points, s.tag FROM quiz_slots s JOIN questions q ON q.id = s.question_id WHERE s.quiz_id = $1 ORDER BY s.position`,
      [quizzes[0].id],
    );
    expect(slots).toEqual([
      { position: 1, slug: 'q1', points: 1, tag: null },
      { position: 2, slug: 'q2', points: 1, tag: null },
    ]);
    expect(await ds.query('SELECT 1 FROM quizzes WHERE module_id = $1', [moduleEmpty])).toEqual([]);
  });

  it('drops quiz_questions', async () => {
    expect(await ds.query(`SELECT to_regclass('quiz_questions') AS t`)).toEqual([{ t: null }]);
  });
});
