import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDataSource } from '../src/database.js';
import { runMigrations } from '../src/infra/database/migrate.js';
import { questionBankImport } from '../src/modules/assessment/index.js';
import { ContentValidationError, importContent } from '../src/modules/courses/index.js';
import { DEFAULT_CONTENT_DIR } from '../src/modules/courses/content/content.loader.js';
import { createVerifiedUser } from './support/admin.js';
import { createScratchDatabase } from './support/databases.js';

/**
 * Issue #9's question bank import: backend/content/quizzes written into questions,
 * question_versions, quizzes and quiz_slots in the content import's one transaction; unchanged
 * files write nothing; a changed question that has attempts gets a new version; removed
 * questions retire; a private bank replaces the public quiz of its module; a bad quiz file
 * imports nothing at all. A database of its own: the counts start from an empty one.
 */

const ILO = 'ending-forced-labour-2030';
const HOMELESSNESS = 'modern-slavery-homelessness';

let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
let source: DataSource;
let db: pg.Client;
const dirs: string[] = [];

/** A copy of backend/content to edit. */
async function contentCopy(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'htmse-quiz-content-'));
  dirs.push(dir);
  await cp(DEFAULT_CONTENT_DIR, dir, { recursive: true });
  return dir;
}

async function edit(path: string, from: string | RegExp, to: string): Promise<void> {
  const text = await readFile(path, 'utf8');
  const next = text.replace(from, to);
  expect(next, `${path}: ${String(from)} found`).not.toBe(text);
  await writeFile(path, next);
}

const importAll = (dir: string = DEFAULT_CONTENT_DIR, privateDir?: string) => importContent(source, dir, [questionBankImport({ privateDir })]);

interface QuestionRow {
  slug: string;
  type: string;
  version: number;
  versions: number;
  retired: boolean;
  definition: Record<string, unknown>;
  answer_key: Record<string, unknown>;
}

async function questionsOf(module: string): Promise<QuestionRow[]> {
  const { rows } = await db.query<QuestionRow>(
    `SELECT q.slug, v.type, v.version, (SELECT count(*)::int FROM question_versions x WHERE x.question_id = q.id) AS versions,
            q.retired_at IS NOT NULL AS retired, v.definition, v.answer_key
       FROM questions q JOIN modules m ON m.id = q.module_id JOIN question_versions v ON v.id = q.current_version_id
      WHERE m.slug = $1 ORDER BY length(q.slug), q.slug`,
    [module],
  );
  return rows;
}

async function slotsOf(module: string): Promise<string[]> {
  const { rows } = await db.query<{ slug: string }>(
    `SELECT q.slug FROM quiz_slots s JOIN quizzes z ON z.id = s.quiz_id JOIN modules m ON m.id = z.module_id JOIN questions q ON q.id = s.question_id
      WHERE m.slug = $1 AND z.course_id IS NULL ORDER BY s.position`,
    [module],
  );
  return rows.map((r) => r.slug);
}

const snapshot = async () =>
  (
    await db.query(
      `SELECT (SELECT count(*) FROM question_versions)::int AS versions,
              (SELECT max(updated_at) FROM questions) AS questions_at,
              (SELECT sum(version) FROM quizzes)::int AS quiz_versions,
              (SELECT max(updated_at) FROM lessons) AS lessons_at`,
    )
  ).rows[0];

beforeAll(async () => {
  scratch = await createScratchDatabase(inject('serverUrl'));
  source = createDataSource({ url: scratch.url, poolMax: 2 });
  await source.initialize();
  await runMigrations(source);
  db = new pg.Client({ connectionString: scratch.url });
  await db.connect();
});

