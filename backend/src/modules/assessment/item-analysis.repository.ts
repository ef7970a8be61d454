import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { QuestionAnswerKey, QuestionDefinition } from './question-input.js';

/** At most this many learners' attempts are analysed (the most recent first attempts): the work is bounded. */
export const MAX_ANALYSED_ATTEMPTS = 5000;

export interface AnalysisQuiz {
  id: string;
  title: string;
  courseOrganisationId: string | null;
}

export interface AnalysisItemRow {
  attemptId: string;
  questionId: string;
  type: string;
  score: number | null;
  maxScore: number;
  answer: unknown;
}

export interface AnalysisQuestionRow {
  id: string;
  slug: string;
  type: string;
  prompt: string;
  definition: QuestionDefinition;
  answerKey: QuestionAnswerKey;
  source: { publication: string; passage: string };
}

@Injectable()
export class ItemAnalysisRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async findQuiz(id: string): Promise<AnalysisQuiz | null> {
    const rows: AnalysisQuiz[] = await this.db.query(
      `SELECT z.id, z.title, c.organisation_id AS "courseOrganisationId" FROM quizzes z LEFT JOIN courses c ON c.id = z.course_id WHERE z.id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }

  /**
   * Each learner's first submitted attempt of the quiz (a later attempt is practised on the
   * review, so it measures the question less well), limited to members of the organisation when
   * given; the items of those attempts.
   */
  async items(quizId: string, organisationId: string | null): Promise<{ rows: AnalysisItemRow[]; attempts: number; truncated: boolean }> {
    const attempts: { id: string }[] = await this.db.query(
      `SELECT id FROM (
         SELECT DISTINCT ON (a.user_id) a.id, a.submitted_at
           FROM quiz_attempts a
          WHERE a.quiz_id = $1 AND a.status = 'submitted'
            AND ($2::uuid IS NULL OR EXISTS (SELECT 1 FROM memberships ms WHERE ms.user_id = a.user_id AND ms.organisation_id = $2))
          ORDER BY a.user_id, a.number
       ) firsts ORDER BY submitted_at DESC, id LIMIT ${MAX_ANALYSED_ATTEMPTS + 1}`,
      [quizId, organisationId],
    );
    const truncated = attempts.length > MAX_ANALYSED_ATTEMPTS;
    const ids = attempts.slice(0, MAX_ANALYSED_ATTEMPTS).map((a) => a.id);
    if (ids.length === 0) return { rows: [], attempts: 0, truncated };
    const rows: AnalysisItemRow[] = await this.db.query(
      `SELECT ai.attempt_id AS "attemptId", v.question_id AS "questionId", v.type, ai.score::float8 AS score, ai.max_score::float8 AS "maxScore", ai.answer
         FROM attempt_items ai JOIN question_versions v ON v.id = ai.question_version_id
        WHERE ai.attempt_id = ANY($1::uuid[]) ORDER BY ai.attempt_id, ai.position`,
      [ids],
    );
    return { rows, attempts: ids.length, truncated };
  }

  questions(ids: string[]): Promise<AnalysisQuestionRow[]> {
    return this.db.query(
      `SELECT q.id, q.slug, v.type, v.prompt, v.definition, v.answer_key AS "answerKey", v.source
         FROM questions q JOIN question_versions v ON v.id = q.current_version_id WHERE q.id = ANY($1::uuid[])`,
      [ids],
    );
  }
}
