import { Injectable } from '@nestjs/common';
import type { Actor } from '../../common/auth/actor.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { ErrorCode } from '../../common/errors/error-code.js';
import type { RequestMeta } from '../../common/http/request-meta.js';
import { AuditService } from '../audit/index.js';
import { GradeChangeListener } from './grade-changes.js';
import type { RegradeResultDto } from './question-authoring.dto.js';
import { planRegrade, type RegradePlan } from './regrade-plan.js';
import { RegradeRepository } from './regrade.repository.js';
import { regradeScore } from './regrade-scoring.js';

/**
 * Regrading a question after it was fixed (its current version): a dry run lists the submitted
 * attempts whose score would change and by how much; applying it re-scores them with the quiz
 * engine's scoring, recomputes each attempt's score, percent and passed, and tells the
 * GradeChangeListener (completion, issue 10), all in one transaction under the attempts' row
 * locks; then it is audited (question.regraded). Platform admins only: they write the questions.
 */
@Injectable()
export class RegradeService {
  constructor(
    private readonly repository: RegradeRepository,
    private readonly audit: AuditService,
    private readonly gradeChanges: GradeChangeListener,
  ) {}

  async regrade(actor: Actor, questionId: string, dryRun: boolean, meta?: RequestMeta): Promise<RegradeResultDto> {
    if (!actor.isPlatformAdmin) throw new DomainError(ErrorCode.Forbidden, 'Only platform admins may regrade questions');
    const question = await this.repository.findQuestion(questionId);
    if (!question) throw DomainError.notFound('Question');

    const plan = async (tx?: Parameters<RegradeRepository['attemptsWith']>[1]): Promise<{ plan: RegradePlan; examined: number }> => {
      const versions = await this.repository.versions(questionId, tx);
      const current = versions.get(question.currentVersionId);
      if (!current) throw DomainError.notFound('Question');
      const attempts = await this.repository.attemptsWith(questionId, tx);
      return { plan: planRegrade(questionId, current, versions, attempts, regradeScore), examined: attempts.length };
    };

    let outcome: { plan: RegradePlan; examined: number };
    if (dryRun) {
      outcome = await plan();
    } else {
      outcome = await this.repository.transaction(async (tx) => {
        // Planned again under the locks: a submit or another regrade meanwhile is accounted for.
        const locked = await plan(tx);
        await this.repository.apply(
          tx,
          question.currentVersionId,
          locked.plan.changes,
          locked.plan.moved.map((m) => m.itemId),
        );
        await this.gradeChanges.attemptsRegraded(
          tx,
          locked.plan.changes.map((c) => ({ attemptId: c.attemptId, userId: c.userId, percent: c.after.percent, passed: c.after.passed })),
        );
        return locked;
      });
      await this.audit.record(
        {
          action: 'question.regraded',
          actorUserId: actor.userId,
          targetType: 'question',
          targetId: questionId,
          metadata: {
            version: question.version,
            attemptsChanged: outcome.plan.changes.length,
            itemsMoved: outcome.plan.moved.length,
            skipped: outcome.plan.skipped.length,
            changes: outcome.plan.changes.slice(0, 200).map((c) => ({ attemptId: c.attemptId, before: c.before.score, after: c.after.score })),
          },
        },
        meta,
      );
    }
    return {
      dryRun,
      version: question.version,
      examined: outcome.examined,
      attempts: outcome.plan.changes.map(({ attemptId, userId, before, after, delta }) => ({ attemptId, userId, before, after, delta })),
      skipped: outcome.plan.skipped.map(({ attemptId, reason }) => ({ attemptId, reason })),
    };
  }
}
