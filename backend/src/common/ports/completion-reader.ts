import type { EntityManager } from 'typeorm';

/**
 * A course completion as a certificate needs it: the learner's name and address as registered
 * now, the course version's title and number, the issuing organisation (a tailored course's;
 * null for HTMSE Academy's own courses), and whether the completion still stands.
 */
export interface CompletionForCertificate {
  completionId: string;
  userId: string;
  /** The learner's display name as registered (identity); null when the account was deleted. */
  holderName: string | null;
  holderEmail: string | null;
  courseId: string;
  courseSlug: string;
  courseVersionId: string;
  courseTitle: string;
  courseVersion: number;
  /** The tailored course's organisation, or null (HTMSE Academy). */
  organisationId: string | null;
  organisationName: string | null;
  completedAt: Date;
  expiresAt: Date | null;
  /** The mean quiz grade in percent; null when the course has no quiz (then no score is shown). */
  finalScore: number | null;
  /** The course version's estimated learning time (the sum of its lessons' estimated minutes). */
  estimatedMinutes: number;
  revokedAt: Date | null;
  archivedAt: Date | null;
}

/**
 * Reads completions for the certificates module without it depending on the learning module's
 * internals: the learning module provides it (global), certificates asks.
 */
export abstract class CompletionReader {
  /**
   * One completion, or null when there is none with this id; on the caller's transaction when
   * given (the issuing job holds one: a second connection per job could exhaust the pool).
   */
  abstract forCertificate(completionId: string, tx?: Pick<EntityManager, 'query'>): Promise<CompletionForCertificate | null>;

  /**
   * Ids of the standing completions (neither revoked nor archived) matching every given filter,
   * oldest first, at most `limit`: for a bulk (re-)issue. The organisation filter means its tailored courses.
   */
  abstract standingCompletions(filter: { courseId?: string; organisationId?: string; userIds?: string[] }, limit: number): Promise<string[]>;
}
