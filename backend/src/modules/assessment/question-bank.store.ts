import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import {
  DEFAULT_REVIEW_POLICY,
  type AnswerKey,
  type GradingMethod,
  type QuestionDefinition,
  type QuestionSource,
  type QuestionType,
  type ReviewPolicy,
} from './assessment.types.js';

/** A question's wording as a writer (the content import, the authoring API) gives it. */
export interface QuestionInput {
  type: QuestionType;
  prompt: string;
  definition: QuestionDefinition;
  answerKey: AnswerKey;
  generalFeedback: string;
  source: QuestionSource;
  tags: string[];
}

export type QuestionWriteOutcome = 'inserted' | 'updated' | 'versioned' | 'unchanged';

export interface QuizSettingsInput {
  title: string;
  passMark: number;
  maxAttempts?: number | null;
  waitSeconds?: number;
  timeLimitSeconds?: number | null;
  gradingMethod?: GradingMethod;
  reviewPolicy?: ReviewPolicy;
  closesAt?: Date | null;
  shuffleQuestions?: boolean;
  shuffleOptions?: boolean;
}

/** A quiz slot: one fixed question, or drawCount questions drawn from the module's live questions tagged tag. */
export type SlotInput = { questionId: string; points?: number } | { tag: string; drawCount: number; points?: number };

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** What a question version's content_hash covers: everything stored in the version (not the tags, which live on the question). */
export function questionVersionHash(q: Omit<QuestionInput, 'tags'>): string {
  const { type, prompt, definition, answerKey, generalFeedback, source } = q;
  return createHash('sha256')
    .update(canonicalJson({ kind: 'question-version', type, prompt, definition, answerKey, generalFeedback, source }))
    .digest('hex');
}

/**
 * The question bank's writes, on the caller's transaction (the content import runs them inside
 * its own; the authoring API inside its request's). Every write is keyed by (module, slug) and
 * skipped when nothing changed, so running the same import twice writes nothing.
 */
export class QuestionBankStore {
  constructor(private readonly db: EntityManager) {}

  /**
   * Inserts or updates a question by (moduleId, slug). A changed wording becomes a new version
   * when the current one has been given to an attempt (attempts keep the version they were
   * given), else it rewrites the current version in place. Un-retires a retired question.
   */
  async upsertQuestion(
    moduleId: string,
    slug: string,
    input: QuestionInput,
    origin: 'content' | 'authored' = 'content',
  ): Promise<{ id: string; versionId: string; outcome: QuestionWriteOutcome }> {
    const hash = questionVersionHash(input);
    const [existing] = (await this.db.query(
      `SELECT q.id, q.tags, q.retired_at AS "retiredAt", v.id AS "versionId", v.version, v.content_hash AS "contentHash",
              EXISTS (SELECT 1 FROM attempt_items ai WHERE ai.question_version_id = v.id) AS attempted
         FROM questions q LEFT JOIN question_versions v ON v.id = q.current_version_id
        WHERE q.module_id = $1 AND q.slug = $2
        FOR UPDATE OF q`,
      [moduleId, slug],
    )) as {
      id: string;
      tags: string[];
      retiredAt: Date | null;
      versionId: string | null;
      version: number | null;
      contentHash: string | null;
      attempted: boolean;
    }[];
    const versionValues = [
      input.type,
      input.prompt,
      JSON.stringify(input.definition),
      JSON.stringify(input.answerKey),
      input.generalFeedback,
      JSON.stringify(input.source),
      hash,
    ];

    if (!existing) {
      const [q] = (await this.db.query(`INSERT INTO questions (module_id, slug, origin, tags) VALUES ($1, $2, $3, $4) RETURNING id`, [
        moduleId,
        slug,
        origin,
        input.tags,
      ])) as { id: string }[];
      const versionId = await this.insertVersion(q!.id, 1, versionValues);
      await this.db.query('UPDATE questions SET current_version_id = $2 WHERE id = $1', [q!.id, versionId]);
      return { id: q!.id, versionId, outcome: 'inserted' };
    }

    const tagsChanged = canonicalJson(existing.tags) !== canonicalJson(input.tags);
    if (existing.versionId && existing.contentHash === hash) {
      if (!tagsChanged && existing.retiredAt === null) return { id: existing.id, versionId: existing.versionId, outcome: 'unchanged' };
      await this.db.query('UPDATE questions SET tags = $2, retired_at = NULL, updated_at = now() WHERE id = $1', [existing.id, input.tags]);
      return { id: existing.id, versionId: existing.versionId, outcome: 'updated' };
    }
    if (existing.versionId && !existing.attempted) {
      await this.db.query(
        `UPDATE question_versions SET type = $2, prompt = $3, definition = $4::jsonb, answer_key = $5::jsonb, general_feedback = $6, source = $7::jsonb, content_hash = $8
          WHERE id = $1`,
        [existing.versionId, ...versionValues],
      );
      await this.db.query('UPDATE questions SET tags = $2, retired_at = NULL, updated_at = now() WHERE id = $1', [existing.id, input.tags]);
      return { id: existing.id, versionId: existing.versionId, outcome: 'updated' };
    }
    const versionId = await this.insertVersion(existing.id, (existing.version ?? 0) + 1, versionValues);
    await this.db.query('UPDATE questions SET current_version_id = $2, tags = $3, retired_at = NULL, updated_at = now() WHERE id = $1', [
      existing.id,
      versionId,
      input.tags,
    ]);
    return { id: existing.id, versionId, outcome: 'versioned' };
  }

