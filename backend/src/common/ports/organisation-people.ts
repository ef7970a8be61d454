import type { EntityManager } from 'typeorm';

/**
 * Inviting people into an organisation in bulk, inside the caller's transaction (the cohorts
 * module's CSV import: the invitations commit with the pending cohort members, or not at all).
 * The organisations module provides it; cohorts use it without depending on organisations.
 */
export abstract class OrganisationInvitations {
  /**
   * For each lower-case email: the organisation's pending learner invitation, made now (its mail
   * written to the job outbox, so it goes out only if `tx` commits) unless one is pending already
   * (then nothing is sent again). Answers the invitation id per email.
   */
  abstract inviteLearners(tx: EntityManager, input: { organisationId: string; emails: string[]; invitedBy: string }): Promise<Map<string, string>>;
}

/** Someone joined an organisation (accepted an invitation), in the transaction that made them a member. */
export interface OrganisationJoined {
  organisationId: string;
  userId: string;
  /** Their account's (lower-case) email: the address the invitation was sent to. */
  email: string;
}

/**
 * What depends on organisation membership hears of joins and removals inside the transaction that
 * changes it: the cohorts module turns a pending cohort member into a registered one (enrolling
 * them in the cohort's assignments) and drops a removed member from the organisation's cohorts.
 * Optional: with no listener (no cohorts module), organisations work as before.
 */
export abstract class OrganisationMembershipListener {
  abstract joined(tx: EntityManager, event: OrganisationJoined): Promise<void>;
  abstract left(tx: EntityManager, event: { organisationId: string; userId: string }): Promise<void>;
}
