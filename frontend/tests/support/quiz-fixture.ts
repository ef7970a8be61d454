import { createHash } from 'node:crypto';
import pg from 'pg';

/**
 * A quiz with one question of each of the seven types, for the quiz browser tests, written in
 * SQL into the module quiz of "behaviour-change-campaigns" (a module only the Foundations course
 * uses, so the other browser tests' courses are untouched). Every question tests a fact of the
 * module's publication, with its passage copied verbatim from the publication's source_text.
 * No shuffling, so a keyboard path through the questions is the same every run.
 */

export const MODULE_SLUG = 'behaviour-change-campaigns';
export const COURSE_PATH = '/courses/foundations';
const PUBLICATION = 'behaviour-change-communications-campaigns';

interface FixtureQuestion {
  slug: string;
  type: 'single' | 'multiple' | 'true_false' | 'numeric' | 'short_text' | 'matching' | 'ordering';
  prompt: string;
  definition: Record<string, unknown>;
  answerKey: Record<string, unknown>;
  feedback: string;
  passage: string;
}

export const QUESTIONS: FixtureQuestion[] = [
  {
    slug: 'ui-norms',
    type: 'single',
    prompt: 'Which kind of norms does the Freedom Fund review say Behaviour Change Campaigns should focus on?',
    definition: {
      options: [
        { id: 'a', text: 'Descriptive norms' },
        { id: 'b', text: 'Injunctive norms' },
        { id: 'c', text: 'Legal norms' }
      ]
    },
    answerKey: {
      optionId: 'b',
      optionFeedback: { a: 'The review says the focus should not be on descriptive norms.', b: 'Yes: injunctive, not descriptive.' }
    },
    feedback: 'The first main finding: the focus needs to be on injunctive not descriptive norms.',
    passage: 'The focus needs to be on injunctive not descriptive norms;'
  },
  {
    slug: 'ui-issues',
    type: 'multiple',
    prompt: 'Which issues had the campaigns in the review targeted? Choose every one the paper names.',
    definition: {
      options: [
        { id: 'a', text: 'Child abuse' },
        { id: 'b', text: 'Violence against women' },
        { id: 'c', text: 'Sexual violence' },
        { id: 'd', text: 'Forced marriage' }
      ]
    },
    answerKey: { optionIds: ['a', 'b', 'c'], optionFeedback: { d: 'Forced marriage is not among the issues this paper names.' } },
    feedback: 'The paper names child abuse, violence against women and sexual violence.',
    passage: 'The paper reviews Behaviour Change Campaigns which have targeted issues such as child abuse, violence against women, and sexual violence'
  },
  {
    slug: 'ui-adverse',
    type: 'true_false',
    prompt: 'The review found some evidence that Behaviour Change Campaigns can have adverse effects.',
    definition: {},
    answerKey: { value: true, optionFeedback: { false: 'The review does report some evidence of adverse effects.' } },
    feedback: 'Campaigns often bring about positive change, but there is some evidence of adverse effects.',
    passage:
      'Campaigns often succeed in bringing about positive change in the targeted individuals. However, there is some evidence that adverse effects can result.'
  },
  {
    slug: 'ui-studies',
    type: 'numeric',
    prompt: 'How many different studies did the paper draw on?',
    definition: { unit: 'studies' },
    answerKey: { value: 28, tolerance: 0 },
    feedback: 'The paper drew on twenty-eight different studies.',
    passage: 'This paper has drawn on 28 different studies.'
  },
  {
    slug: 'ui-city',
    type: 'short_text',
    prompt: 'The review was meant to help develop a future campaign in which city?',
    definition: {},
    answerKey: { accepted: ['Kathmandu'] },
    feedback: 'A future campaign that might tackle modern slavery and child sexual exploitation there.',
    passage: 'in an effort to develop a future campaign that might tackle modern slavery and child sexual exploitation in Kathmandu'
  },
  {
    slug: 'ui-facts',
    type: 'matching',
    prompt: 'Match each fact about the paper to what the library page says.',
    definition: {
      items: [
        { id: 'who', text: 'Who published the paper' },
        { id: 'when', text: 'When the report was released' }
      ],
      choices: [
        { id: 'jan', text: 'January 2019' },
        { id: 'ilo', text: 'International Labour Organization' },
        { id: 'ff', text: 'The Freedom Fund' }
      ]
    },
    answerKey: { pairs: { who: 'ff', when: 'jan' } },
    feedback: 'The Freedom Fund published it; it was released in January 2019.',
    passage: 'The report was released in January 2019, and can be found here.'
  },
  {
    slug: 'ui-findings-order',
    type: 'ordering',
    prompt: 'Put these main findings in the order the paper lists them.',
    definition: {
      items: [
        { id: 'eval', text: 'Evaluation must be embedded from the onset' },
        { id: 'norms', text: 'Focus on injunctive not descriptive norms' },
        { id: 'mediums', text: 'Effective in a wide variety of mediums' }
      ]
    },
    answerKey: { order: ['norms', 'mediums', 'eval'] },
    feedback: 'Norms first, then mediums, then (after adverse effects) evaluation.',
    passage: 'Evaluation must be embedded from the onset of the Behavioural Change Campaign.'
  }
];

