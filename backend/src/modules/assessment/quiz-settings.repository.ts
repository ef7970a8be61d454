import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { GradingMethod, ReviewTiming } from './quiz-settings.dto.js';

export interface QuizFields {
  title: string;
  passMark: number;
  maxAttempts: number | null;
  waitSeconds: number;
  timeLimitSeconds: number | null;
  gradingMethod: GradingMethod;
  reviewPolicy: { score: ReviewTiming; correctness: ReviewTiming; correctAnswers: ReviewTiming; feedback: ReviewTiming };
  closesAt: Date | null;
  shuffleQuestions: boolean;
  shuffleOptions: boolean;
}

export interface SlotFields {
  questionId: string | null;
  tag: string | null;
  drawCount: number | null;
  points: number;
}

export interface QuizRow extends QuizFields {
  id: string;
  moduleId: string;
  moduleSlug: string;
  moduleOrigin: 'content' | 'authored';
  courseId: string | null;
  courseOrganisationId: string | null;
  version: number;
}

export interface SlotRow extends SlotFields {
  position: number;
  prompt: string | null;
}

export interface TailoredCourseRow {
  id: string;
  slug: string;
  organisationId: string | null;
  visibility: 'public' | 'organisation';
  origin: 'content' | 'authored';
  /** The module is in the course's current version. */
  hasModule: boolean;
}

const QUIZ_COLUMNS = `
  z.id, z.module_id AS "moduleId", m.slug AS "moduleSlug", m.origin AS "moduleOrigin", z.course_id AS "courseId", c.organisation_id AS "courseOrganisationId",
  z.title, z.pass_mark AS "passMark", z.max_attempts AS "maxAttempts", z.wait_seconds AS "waitSeconds", z.time_limit_seconds AS "timeLimitSeconds",
  z.grading_method AS "gradingMethod", z.review_policy AS "reviewPolicy", z.closes_at AS "closesAt", z.shuffle_questions AS "shuffleQuestions",
  z.shuffle_options AS "shuffleOptions", z.version`;

const QUIZ_FROM = `FROM quizzes z JOIN modules m ON m.id = z.module_id LEFT JOIN courses c ON c.id = z.course_id`;