afterAll(async () => {
  await db?.end();
  await source?.destroy();
  await scratch?.drop();
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

describe('the question bank import', () => {
  it('writes every quiz file: questions of all seven types, one version each, a quiz per module with a slot per question', async () => {
    const report = await importAll();
    expect(report.changed).toBe(true);
    expect(report.extensionLines.join('\n')).toMatch(/quiz questions \d+ inserted, 0 updated, 0 new versions, 0 unchanged, 0 retired/);
    const { rows } = await db.query<{ module: string; questions: number; types: number; quizzes: number }>(
      `SELECT m.slug AS module, count(q.id)::int AS questions, count(DISTINCT v.type)::int AS types,
              (SELECT count(*) FROM quizzes z WHERE z.module_id = m.id AND z.course_id IS NULL)::int AS quizzes
         FROM modules m JOIN questions q ON q.module_id = m.id JOIN question_versions v ON v.id = q.current_version_id
        WHERE q.retired_at IS NULL GROUP BY m.id, m.slug ORDER BY m.slug`,
    );
    expect(rows).toHaveLength(5);
    for (const r of rows) {
      expect(r.questions, r.module).toBeGreaterThanOrEqual(8);
      expect(r.types, r.module).toBeGreaterThanOrEqual(4);
      expect(r.quizzes, r.module).toBe(1);
    }
    const types = await db.query<{ type: string }>(`SELECT DISTINCT type FROM question_versions ORDER BY type`);
    expect(types.rows.map((r) => r.type)).toEqual(['matching', 'multiple', 'numeric', 'ordering', 'short_text', 'single', 'true_false']);

    const ilo = await questionsOf(ILO);
    expect(await slotsOf(ILO)).toEqual(ilo.map((q) => q.slug));
    expect(ilo.every((q) => q.version === 1 && q.versions === 1 && !q.retired)).toBe(true);
    // The learner's part never holds the key: no answer fields and no feedback in definition.
    for (const q of ilo) {
      const shown = JSON.stringify(q.definition);
      expect(shown, q.slug).not.toMatch(/optionId|optionIds|"value"|tolerance|accepted|pairs|"order"|[Ff]eedback|match/);
    }
    const numeric = ilo.find((q) => q.type === 'numeric')!;
    expect(numeric.answer_key).toEqual({ value: 4, tolerance: 0 });
    expect(numeric.definition).toEqual({ unit: 'million people' });
    const quiz = await db.query(`SELECT z.title, z.pass_mark, z.review_policy FROM quizzes z JOIN modules m ON m.id = z.module_id WHERE m.slug = $1`, [ILO]);
    expect(quiz.rows[0]).toMatchObject({ title: 'Quiz: Ending forced labour by 2030', pass_mark: 70, review_policy: { correctAnswers: 'immediately' } });
  });

  it('writes nothing when run again with unchanged files', async () => {
    const before = await snapshot();
    const report = await importAll();
    expect(report.changed).toBe(false);
    expect(report.extensionLines.join('\n')).toMatch(/quiz questions 0 inserted, 0 updated, 0 new versions, \d+ unchanged, 0 retired/);
    expect(await snapshot()).toEqual(before);
  });

  it('updates an unattempted question in place, versions an attempted one, and leaves attempts on the version they were given', async () => {
    const dir = await contentCopy();
    const file = join(dir, 'quizzes', `${ILO}.yaml`);
    await edit(file, 'prompt: What does the ILO review aim to do?', 'prompt: According to its summary, what does the ILO review aim to do?');
    await edit(file, 'Put these in date order, the earliest first.', 'Put these in date order, starting with the earliest.');

    // A learner was given q5 (ordering) before the change.
    const user = await createVerifiedUser(scratch.url);
    const { rows: given } = await db.query<{ quiz_id: string; version_id: string }>(
      `SELECT z.id AS quiz_id, q.current_version_id AS version_id FROM quizzes z JOIN modules m ON m.id = z.module_id
         JOIN questions q ON q.module_id = m.id AND q.slug = 'q5' WHERE m.slug = $1 AND z.course_id IS NULL`,
      [ILO],
    );
    const attempt = await db.query<{ id: string }>(`INSERT INTO quiz_attempts (quiz_id, user_id, number, max_score) VALUES ($1, $2, 1, 1) RETURNING id`, [
      given[0]!.quiz_id,
      user.userId,
    ]);
    await db.query(`INSERT INTO attempt_items (attempt_id, position, question_version_id, max_score) VALUES ($1, 1, $2, 1)`, [
      attempt.rows[0]!.id,
      given[0]!.version_id,
    ]);

    const report = await importAll(dir);
    expect(report.extensionLines.join('\n')).toMatch(/quiz questions 0 inserted, 1 updated, 1 new versions/);
    const ilo = await questionsOf(ILO);
    const q5 = ilo.find((q) => q.slug === 'q5')!;
    const q10 = ilo.find((q) => q.slug === 'q10')!;
    expect([q5.version, q5.versions]).toEqual([2, 2]);
    expect([q10.version, q10.versions]).toEqual([1, 1]);
    const kept = await db.query(
      `SELECT v.version, v.prompt FROM attempt_items ai JOIN question_versions v ON v.id = ai.question_version_id WHERE ai.attempt_id = $1`,
      [attempt.rows[0]!.id],
    );
    expect(kept.rows).toEqual([{ version: 1, prompt: 'Put these in date order, the earliest first.' }]);
    // Importing the same changed files again writes nothing more.
    expect((await importAll(dir)).changed).toBe(false);
  });

  it('retires a question removed from its file, takes it out of the quiz, and brings it back when it returns', async () => {
    const dir = await contentCopy();
    const file = join(dir, 'quizzes', `${HOMELESSNESS}.yaml`);
    const original = await readFile(file, 'utf8');
    const start = original.indexOf('  - id: q10\n');
    expect(start).toBeGreaterThan(0);
    await writeFile(file, original.slice(0, start));

    const report = await importAll(dir);
    expect(report.extensionLines.join('\n')).toMatch(/1 retired/);
    expect((await questionsOf(HOMELESSNESS)).find((q) => q.slug === 'q10')?.retired).toBe(true);
    expect(await slotsOf(HOMELESSNESS)).not.toContain('q10');

    await importAll();
    expect((await questionsOf(HOMELESSNESS)).find((q) => q.slug === 'q10')?.retired).toBe(false);
    expect((await slotsOf(HOMELESSNESS)).at(-1)).toBe('q10');
  });

  it('lets a private bank replace the public quiz of its module, and leaves the other modules alone', async () => {
    const bank = await mkdtemp(join(tmpdir(), 'htmse-private-bank-'));
    dirs.push(bank);
    const publicFile = await readFile(join(DEFAULT_CONTENT_DIR, 'quizzes', `${HOMELESSNESS}.yaml`), 'utf8');
    // The private quiz keeps three of the public questions under new ids and a stricter setting.
    const privateFile = publicFile
      .replace(/pass_mark: 70/, 'pass_mark: 80')
      .replace(/max_attempts: null/, 'max_attempts: 2')
      .replace(/ {2}- id: q4\n[\s\S]*$/, '')
      .replace(/- id: q(\d)\n {4}type/g, '- id: exam-$1\n    type');
    await writeFile(join(bank, `${HOMELESSNESS}.yaml`), privateFile);
    const othersBefore = await questionsOf(ILO);

    await importAll(DEFAULT_CONTENT_DIR, bank);
    const live = (await questionsOf(HOMELESSNESS)).filter((q) => !q.retired).map((q) => q.slug);
    expect(live.sort()).toEqual(['exam-1', 'exam-2', 'exam-3']);
    expect(await slotsOf(HOMELESSNESS)).toEqual(['exam-1', 'exam-2', 'exam-3']);
    const quiz = await db.query(`SELECT z.pass_mark, z.max_attempts FROM quizzes z JOIN modules m ON m.id = z.module_id WHERE m.slug = $1`, [HOMELESSNESS]);
    expect(quiz.rows[0]).toEqual({ pass_mark: 80, max_attempts: 2 });
    expect(await questionsOf(ILO)).toEqual(othersBefore);

    // Back to the public bank: its questions return, the private ones retire.
    await importAll();
    expect((await questionsOf(HOMELESSNESS)).filter((q) => q.retired).map((q) => q.slug)).toEqual(['exam-1', 'exam-2', 'exam-3']);
  });

  it('imports nothing at all, lessons included, when a quiz file has a problem, and names its file and line', async () => {
    const dir = await contentCopy();
    await edit(join(dir, 'modules', `${ILO}.yaml`), 'title: What it means for practice', 'title: What it means for your practice');
    await edit(join(dir, 'quizzes', `${ILO}.yaml`), 'answer: 4\n', 'answer: 5\n');
    const before = await snapshot();
    const error: unknown = await importAll(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContentValidationError);
    expect((error as Error).message).toMatch(
      /quizzes\/ending-forced-labour-2030\.yaml:\d+: question q2: answer: the number 5 does not appear in the source text of ending-forced-labour-by-2030/,
    );
    expect(await snapshot()).toEqual(before);
    const lesson = await db.query(`SELECT count(*)::int AS n FROM lessons WHERE title = 'What it means for your practice'`);
    expect(lesson.rows[0].n).toBe(0);
  });

  it('refuses a private bank directory that does not exist, before writing anything', async () => {
    const before = await snapshot();
    await expect(importAll(DEFAULT_CONTENT_DIR, join(tmpdir(), 'no-such-question-bank'))).rejects.toThrow(/question bank directory not found/);
    expect(await snapshot()).toEqual(before);
  });
});
