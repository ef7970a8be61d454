import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { OrganisationMembershipListener, type OrganisationJoined } from '../../common/ports/organisation-people.js';
import { AssignedEnrolments } from '../learning/index.js';
import { CohortsRepository } from './cohorts.repository.js';

/**
 * Told of organisation joins and removals, in the membership's transaction (the organisations
 * module calls it through the port). Depends on no service that reads memberships, so the
 * organisations repository can hold it without a cycle.
 */
@Injectable()
export class CohortsMembershipListener extends OrganisationMembershipListener {
  constructor(
    private readonly repository: CohortsRepository,
    private readonly enrolments: AssignedEnrolments,
  ) {
    super();
  }

  /** A person joined the organisation: their pending cohort memberships become theirs, and they are enrolled in those cohorts' assignments. */
  async joined(tx: EntityManager, event: OrganisationJoined): Promise<void> {
    const cohortIds = await this.repository.activate(tx, event.organisationId, event.userId, event.email.toLowerCase());
    if (cohortIds.length === 0) return;
    for (const assignment of await this.repository.assignmentsOfCohorts(tx, cohortIds)) {
      await this.enrolments.enrolMany(tx, { userIds: [event.userId], courseId: assignment.courseId, dueAt: assignment.dueAt });
    }
  }

  /** Removed from the organisation: out of its cohorts (their enrolments and learning records stay with learning). */
  async left(tx: EntityManager, event: { organisationId: string; userId: string }): Promise<void> {
    await this.repository.leave(tx, event.organisationId, event.userId);
  }
}
