import { Injectable, ParseUUIDPipe } from '@nestjs/common';
import type { Actor } from '../../common/auth/actor.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { ErrorCode } from '../../common/errors/error-code.js';
import { CohortsErrors } from './cohorts.errors.js';
import { CohortsRepository, type ScopedCohortRow } from './cohorts.repository.js';

/**
 * What the caller wants to do with a cohort:
 * - `view`: read it, its members, progress, exports, timelines; and manage its assignments.
 *   Its trainers, the organisation's org admins, platform admins.
 * - `admin`: rename, archive, set trainers, add and remove members (which invites people into
 *   the organisation). Org admins and platform admins; a trainer of the cohort gets 403.
 * Anyone else (a learner, a trainer of another cohort, another organisation) gets 404: the
 * cohort's existence is not revealed.
 */
export type CohortNeed = 'view' | 'admin';

/** A malformed cohort id is a cohort that does not exist. */
export const cohortIdParam = () => new ParseUUIDPipe({ exceptionFactory: () => DomainError.notFound('Cohort') });

/** The one place a cohort's access rule is decided (docs/cohorts.md, docs/security.md). */
@Injectable()
export class CohortAccess {
  constructor(private readonly repository: CohortsRepository) {}

  async cohort(actor: Actor, cohortId: string, need: CohortNeed): Promise<ScopedCohortRow> {
    const cohort = await this.repository.findScoped(cohortId, actor.userId);
    if (!cohort) throw DomainError.notFound('Cohort');
    if (actor.isPlatformAdmin || cohort.callerRole === 'org_admin') return cohort;
    if (cohort.callerRole === 'trainer' && cohort.callerIsTrainer) {
      if (need === 'view') return cohort;
      throw new DomainError(ErrorCode.Forbidden, "Only the organisation's admins can change this cohort");
    }
    throw DomainError.notFound('Cohort');
  }
}

export function assertNotArchived(cohort: { archivedAt: Date | null }): void {
  if (cohort.archivedAt) throw new DomainError(CohortsErrors.CohortArchived, 'The cohort is archived: unarchive it first');
}