/** Texts only the answer key and feedback hold: none may reach a page before submission. */
export const KEY_TEXTS = [
  'Kathmandu',
  ...QUESTIONS.map((q) => q.feedback),
  ...QUESTIONS.flatMap((q) => Object.values((q.answerKey.optionFeedback as Record<string, string> | undefined) ?? {}))
];

export const PASS_MARK = 70;
export const TIME_LIMIT_SECONDS = 3600;

/** Writes the questions and makes them the module quiz's slots; answers the quiz's id. */
export async function seedQuiz(databaseUrl: string): Promise<{ quizId: string; moduleTitle: string }> {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    await db.query('BEGIN');
    const module = await db.query<{ id: string; title: string }>('SELECT id, title FROM modules WHERE slug = $1', [MODULE_SLUG]);
    if (module.rowCount !== 1) throw new Error(`module ${MODULE_SLUG} is not in the database`);
    const { id: moduleId, title: moduleTitle } = module.rows[0]!;
    const quiz = await db.query<{ id: string }>(
      `INSERT INTO quizzes (module_id, title, pass_mark, max_attempts, wait_seconds, time_limit_seconds, grading_method, review_policy, shuffle_questions, shuffle_options)
       VALUES ($1, $2, $3, NULL, 0, $4, 'highest', $5, false, false)
       ON CONFLICT (module_id) WHERE course_id IS NULL DO UPDATE
         SET title = EXCLUDED.title, pass_mark = EXCLUDED.pass_mark, max_attempts = NULL, wait_seconds = 0, time_limit_seconds = EXCLUDED.time_limit_seconds,
             review_policy = EXCLUDED.review_policy, shuffle_questions = false, shuffle_options = false, closes_at = NULL, version = quizzes.version + 1
       RETURNING id`,
      [
        moduleId,
        moduleTitle,
        PASS_MARK,
        TIME_LIMIT_SECONDS,
        JSON.stringify({ score: 'immediately', correctness: 'immediately', correctAnswers: 'immediately', feedback: 'immediately' })
      ]
    );
    const quizId = quiz.rows[0]!.id;
    await db.query('DELETE FROM quiz_slots WHERE quiz_id = $1', [quizId]);
    for (const [index, q] of QUESTIONS.entries()) {
      const question = await db.query<{ id: string }>(
        `INSERT INTO questions (module_id, slug, origin, tags) VALUES ($1, $2, 'authored', '{ui-test}')
         ON CONFLICT (module_id, slug) DO UPDATE SET updated_at = now() RETURNING id`,
        [moduleId, q.slug]
      );
      const questionId = question.rows[0]!.id;
      const next = await db.query<{ n: number }>('SELECT coalesce(max(version), 0) + 1 AS n FROM question_versions WHERE question_id = $1', [questionId]);
      const hash = createHash('sha256').update(JSON.stringify(q)).digest('hex');
      const version = await db.query<{ id: string }>(
        `INSERT INTO question_versions (question_id, version, type, prompt, definition, answer_key, general_feedback, source, content_hash)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
        [
          questionId,
          next.rows[0]!.n,
          q.type,
          q.prompt,
          JSON.stringify(q.definition),
          JSON.stringify(q.answerKey),
          q.feedback,
          JSON.stringify({ publication: PUBLICATION, passage: q.passage }),
          hash
        ]
      );
      await db.query('UPDATE questions SET current_version_id = $2, retired_at = NULL WHERE id = $1', [questionId, version.rows[0]!.id]);
      await db.query('INSERT INTO quiz_slots (quiz_id, position, question_id, points) VALUES ($1, $2, $3, 1)', [quizId, index + 1, questionId]);
    }
    await db.query('COMMIT');
    return { quizId, moduleTitle };
  } catch (err) {
    await db.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    await db.end();
  }
}