/** Quiz settings and slots (quizzes, quiz_slots) as authors and tailored courses' trainers write them. */
@Injectable()
export class QuizSettingsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async findQuiz(id: string): Promise<QuizRow | null> {
    const rows: QuizRow[] = await this.db.query(`SELECT ${QUIZ_COLUMNS} ${QUIZ_FROM} WHERE z.id = $1`, [id]);
    return rows[0] ?? null;
  }

  /** The module's own quiz (course_id null), or a tailored course's quiz of the module. */
  async quizOf(moduleId: string, courseId: string | null): Promise<QuizRow | null> {
    const rows: QuizRow[] = await this.db.query(
      `SELECT ${QUIZ_COLUMNS} ${QUIZ_FROM} WHERE z.module_id = $1 AND z.course_id IS NOT DISTINCT FROM $2::uuid ORDER BY z.id LIMIT 1`,
      [moduleId, courseId],
    );
    return rows[0] ?? null;
  }

  slotsOf(quizId: string): Promise<SlotRow[]> {
    return this.db.query(
      `SELECT s.position, s.question_id AS "questionId", s.tag, s.draw_count AS "drawCount", s.points, v.prompt
         FROM quiz_slots s
         LEFT JOIN questions q ON q.id = s.question_id
         LEFT JOIN question_versions v ON v.id = q.current_version_id
        WHERE s.quiz_id = $1 ORDER BY s.position`,
      [quizId],
    );
  }

  tagCounts(moduleId: string): Promise<{ tag: string; count: number }[]> {
    return this.db.query(
      `SELECT t.tag, count(*)::int AS count FROM questions q, unnest(q.tags) AS t(tag)
        WHERE q.module_id = $1 AND q.retired_at IS NULL GROUP BY t.tag ORDER BY t.tag`,
      [moduleId],
    );
  }

  /** The module's live questions: id and tags. */
  liveQuestions(moduleId: string): Promise<{ id: string; tags: string[] }[]> {
    return this.db.query(`SELECT id, tags FROM questions WHERE module_id = $1 AND retired_at IS NULL`, [moduleId]);
  }

  async findModule(id: string): Promise<{ id: string; slug: string; title: string; origin: 'content' | 'authored' } | null> {
    const rows = (await this.db.query(`SELECT id, slug, title, origin FROM modules WHERE id = $1 AND retired_at IS NULL`, [id])) as {
      id: string;
      slug: string;
      title: string;
      origin: 'content' | 'authored';
    }[];
    return rows[0] ?? null;
  }

  async findCourse(slug: string, moduleId: string): Promise<TailoredCourseRow | null> {
    const rows: TailoredCourseRow[] = await this.db.query(
      `SELECT c.id, c.slug, c.organisation_id AS "organisationId", c.visibility, c.origin,
              EXISTS (SELECT 1 FROM course_modules cm WHERE cm.course_version_id = c.current_version_id AND cm.module_id = $2) AS "hasModule"
         FROM courses c WHERE c.slug = $1 AND c.retired_at IS NULL`,
      [slug, moduleId],
    );
    return rows[0] ?? null;
  }

  private async writeSlots(tx: EntityManager, quizId: string, slots: SlotFields[]): Promise<void> {
    await tx.query(`DELETE FROM quiz_slots WHERE quiz_id = $1`, [quizId]);
    for (const [i, s] of slots.entries()) {
      await tx.query(`INSERT INTO quiz_slots (quiz_id, position, question_id, tag, draw_count, points) VALUES ($1, $2, $3, $4, $5, $6)`, [
        quizId,
        i + 1,
        s.questionId,
        s.tag,
        s.drawCount,
        s.points,
      ]);
    }
  }

  private fieldParams(f: QuizFields): unknown[] {
    return [
      f.title,
      f.passMark,
      f.maxAttempts,
      f.waitSeconds,
      f.timeLimitSeconds,
      f.gradingMethod,
      JSON.stringify(f.reviewPolicy),
      f.closesAt,
      f.shuffleQuestions,
      f.shuffleOptions,
    ];
  }

  /**
   * Saves settings and slots at the version the editor loaded, in one transaction under the
   * quiz's row lock: answers the new version, or the current one when `expected` is stale.
   */
  async save(
    quizId: string,
    expected: number,
    fields: QuizFields,
    slots: SlotFields[],
  ): Promise<{ ok: true; version: number } | { ok: false; currentVersion: number } | null> {
    return this.db.transaction(async (tx) => {
      const rows: { version: number }[] = await tx.query(`SELECT version FROM quizzes WHERE id = $1 FOR UPDATE`, [quizId]);
      if (!rows[0]) return null;
      if (rows[0].version !== expected) return { ok: false as const, currentVersion: rows[0].version };
      const updated: { version: number }[] = await tx.query(
        `UPDATE quizzes SET title = $2, pass_mark = $3, max_attempts = $4, wait_seconds = $5, time_limit_seconds = $6, grading_method = $7,
                review_policy = $8::jsonb, closes_at = $9, shuffle_questions = $10, shuffle_options = $11, version = version + 1, updated_at = now()
          WHERE id = $1 RETURNING version`,
        [quizId, ...this.fieldParams(fields)],
      );
      await this.writeSlots(tx, quizId, slots);
      return { ok: true as const, version: updated[0]!.version };
    });
  }

  /**
   * A quiz for the module (courseId null) or for a tailored course's module, when there is none
   * yet: answers its id, or null when one was made meanwhile (the caller then saves onto it).
   */
  async create(moduleId: string, courseId: string | null, fields: QuizFields, slots: SlotFields[]): Promise<string | null> {
    return this.db.transaction(async (tx) => {
      // One creation at a time per module: the check below cannot race another.
      await tx.query(`SELECT id FROM modules WHERE id = $1 FOR UPDATE`, [moduleId]);
      const existing: { id: string }[] = await tx.query(`SELECT id FROM quizzes WHERE module_id = $1 AND course_id IS NOT DISTINCT FROM $2::uuid`, [
        moduleId,
        courseId,
      ]);
      if (existing[0]) return null;
      const rows: { id: string }[] = await tx.query(
        `INSERT INTO quizzes (module_id, course_id, title, pass_mark, max_attempts, wait_seconds, time_limit_seconds, grading_method, review_policy,
                              closes_at, shuffle_questions, shuffle_options, version)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10, $11, $12, 1) RETURNING id`,
        [moduleId, courseId, ...this.fieldParams(fields)],
      );
      const id = rows[0]!.id;
      await this.writeSlots(tx, id, slots);
      return id;
    });
  }
}
