import type { EntityManager } from 'typeorm';

/** A learner's grade on one quiz after an attempt was graded or regraded (by the quiz's grading method). */
export interface QuizGradeChange {
  userId: string;
  quizId: string;
  moduleId: string;
  /** The tailored course whose own settings this quiz is; null for the module's own quiz. */
  courseId: string | null;
  /** The grade by the quiz's grading method over the submitted attempts; null before the first. */
  percent: number | null;
  passed: boolean;
  passMark: number;
  /** Attempts started, submitted or not. */
  attemptsUsed: number;
  lastSubmittedAt: Date | null;
  cause: 'submitted' | 'regraded';
  /** The attempt just graded (cause 'submitted'). */
  attempt: { id: string; percent: number; passed: boolean } | null;
}

/**
 * What depends on quiz grades (module and course completion, learning records) hears of every
 * change inside the transaction that grades, so it commits or rolls back with the grade. The
 * learning module provides it; the assessment module calls it without depending on learning.
 */
export abstract class QuizGradeListener {
  abstract gradesChanged(tx: EntityManager, changes: QuizGradeChange[]): Promise<void>;
}
