import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { AnswerKey, AnswerValue, ClosedBy, QuestionDefinition, QuestionType } from './assessment.types.js';
import { isOverdue } from './attempt-rules.js';
import { scoreAnswer } from './scoring.js';

interface GradingRow {
  id: string;
  type: QuestionType;
  definition: QuestionDefinition;
  answerKey: AnswerKey;
  answer: AnswerValue | null;
  maxScore: number;
}

/** Rounded to 4 decimal places, so 1/3 + 1/3 + 1/3 sums to 1 and stored scores compare equal. */
const round = (n: number) => Math.round(n * 10_000) / 10_000;

/** Attempts and their items: the queries, including grading, which runs in the caller's transaction. */
@Injectable()
export class AttemptsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * Grades an attempt that the caller has locked (SELECT ... FOR UPDATE) and found in progress:
   * scores every item from its saved answer, then marks the attempt submitted with its totals.
   */
  async grade(m: EntityManager, attemptId: string, closedBy: ClosedBy): Promise<void> {
    const items: GradingRow[] = await m.query(
      `SELECT ai.id, v.type, v.definition, v.answer_key AS "answerKey", ai.answer, ai.max_score AS "maxScore"
         FROM attempt_items ai JOIN question_versions v ON v.id = ai.question_version_id
        WHERE ai.attempt_id = $1 ORDER BY ai.position`,
      [attemptId],
    );
    const scores = items.map((i) => round(scoreAnswer(i.type, i.definition, i.answerKey, i.answer) * i.maxScore));
    if (items.length) {
      await m.query(`UPDATE attempt_items ai SET score = s.score FROM unnest($1::uuid[], $2::float8[]) AS s(id, score) WHERE ai.id = s.id`, [
        items.map((i) => i.id),
        scores,
      ]);
    }
    const score = round(scores.reduce((a, b) => a + b, 0));
    await m.query(
      `UPDATE quiz_attempts a
          SET status = 'submitted', submitted_at = now(), closed_by = $2, score = $3,
              percent = CASE WHEN a.max_score > 0 THEN round((100 * $3 / a.max_score)::numeric, 2)::float8 ELSE 0 END,
              passed = (CASE WHEN a.max_score > 0 THEN 100 * $3 / a.max_score ELSE 0 END) >= z.pass_mark,
              version = a.version + 1
         FROM quizzes z
        WHERE a.id = $1 AND z.id = a.quiz_id`,
      [attemptId, closedBy, score],
    );
  }

  /**
   * Closes and grades the attempt if it is still in progress and past its deadline and grace.
   * Answers whether it did. Safe to run twice or concurrently with a submit: the row lock
   * makes one of them grade, and the other sees it submitted.
   */
  closeIfOverdue(attemptId: string, now: Date = new Date()): Promise<boolean> {
    return this.db.transaction(async (m) => {
      const [row] = (await m.query(`SELECT status, deadline_at AS "deadlineAt" FROM quiz_attempts WHERE id = $1 FOR UPDATE`, [attemptId])) as {
        status: string;
        deadlineAt: Date | null;
      }[];
      if (!row || row.status !== 'in_progress' || !isOverdue(row.deadlineAt, now)) return false;
      await this.grade(m, attemptId, 'time_limit');
      return true;
    });
  }
}
