import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import type { EntityManager } from 'typeorm';
import { LOGGER } from '../../common/logging/logging.module.js';
import { QuizGradeListener, type QuizGradeChange } from '../../common/ports/quiz-grade-listener.js';
import type { JobPayloads } from '../../infra/queue/job.types.js';
import { OnJob } from '../../infra/queue/on-job.decorator.js';
import { addToOutbox, OutboxRelay } from '../../infra/queue/outbox.js';
import { CompletionRepository } from './completion.repository.js';
import { ProgressRepository, type ModuleStateRow } from './progress.repository.js';
import { expiryOf, finalScore, isCourseComplete, type ModuleFacts } from './progress-rules.js';

export const toFacts = (m: ModuleStateRow): ModuleFacts => ({
  lessonsRequired: m.lessonsRequired,
  lessonsCompleted: m.lessonsCompleted,
  quiz: m.quizId ? { quizId: m.quizId, passed: m.passed } : null,
});

/**
 * Course completion (docs/progress.md#completion): decided under the enrolment's row lock,
 * recorded with an outbox row for `course.completed` in the same transaction, so both commit or
 * neither does. Quiz grades reach it through the QuizGradeListener port, inside the assessment
 * module's grading transaction: a pass can complete a course; a regrade that fails a quiz a
 * standing completion relied on revokes it (the row stays, with the reason).
 */
@Injectable()
export class CompletionService extends QuizGradeListener {
  constructor(
    private readonly completions: CompletionRepository,
    private readonly progress: ProgressRepository,
    private readonly relay: OutboxRelay,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    super();
  }

  /** Completes the enrolment's course if every module is complete and it has no standing completion. In its own transaction; answers the new completion's id. */
  async completeIfDue(enrolmentId: string): Promise<{ id: string; completedAt: Date } | null> {
    const done = await this.progress.transaction((tx) => this.completeInTx(tx, enrolmentId));
    if (done) this.relay.nudge();
    return done;
  }

  /** The same, inside the caller's transaction (the grading one). */
  async completeInTx(tx: EntityManager, enrolmentId: string): Promise<{ id: string; completedAt: Date } | null> {
    const e = await this.completions.lockEnrolment(tx, enrolmentId);
    if (!e || e.standingCompletionId) return null;
    const modules = await this.progress.moduleStates(enrolmentId, tx);
    if (!isCourseComplete(modules.map(toFacts))) return null;
    const completedAt = new Date();
    const id = await this.completions.insertCompletion(tx, e, {
      completedAt,
      finalScore: finalScore(modules.filter((m) => m.quizId).map((m) => m.gradePercent)),
      expiresAt: expiryOf(completedAt, e.validityMonths),
    });
    if (!id) return null;
    await addToOutbox(
      tx,
      'course.completed',
      { completionId: id, enrolmentId, userId: e.userId, courseId: e.courseId, courseVersionId: e.courseVersionId, completedAt: completedAt.toISOString() },
      `course.completed-${id}`,
    );
    return { id, completedAt };
  }

  /** The port: called by the assessment module inside the transaction that graded or regraded. */
  async gradesChanged(tx: EntityManager, changes: QuizGradeChange[]): Promise<void> {
    let completed = false;
    for (const g of changes) {
      await this.completions.upsertGrade(tx, g);
      for (const affected of await this.completions.affectedEnrolments(tx, g.userId, g.moduleId, g.courseId)) {
        if (!affected.standingCompletionId) {
          if (g.passed && (await this.completeInTx(tx, affected.enrolmentId))) completed = true;
          continue;
        }
        // A standing completion is a durable record: only a regrade that fails the quiz it relied on revokes it.
        if (g.cause !== 'regraded' || g.passed) continue;
        const modules = await this.progress.moduleStates(affected.enrolmentId, tx);
        const reliedOn = modules.find((m) => m.quizId === g.quizId);
        if (!reliedOn || reliedOn.passed) continue;
        const title = await this.completions.quizTitle(tx, g.quizId);
        const grade = g.percent === null ? 'no grade' : `${g.percent}%`;
        await this.completions.revoke(
          tx,
          affected.standingCompletionId,
          `A question of the quiz “${title}” was regraded: the grade is now ${grade}, below its pass mark of ${g.passMark}%.`,
        );
        this.logger.info({ completionId: affected.standingCompletionId, quizId: g.quizId }, 'completion revoked by a regrade');
      }
    }
    // Relayed after the grading transaction commits: the poll finds it if this nudge runs too early.
    if (completed) setTimeout(() => this.relay.nudge(), 50).unref();
  }

  /** Issue 11 (certificates) will issue a certificate here. Until then the event is only logged: nothing to undo, nothing sent. */
  @OnJob('course.completed')
  courseCompleted(payload: JobPayloads['course.completed']): Promise<void> {
    this.logger.info({ completionId: payload.completionId, courseId: payload.courseId }, 'course.completed received (no certificate yet)');
    return Promise.resolve();
  }
}
