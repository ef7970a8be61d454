import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';

/** The default inactivity threshold, for organisations that set none (cohort_attention_settings). */
export const DEFAULT_INACTIVE_DAYS = 14;
/** A due date this close (or passed) is a reason; and a completion expiring this close. */
export const DUE_SOON_DAYS = 7;
export const EXPIRING_SOON_DAYS = 30;
/** Failed attempts at one quiz (none passed) that make a reason. */
export const FAILED_ATTEMPTS = 2;

export type AttentionCode = 'overdue' | 'due_soon' | 'failed_attempts' | 'certificate_expired' | 'certificate_expiring' | 'inactive';

/** One reason, as the query builds it (the service words its detail). */
export interface RawReason {
  code: AttentionCode;
  at: string | null;
  courseId?: string;
  courseTitle?: string;
  quizId?: string;
  quizTitle?: string;
  attempts?: number;
  days?: number;
}

export interface AttentionRow {
  cohortId: string;
  cohortName: string;
  organisationId: string;
  userId: string;
  name: string;
  email: string;
  reasons: RawReason[];
}

/** A cohort the caller may see: as an org admin of its organisation, or as one of its trainers. */
export interface ScopedCohort {
  id: string;
  organisationId: string;
  organisationName: string;
  name: string;
  archivedAt: Date | null;
}

/**
 * The cohorts the caller may see (`$1` the caller): every cohort of an organisation they are an
 * org admin of, and the cohorts they are a trainer of while they are still a trainer (or org admin)
 * there. Archived cohorts are left out here (callers that need them ask for them by id).
 */
export const SCOPE_SQL = `
  SELECT c.id, c.organisation_id, c.name, c.archived_at
    FROM cohorts c
    JOIN memberships m ON m.organisation_id = c.organisation_id AND m.user_id = $1
   WHERE m.role = 'org_admin'
      OR (m.role = 'trainer' AND EXISTS (SELECT 1 FROM cohort_trainers t WHERE t.cohort_id = c.id AND t.user_id = $1))`;

/**
 * Every reason a member (`cm.user_id`) of a cohort (`s.id`, organisation `s.organisation_id`,
 * inactivity threshold `inactive_days`) needs attention, as a jsonb array ordered by urgency, or
 * null: overdue and due within 7 days (an assignment of the cohort not completed), two failed
 * attempts at a quiz of an assigned course (none passed), a completion of an assigned course
 * expired (and not completed again since) or expiring within 30 days, and no learning on the
 * cohort's courses for `inactive_days` while one of them is still to do. Reads the learning and
 * assessment modules' tables read-only (docs/cohorts.md#needs-attention).
 */
