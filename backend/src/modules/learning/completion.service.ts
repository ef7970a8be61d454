import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import type { EntityManager } from 'typeorm';
import { LOGGER } from '../../common/logging/logging.module.js';
import { QuizGradeListener, type QuizGradeChange } from '../../common/ports/quiz-grade-listener.js';
import { addToOutbox, OutboxRelay } from '../../infra/queue/outbox.js';
import { CompletionRepository } from './completion.repository.js';
import { ProgressRepository, type ModuleStateRow } from './progress.repository.js';
import { expiryOf, finalScore, isCourseComplete, type ModuleFacts } from './progress-rules.js';
import { statementIdFor } from './statements.mapping.js';
import { LearningStatements } from './statements.service.js';

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
    private readonly statements: LearningStatements,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    super();
  }

  private async statementContext(tx: EntityManager, enrolmentId: string) {
    const c = await this.progress.statementContext(enrolmentId, tx);
    if (!c) return null;
    return {
      organisationId: c.organisationId,
      course: { id: c.courseId, title: c.courseTitle },
      courseVersion: { id: c.versionId, number: c.versionNumber },
      enrolmentId: c.enrolmentId,
    };
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
    const score = finalScore(modules.filter((m) => m.quizId).map((m) => m.gradePercent));
    const id = await this.completions.insertCompletion(tx, e, {
      completedAt,
      finalScore: score,
      expiresAt: expiryOf(completedAt, e.validityMonths),
    });
    if (!id) return null;
    const context = await this.statementContext(tx, enrolmentId);
    if (context) {
      await this.statements.record(tx, {
        kind: 'completed-course',
        userId: e.userId,
        context,
        at: completedAt,
        statementId: statementIdFor('completed-course', id),
        result: {
          ...(score === null ? {} : { score: { scaled: Math.round(score * 100) / 10_000, raw: score, min: 0, max: 100 } }),
          durationSeconds: e.timeSpentSeconds,
        },
      });
    }
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
      const affectedEnrolments = await this.completions.affectedEnrolments(tx, g.userId, g.moduleId, g.courseId);
      if (g.cause === 'submitted' && g.attempt) await this.recordAttempt(tx, g, affectedEnrolments);
      for (const affected of affectedEnrolments) {
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
        const reason = `A question of the quiz “${title}” was regraded: the grade is now ${grade}, below its pass mark of ${g.passMark}%.`;
        if (await this.completions.revoke(tx, affected.standingCompletionId, reason)) {
          // Its certificate, if one was issued, is revoked too (the certificates module consumes it).
          await addToOutbox(
            tx,
            'course.completion-revoked',
            { completionId: affected.standingCompletionId, reason },
            `course.completion-revoked-${affected.standingCompletionId}`,
          );
          completed = true;
        }
        this.logger.info({ completionId: affected.standingCompletionId, quizId: g.quizId }, 'completion revoked by a regrade');
      }
    }
    // Relayed after the grading transaction commits (completions and revocations): the poll finds them if this nudge runs too early.
    if (completed) setTimeout(() => this.relay.nudge(), 50).unref();
  }

  /**
   * The attempt's learning records (attempted, then passed or failed), in the context of the
   * learner's most recent active enrolment holding the quiz's module; none when the learner took
   * it without an enrolment (a public course read without enrolling).
   */
  private async recordAttempt(tx: EntityManager, g: QuizGradeChange, affected: { enrolmentId: string; enrolledAt: Date }[]): Promise<void> {
    const latest = [...affected].sort((a, b) => new Date(b.enrolledAt).getTime() - new Date(a.enrolledAt).getTime())[0];
    if (!latest || !g.attempt) return;
    const context = await this.statementContext(tx, latest.enrolmentId);
    if (!context) return;
    const quiz = { id: g.quizId, title: await this.completions.quizTitle(tx, g.quizId) };
    const base = { userId: g.userId, context, quiz, attemptId: g.attempt.id };
    await this.statements.record(tx, { ...base, kind: 'attempted', statementId: statementIdFor('attempted', g.attempt.id) });
    const percent = g.attempt.percent;
    await this.statements.record(tx, {
      ...base,
      kind: g.attempt.passed ? 'passed' : 'failed',
      statementId: statementIdFor('graded', g.attempt.id),
      result: { score: { scaled: Math.round(percent * 100) / 10_000, raw: percent, min: 0, max: 100 } },
    });
  }
}
