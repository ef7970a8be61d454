import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

export interface EnrolmentForCompletion {
  id: string;
  userId: string;
  courseId: string;
  courseVersionId: string;
  validityMonths: number | null;
  timeSpentSeconds: number;
  standingCompletionId: string | null;
}

export interface AffectedEnrolment {
  enrolmentId: string;
  enrolledAt: Date;
  standingCompletionId: string | null;
}

/** Completion records and quiz grades, always inside the caller's transaction. */
@Injectable()
export class CompletionRepository {
  /**
   * The enrolment, locked until the transaction ends (completions of one enrolment are decided one
   * at a time). NO KEY UPDATE: it does not wait for progress writes, whose foreign key takes only a
   * KEY SHARE lock on the enrolment.
   */
  async lockEnrolment(tx: EntityManager, enrolmentId: string): Promise<EnrolmentForCompletion | null> {
    const rows: EnrolmentForCompletion[] = await tx.query(
      `SELECT e.id, e.user_id AS "userId", e.course_id AS "courseId", e.course_version_id AS "courseVersionId", v.validity_months AS "validityMonths",
              coalesce((SELECT sum(lp.time_spent_seconds)::int FROM lesson_progress lp WHERE lp.enrolment_id = e.id), 0) AS "timeSpentSeconds",
              (SELECT cc.id FROM course_completions cc WHERE cc.enrolment_id = e.id AND cc.revoked_at IS NULL) AS "standingCompletionId"
         FROM enrolments e JOIN course_versions v ON v.id = e.course_version_id
        WHERE e.id = $1 AND e.archived_at IS NULL
          FOR NO KEY UPDATE OF e`,
      [enrolmentId],
    );
    return rows[0] ?? null;
  }

  /** Inserts the standing completion unless one exists; answers its id, or null when one existed. */
  async insertCompletion(
    tx: EntityManager,
    e: EnrolmentForCompletion,
    values: { completedAt: Date; finalScore: number | null; expiresAt: Date | null },
  ): Promise<string | null> {
    const rows: { id: string }[] = await tx.query(
      `INSERT INTO course_completions (enrolment_id, user_id, course_id, course_version_id, completed_at, final_score, time_spent_seconds, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (enrolment_id) WHERE revoked_at IS NULL DO NOTHING
       RETURNING id`,
      [e.id, e.userId, e.courseId, e.courseVersionId, values.completedAt, values.finalScore, e.timeSpentSeconds, values.expiresAt],
    );
    return rows[0]?.id ?? null;
  }

  async revoke(tx: EntityManager, completionId: string, reason: string): Promise<boolean> {
    const result: unknown = await tx.query(`UPDATE course_completions SET revoked_at = now(), revoked_reason = $2 WHERE id = $1 AND revoked_at IS NULL`, [
      completionId,
      reason,
    ]);
    return Array.isArray(result) && typeof result[1] === 'number' && result[1] > 0;
  }

  /** Writes the learner's grade on a quiz as the assessment module computed it. */
  async upsertGrade(
    tx: EntityManager,
    g: { userId: string; quizId: string; moduleId: string; percent: number | null; passed: boolean; attemptsUsed: number; lastSubmittedAt: Date | null },
  ): Promise<void> {
    await tx.query(
      `INSERT INTO quiz_grades (user_id, quiz_id, module_id, percent, passed, attempts_used, last_submitted_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (user_id, quiz_id) DO UPDATE
         SET percent = EXCLUDED.percent, passed = EXCLUDED.passed, attempts_used = EXCLUDED.attempts_used,
             last_submitted_at = EXCLUDED.last_submitted_at, module_id = EXCLUDED.module_id, updated_at = now()`,
      [g.userId, g.quizId, g.moduleId, g.percent, g.passed, g.attemptsUsed, g.lastSubmittedAt],
    );
  }

  /** The learner's active enrolments whose course version holds the module (and whose course the quiz applies to), in id order (lock order). */
  affectedEnrolments(tx: EntityManager, userId: string, moduleId: string, quizCourseId: string | null): Promise<AffectedEnrolment[]> {
    return tx.query(
      `SELECT e.id AS "enrolmentId", e.enrolled_at AS "enrolledAt",
              (SELECT cc.id FROM course_completions cc WHERE cc.enrolment_id = e.id AND cc.revoked_at IS NULL) AS "standingCompletionId"
         FROM enrolments e
         JOIN course_modules cm ON cm.course_version_id = e.course_version_id AND cm.module_id = $2
        WHERE e.user_id = $1 AND e.archived_at IS NULL AND ($3::uuid IS NULL OR e.course_id = $3::uuid)
        ORDER BY e.id`,
      [userId, moduleId, quizCourseId],
    );
  }

  async quizTitle(tx: EntityManager, quizId: string): Promise<string> {
    const rows: { title: string }[] = await tx.query(`SELECT title FROM quizzes WHERE id = $1`, [quizId]);
    return rows[0]?.title ?? 'a quiz';
  }
}