const REASONS_SQL = `
  SELECT jsonb_agg(x.reason ORDER BY x.rank, x.at) AS reasons FROM (
    SELECT CASE WHEN a.due_at < now() THEN 1 ELSE 2 END AS rank, a.due_at AS at,
           jsonb_build_object('code', CASE WHEN a.due_at < now() THEN 'overdue' ELSE 'due_soon' END,
                              'courseId', a.course_id, 'courseTitle', v.title, 'at', a.due_at) AS reason
      FROM cohort_assignments a
      JOIN courses co ON co.id = a.course_id
      JOIN course_versions v ON v.id = co.current_version_id
     WHERE a.cohort_id = s.id AND a.due_at < now() + make_interval(days => ${DUE_SOON_DAYS})
       AND (a.starts_at IS NULL OR a.starts_at <= now())
       AND NOT EXISTS (SELECT 1 FROM course_completions cc WHERE cc.user_id = cm.user_id AND cc.course_id = a.course_id AND cc.revoked_at IS NULL)
    UNION ALL
    SELECT 3, g.last_submitted_at,
           jsonb_build_object('code', 'failed_attempts', 'quizId', g.quiz_id, 'quizTitle', q.title, 'attempts', g.attempts_used, 'at', g.last_submitted_at)
      FROM quiz_grades g
      JOIN quizzes q ON q.id = g.quiz_id
     WHERE g.user_id = cm.user_id AND NOT g.passed AND g.attempts_used >= ${FAILED_ATTEMPTS}
       AND EXISTS (SELECT 1 FROM cohort_assignments a
                     JOIN enrolments e ON e.user_id = cm.user_id AND e.course_id = a.course_id AND e.archived_at IS NULL
                     JOIN course_modules cmod ON cmod.course_version_id = e.course_version_id AND cmod.module_id = g.module_id
                    WHERE a.cohort_id = s.id)
    UNION ALL
    SELECT 4, cc.expires_at,
           jsonb_build_object('code', CASE WHEN cc.expires_at < now() THEN 'certificate_expired' ELSE 'certificate_expiring' END,
                              'courseId', cc.course_id, 'courseTitle', v.title, 'at', cc.expires_at)
      FROM course_completions cc
      JOIN course_versions v ON v.id = cc.course_version_id
     WHERE cc.user_id = cm.user_id AND cc.revoked_at IS NULL AND cc.archived_at IS NULL
       AND cc.expires_at < now() + make_interval(days => ${EXPIRING_SOON_DAYS})
       AND cc.course_id IN (SELECT a.course_id FROM cohort_assignments a WHERE a.cohort_id = s.id)
       AND NOT EXISTS (SELECT 1 FROM course_completions n WHERE n.user_id = cc.user_id AND n.course_id = cc.course_id
                          AND n.revoked_at IS NULL AND n.completed_at > cc.completed_at)
    UNION ALL
    SELECT 5, la.last_at,
           jsonb_build_object('code', 'inactive', 'days', floor(extract(epoch FROM now() - la.last_at) / 86400)::int, 'at', la.last_at)
      FROM (SELECT max(greatest(e.enrolled_at, (SELECT max(lp.updated_at) FROM lesson_progress lp WHERE lp.enrolment_id = e.id))) AS last_at
              FROM enrolments e
             WHERE e.user_id = cm.user_id AND e.archived_at IS NULL
               AND e.course_id IN (SELECT a.course_id FROM cohort_assignments a WHERE a.cohort_id = s.id)) la
     WHERE la.last_at < now() - make_interval(days => coalesce(cas.inactive_days, ${DEFAULT_INACTIVE_DAYS}))
       AND EXISTS (SELECT 1 FROM cohort_assignments a
                    WHERE a.cohort_id = s.id AND (a.starts_at IS NULL OR a.starts_at <= now())
                      AND NOT EXISTS (SELECT 1 FROM course_completions cc WHERE cc.user_id = cm.user_id AND cc.course_id = a.course_id AND cc.revoked_at IS NULL))
  ) x`;

