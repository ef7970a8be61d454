import { isUUID } from 'class-validator';
import { Injectable } from '@nestjs/common';
import type { Actor } from '../../common/auth/actor.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { ItemAnalysisService } from '../assessment/index.js';
import { CohortAccess } from './cohort-access.js';
import { COHORT_ANALYSIS_MIN_LEARNERS, type CohortItemAnalysisDto, type CohortItemAnalysisQueryDto } from './cohorts.dto.js';
import { CohortsRepository } from './cohorts.repository.js';

/**
 * "Questions learners get wrong": the quiz engine's item analysis over the cohort's current
 * members, for a quiz of one of its assigned courses. The assessment module computes it
 * (ItemAnalysisService.analyseLearnerSet, in SQL); this module names the learners (a LearnerSet
 * over cohort_members) and decides who may see it (CohortAccess, `view`). docs/cohorts.md.
 */
@Injectable()
export class CohortItemAnalysisService {
  constructor(
    private readonly access: CohortAccess,
    private readonly cohorts: CohortsRepository,
    private readonly analysis: ItemAnalysisService,
  ) {}

  async analyse(actor: Actor, cohortId: string, query: CohortItemAnalysisQueryDto): Promise<CohortItemAnalysisDto> {
    const cohort = await this.access.cohort(actor, cohortId, 'view');
    const quizId = query.quizId;
    if (!quizId || !isUUID(quizId)) throw DomainError.validation([{ field: 'quizId', reasons: ['quizId must be a UUID'] }]);
    const courseIds = (await this.cohorts.listAssignments(cohort.id)).map((a) => a.courseId);
    const result = await this.analysis.analyseLearnerSet({
      quizId,
      courseIds,
      learners: this.cohorts.learnerSet(cohort.id),
      minLearners: COHORT_ANALYSIS_MIN_LEARNERS,
      revealCorrect: actor.isPlatformAdmin,
    });
    // An unknown quiz and one of a course the cohort is not assigned are the same to the caller.
    if (!result) throw DomainError.notFound('Quiz');
    return { cohortId: cohort.id, organisationId: cohort.organisationId, truncated: false, minLearners: COHORT_ANALYSIS_MIN_LEARNERS, ...result };
  }
}