  private async insertVersion(questionId: string, version: number, values: unknown[]): Promise<string> {
    const [row] = (await this.db.query(
      `INSERT INTO question_versions (question_id, version, type, prompt, definition, answer_key, general_feedback, source, content_hash)
       VALUES ($1, $2, $3, $4, $5::jsonb, $6::jsonb, $7, $8::jsonb, $9) RETURNING id`,
      [questionId, version, ...values],
    )) as { id: string }[];
    return row!.id;
  }

  /**
   * Retires the module's questions of this origin whose slug is not in keep (never deletes: attempts
   * point at their versions). Their fixed slots leave the module's quizzes. Answers how many were retired.
   */
  async retireQuestionsExcept(moduleId: string, keep: string[], origin: 'content' | 'authored' = 'content'): Promise<number> {
    const rows = (await this.db.query(
      `UPDATE questions SET retired_at = now(), updated_at = now()
        WHERE module_id = $1 AND origin = $2 AND retired_at IS NULL AND NOT (slug = ANY($3))
        RETURNING id`,
      [moduleId, origin, keep],
    )) as [{ id: string }[], number];
    const ids = rows[0].map((r) => r.id);
    if (ids.length) await this.db.query('DELETE FROM quiz_slots WHERE question_id = ANY($1)', [ids]);
    return ids.length;
  }

  /**
   * The module's own quiz (course_id null), created with these settings if it has none; when it
   * exists, the given settings are written only if they differ (bumping its version). Answers its id.
   */
  async ensureModuleQuiz(moduleId: string, settings: QuizSettingsInput): Promise<{ id: string; outcome: 'inserted' | 'updated' | 'unchanged' }> {
    const s = {
      title: settings.title,
      passMark: settings.passMark,
      maxAttempts: settings.maxAttempts ?? null,
      waitSeconds: settings.waitSeconds ?? 0,
      timeLimitSeconds: settings.timeLimitSeconds ?? null,
      gradingMethod: settings.gradingMethod ?? 'highest',
      reviewPolicy: settings.reviewPolicy ?? DEFAULT_REVIEW_POLICY,
      closesAt: settings.closesAt ?? null,
      shuffleQuestions: settings.shuffleQuestions ?? true,
      shuffleOptions: settings.shuffleOptions ?? true,
    };
    const values = [
      moduleId,
      s.title,
      s.passMark,
      s.maxAttempts,
      s.waitSeconds,
      s.timeLimitSeconds,
      s.gradingMethod,
      JSON.stringify(s.reviewPolicy),
      s.closesAt,
      s.shuffleQuestions,
      s.shuffleOptions,
    ];
    const [inserted] = (await this.db.query(
      `INSERT INTO quizzes (module_id, title, pass_mark, max_attempts, wait_seconds, time_limit_seconds, grading_method, review_policy, closes_at, shuffle_questions, shuffle_options)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $10, $11)
       ON CONFLICT (module_id) WHERE course_id IS NULL DO NOTHING
       RETURNING id`,
      values,
    )) as { id: string }[];
    if (inserted) return { id: inserted.id, outcome: 'inserted' };
    const updated = (await this.db.query(
      `UPDATE quizzes SET title = $2, pass_mark = $3, max_attempts = $4, wait_seconds = $5, time_limit_seconds = $6, grading_method = $7,
              review_policy = $8::jsonb, closes_at = $9, shuffle_questions = $10, shuffle_options = $11, version = version + 1, updated_at = now()
        WHERE module_id = $1 AND course_id IS NULL
          AND (title, pass_mark, max_attempts, wait_seconds, time_limit_seconds, grading_method, review_policy, closes_at, shuffle_questions, shuffle_options)
              IS DISTINCT FROM ($2, $3, $4, $5, $6, $7, $8::jsonb, $9, $10, $11)
        RETURNING id`,
      values,
    )) as [{ id: string }[], number];
    if (updated[0][0]) return { id: updated[0][0].id, outcome: 'updated' };
    const [row] = (await this.db.query('SELECT id FROM quizzes WHERE module_id = $1 AND course_id IS NULL', [moduleId])) as { id: string }[];
    return { id: row!.id, outcome: 'unchanged' };
  }

  /** Replaces the quiz's slots with these, in order, if they differ (bumping the quiz's version). Answers whether anything changed. */
  async setSlots(quizId: string, slots: SlotInput[]): Promise<boolean> {
    const wanted = slots.map((s, i) => ({
      position: i + 1,
      questionId: 'questionId' in s ? s.questionId : null,
      tag: 'tag' in s ? s.tag : null,
      drawCount: 'tag' in s ? s.drawCount : null,
      points: s.points ?? 1,
    }));
    const current = (await this.db.query(
      `SELECT position, question_id AS "questionId", tag, draw_count AS "drawCount", points FROM quiz_slots WHERE quiz_id = $1 ORDER BY position`,
      [quizId],
    )) as typeof wanted;
    if (canonicalJson(current) === canonicalJson(wanted)) return false;
    await this.db.query('DELETE FROM quiz_slots WHERE quiz_id = $1', [quizId]);
    for (const s of wanted) {
      await this.db.query('INSERT INTO quiz_slots (quiz_id, position, question_id, tag, draw_count, points) VALUES ($1, $2, $3, $4, $5, $6)', [
        quizId,
        s.position,
        s.questionId,
        s.tag,
        s.drawCount,
        s.points,
      ]);
    }
    await this.db.query('UPDATE quizzes SET version = version + 1, updated_at = now() WHERE id = $1', [quizId]);
    return true;
  }
}
