import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { RegradeAttemptRow, RegradeChange, VersionShape } from './regrade-plan.js';

export interface RegradeQuestion {
  id: string;
  moduleId: string;
  currentVersionId: string;
  version: number;
}

/** At most this many submitted attempts are regraded in one request (bounded work and one transaction's size). */
export const MAX_REGRADE_ATTEMPTS = 20000;

/** The rows a regrade reads and writes (quiz_attempts, attempt_items), always under the attempts' row locks when applying. */
@Injectable()
export class RegradeRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  transaction<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  async findQuestion(id: string): Promise<RegradeQuestion | null> {
    const rows: RegradeQuestion[] = await this.db.query(
      `SELECT q.id, q.module_id AS "moduleId", q.current_version_id AS "currentVersionId", v.version
         FROM questions q JOIN question_versions v ON v.id = q.current_version_id WHERE q.id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }

  async versions(questionId: string, tx?: EntityManager): Promise<Map<string, VersionShape>> {
    const rows: VersionShape[] = await (tx ?? this.db).query(
      `SELECT id, type, definition, answer_key AS "answerKey" FROM question_versions WHERE question_id = $1`,
      [questionId],
    );
    return new Map(rows.map((r) => [r.id, r]));
  }

  /**
   * Submitted attempts holding the question (any version), with all their items. With `tx` the
   * attempts are locked (FOR UPDATE), in id order so two regrades cannot deadlock each other.
   */
  async attemptsWith(questionId: string, tx?: EntityManager): Promise<RegradeAttemptRow[]> {
    const db = tx ?? this.db;
    const attempts: Omit<RegradeAttemptRow, 'items'>[] = await db.query(
      `SELECT a.id AS "attemptId", a.user_id AS "userId", z.pass_mark AS "passMark", a.score::float8 AS score, a.max_score::float8 AS "maxScore",
              a.percent::float8 AS percent, a.passed
         FROM quiz_attempts a JOIN quizzes z ON z.id = a.quiz_id
        WHERE a.status = 'submitted'
          AND EXISTS (SELECT 1 FROM attempt_items ai JOIN question_versions v ON v.id = ai.question_version_id
                       WHERE ai.attempt_id = a.id AND v.question_id = $1)
        ORDER BY a.id
        LIMIT ${MAX_REGRADE_ATTEMPTS}
        ${tx ? 'FOR UPDATE OF a' : ''}`,
      [questionId],
    );
    if (attempts.length === 0) return [];
    const items: (RegradeAttemptRow['items'][number] & { attemptId: string })[] = await db.query(
      `SELECT ai.id AS "itemId", ai.attempt_id AS "attemptId", ai.question_version_id AS "questionVersionId", v.question_id AS "questionId",
              ai.answer, ai.score::float8 AS score, ai.max_score::float8 AS "maxScore"
         FROM attempt_items ai JOIN question_versions v ON v.id = ai.question_version_id
        WHERE ai.attempt_id = ANY($1::uuid[]) ORDER BY ai.attempt_id, ai.position`,
      [attempts.map((a) => a.attemptId)],
    );
    const byAttempt = new Map<string, RegradeAttemptRow['items']>();
    for (const { attemptId, ...item } of items) byAttempt.set(attemptId, [...(byAttempt.get(attemptId) ?? []), item]);
    return attempts.map((a) => ({ ...a, items: byAttempt.get(a.attemptId) ?? [] }));
  }

  /** Writes the plan: items re-scored, compatible items moved to the fixed version, attempts' totals. */
  async apply(tx: EntityManager, currentVersionId: string, changes: RegradeChange[], moved: string[]): Promise<void> {
    const items = changes.flatMap((c) => c.items);
    if (items.length) {
      await tx.query(`UPDATE attempt_items ai SET score = x.score FROM unnest($1::uuid[], $2::float8[]) AS x(id, score) WHERE ai.id = x.id`, [
        items.map((i) => i.itemId),
        items.map((i) => i.score),
      ]);
    }
    if (moved.length) await tx.query(`UPDATE attempt_items SET question_version_id = $2 WHERE id = ANY($1::uuid[])`, [moved, currentVersionId]);
    if (changes.length) {
      await tx.query(
        `UPDATE quiz_attempts a SET score = x.score, percent = x.percent, passed = x.passed
           FROM unnest($1::uuid[], $2::float8[], $3::float8[], $4::boolean[]) AS x(id, score, percent, passed) WHERE a.id = x.id`,
        [changes.map((c) => c.attemptId), changes.map((c) => c.after.score), changes.map((c) => c.after.percent), changes.map((c) => c.after.passed)],
      );
    }
  }
}