/** The needs-attention queue's queries, the cohort scope, and the organisation's threshold. */
@Injectable()
export class AttentionRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  transaction<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  /** Whether the caller is a trainer or org admin of any organisation. */
  async isTrainerAnywhere(userId: string): Promise<boolean> {
    const rows: unknown[] = await this.db.query(`SELECT 1 FROM memberships WHERE user_id = $1 AND role IN ('trainer', 'org_admin') LIMIT 1`, [userId]);
    return rows.length > 0;
  }

  /** The cohort, if the caller may see it (archived ones included); else null. */
  async scopedCohort(userId: string, cohortId: string): Promise<ScopedCohort | null> {
    const [row] = (await this.db.query(
      `SELECT s.id, s.organisation_id AS "organisationId", o.name AS "organisationName", s.name, s.archived_at AS "archivedAt"
         FROM (${SCOPE_SQL}) s JOIN organisations o ON o.id = s.organisation_id
        WHERE s.id = $2`,
      [userId, cohortId],
    )) as ScopedCohort[];
    return row ?? null;
  }

  /**
   * One page of the caller's queue: members of the cohorts they may see (not archived) who are
   * still members of the organisation and have at least one reason, in (cohort id, user id)
   * order after the cursor. Members are read in that order through the primary index of
   * cohort_members, so a page stops as soon as it has `limit` rows.
   */
  page(
    userId: string,
    filter: { cohortId: string | null; after: [string, string] | null },
    limit: number,
    forUser: string | null = null,
  ): Promise<AttentionRow[]> {
    return this.db.query(
      `SELECT s.id AS "cohortId", s.name AS "cohortName", s.organisation_id AS "organisationId",
              cm.user_id AS "userId", u.display_name AS name, u.email, r.reasons
         FROM (${SCOPE_SQL}) s
         JOIN cohort_members cm ON cm.cohort_id = s.id AND cm.user_id IS NOT NULL
         JOIN users u ON u.id = cm.user_id AND u.deleted_at IS NULL
         JOIN memberships lm ON lm.organisation_id = s.organisation_id AND lm.user_id = cm.user_id
         LEFT JOIN cohort_attention_settings cas ON cas.organisation_id = s.organisation_id
         CROSS JOIN LATERAL (${REASONS_SQL}) r
        WHERE s.archived_at IS NULL AND r.reasons IS NOT NULL
          AND ($2::uuid IS NULL OR s.id = $2::uuid)
          AND ($3::uuid IS NULL OR (cm.cohort_id, cm.user_id) > ($3::uuid, $4::uuid))
          AND ($6::uuid IS NULL OR cm.user_id = $6::uuid)
        ORDER BY cm.cohort_id, cm.user_id
        LIMIT $5`,
      [userId, filter.cohortId, filter.after?.[0] ?? null, filter.after?.[1] ?? null, limit, forUser],
    );
  }

  /** The registered member of the cohort who is still a member of its organisation, or null. */
  async member(cohortId: string, userId: string): Promise<{ userId: string; email: string; displayName: string } | null> {
    const [row] = (await this.db.query(
      `SELECT u.id AS "userId", u.email, u.display_name AS "displayName"
         FROM cohort_members cm
         JOIN cohorts c ON c.id = cm.cohort_id
         JOIN users u ON u.id = cm.user_id AND u.deleted_at IS NULL
         JOIN memberships m ON m.organisation_id = c.organisation_id AND m.user_id = u.id
        WHERE cm.cohort_id = $1 AND cm.user_id = $2`,
      [cohortId, userId],
    )) as { userId: string; email: string; displayName: string }[];
    return row ?? null;
  }

  /** The assigned courses of the cohort the learner has not completed, soonest due first. */
  openAssignments(cohortId: string, userId: string): Promise<{ courseTitle: string; courseSlug: string; dueAt: Date | null }[]> {
    return this.db.query(
      `SELECT v.title AS "courseTitle", co.slug AS "courseSlug", a.due_at AS "dueAt"
         FROM cohort_assignments a
         JOIN courses co ON co.id = a.course_id
         JOIN course_versions v ON v.id = co.current_version_id
        WHERE a.cohort_id = $1 AND (a.starts_at IS NULL OR a.starts_at <= now())
          AND NOT EXISTS (SELECT 1 FROM course_completions cc WHERE cc.user_id = $2 AND cc.course_id = a.course_id AND cc.revoked_at IS NULL)
        ORDER BY a.due_at NULLS LAST, v.title
        LIMIT 20`,
      [cohortId, userId],
    );
  }

  /**
   * Records a trainer's reminder for today (UTC); false when the learner was already reminded
   * today by anyone (the unique index is the rate limit, so two trainers at once cannot both send).
   */
  async claimManualReminder(tx: EntityManager, r: { learnerId: string; cohortId: string; sentBy: string }): Promise<string | null> {
    const rows: { id: string }[] = await tx.query(
      `INSERT INTO cohort_reminders (learner_id, cohort_id, kind, sent_by, sent_on)
       VALUES ($1, $2, 'manual', $3, (now() AT TIME ZONE 'UTC')::date)
       ON CONFLICT (learner_id, sent_on) WHERE kind = 'manual' DO NOTHING
       RETURNING id`,
      [r.learnerId, r.cohortId, r.sentBy],
    );
    return rows[0]?.id ?? null;
  }

  async displayName(userId: string): Promise<string | null> {
    const [row] = (await this.db.query(`SELECT display_name AS name FROM users WHERE id = $1`, [userId])) as { name: string }[];
    return row?.name ?? null;
  }

  async inactiveDays(organisationId: string): Promise<number> {
    const [row] = (await this.db.query(`SELECT inactive_days AS days FROM cohort_attention_settings WHERE organisation_id = $1`, [organisationId])) as {
      days: number;
    }[];
    return row?.days ?? DEFAULT_INACTIVE_DAYS;
  }

  async setInactiveDays(organisationId: string, days: number, by: string): Promise<void> {
    await this.db.query(
      `INSERT INTO cohort_attention_settings (organisation_id, inactive_days, updated_by) VALUES ($1, $2, $3)
       ON CONFLICT (organisation_id) DO UPDATE SET inactive_days = excluded.inactive_days, updated_by = excluded.updated_by, updated_at = now()`,
      [organisationId, days, by],
    );
  }
}
