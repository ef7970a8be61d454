import { Injectable, Optional } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { QuizGradeListener, type QuizGradeChange } from '../../common/ports/quiz-grade-listener.js';
import type { GradingMethod } from './assessment.types.js';
import { overallPercent } from './review.js';

export interface RegradedAttempt {
  attemptId: string;
  userId: string;
  percent: number;
  passed: boolean;
}

/**
 * The hook for what depends on a quiz grade: told of every graded attempt (submit, time limit)
 * and of every attempt whose grade a regrade changed, inside that transaction. GradeNotifier
 * computes the learner's grade on the quiz by its grading method (the rules stay here) and tells
 * the QuizGradeListener port (common/ports), which the learning module provides (completion).
 */
export abstract class GradeChangeListener {
  abstract attemptGraded(tx: EntityManager, attemptId: string): Promise<void>;
  abstract attemptsRegraded(tx: EntityManager, attempts: RegradedAttempt[]): Promise<void>;
}

interface GradeInputRow {
  userId: string;
  quizId: string;
  moduleId: string;
  courseId: string | null;
  gradingMethod: GradingMethod;
  passMark: number;
  attemptsUsed: number;
  submitted: { number: number; percent: number | null; submittedAt: string }[] | null;
}

/** The learner's grades on the quizzes of the given attempts, by each quiz's grading method. */
export async function gradesOfAttempts(tx: EntityManager, attemptIds: string[]): Promise<Omit<QuizGradeChange, 'cause' | 'attempt'>[]> {
  if (attemptIds.length === 0) return [];
  const rows: GradeInputRow[] = await tx.query(
    `SELECT k.user_id AS "userId", k.quiz_id AS "quizId", z.module_id AS "moduleId", z.course_id AS "courseId",
            z.grading_method AS "gradingMethod", z.pass_mark AS "passMark", count(a.id)::int AS "attemptsUsed",
            json_agg(json_build_object('number', a.number, 'percent', a.percent, 'submittedAt', a.submitted_at) ORDER BY a.number)
              FILTER (WHERE a.status = 'submitted') AS submitted
       FROM (SELECT DISTINCT user_id, quiz_id FROM quiz_attempts WHERE id = ANY($1::uuid[])) k
       JOIN quizzes z ON z.id = k.quiz_id
       JOIN quiz_attempts a ON a.quiz_id = k.quiz_id AND a.user_id = k.user_id
      GROUP BY k.user_id, k.quiz_id, z.id`,
    [attemptIds],
  );
  return rows.map((r) => {
    const submitted = r.submitted ?? [];
    const percent = overallPercent(
      r.gradingMethod,
      submitted.map((a) => ({ number: a.number, percent: a.percent ?? 0 })),
    );
    const last =
      submitted
        .map((a) => new Date(a.submittedAt))
        .sort((a, b) => a.getTime() - b.getTime())
        .at(-1) ?? null;
    return {
      userId: r.userId,
      quizId: r.quizId,
      moduleId: r.moduleId,
      courseId: r.courseId,
      percent,
      passed: percent !== null && percent >= r.passMark,
      passMark: r.passMark,
      attemptsUsed: r.attemptsUsed,
      lastSubmittedAt: last,
    };
  });
}

/** Tells the QuizGradeListener (if a module provides one) of the learner's new grade, in the grading transaction. */
@Injectable()
export class GradeNotifier extends GradeChangeListener {
  constructor(@Optional() private readonly listener?: QuizGradeListener) {
    super();
  }

  async attemptGraded(tx: EntityManager, attemptId: string): Promise<void> {
    if (!this.listener) return;
    const [row] = (await tx.query(`SELECT percent, passed FROM quiz_attempts WHERE id = $1`, [attemptId])) as {
      percent: number | null;
      passed: boolean | null;
    }[];
    const grades = await gradesOfAttempts(tx, [attemptId]);
    await this.listener.gradesChanged(
      tx,
      grades.map((g) => ({ ...g, cause: 'submitted' as const, attempt: { id: attemptId, percent: row?.percent ?? 0, passed: row?.passed ?? false } })),
    );
  }

  async attemptsRegraded(tx: EntityManager, attempts: RegradedAttempt[]): Promise<void> {
    if (!this.listener || attempts.length === 0) return;
    const grades = await gradesOfAttempts(
      tx,
      attempts.map((a) => a.attemptId),
    );
    await this.listener.gradesChanged(
      tx,
      grades.map((g) => ({ ...g, cause: 'regraded' as const, attempt: null })),
    );
  }
}
