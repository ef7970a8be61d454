import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { EXPIRING_SOON_DAYS } from './attention.repository.js';

export const COMPLIANCE_STATUSES = ['current', 'expiring', 'expired', 'overdue', 'open'] as const;
export type ComplianceStatus = (typeof COMPLIANCE_STATUSES)[number];

/** One person and one course assigned to them (through any of the organisation's cohorts). */
export interface ComplianceRow {
  userId: string;
  name: string;
  email: string;
  externalId: string | null;
  cohorts: string;
  courseTitle: string;
  dueAt: Date | null;
  status: ComplianceStatus;
  completedAt: Date | null;
  expiresAt: Date | null;
}

/**
 * The organisation's compliance report (docs/cohorts.md#compliance-report): for each person in
 * its cohorts (not archived; registered and still a member) and each course assigned to them,
 * whether they are current, expiring (a completion expiring within 30 days), expired (their
 * latest completion has expired), overdue (not completed, due date passed) or open (not completed,
 * not yet due). Read in batches of people in (name, id) order, so a download of any size holds one
 * batch in memory.
 */
@Injectable()
export class ComplianceRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async organisationName(organisationId: string): Promise<string | null> {
    const [row] = (await this.db.query(`SELECT name FROM organisations WHERE id = $1`, [organisationId])) as { name: string }[];
    return row?.name ?? null;
  }

  async countRows(organisationId: string): Promise<number> {
    const [row] = (await this.db.query(
      `SELECT count(*)::int AS n FROM (
         SELECT DISTINCT cm.user_id, a.course_id
           FROM cohorts c
           JOIN cohort_members cm ON cm.cohort_id = c.id AND cm.user_id IS NOT NULL
           JOIN memberships m ON m.organisation_id = c.organisation_id AND m.user_id = cm.user_id
           JOIN cohort_assignments a ON a.cohort_id = c.id
          WHERE c.organisation_id = $1 AND c.archived_at IS NULL) x`,
      [organisationId],
    )) as { n: number }[];
    return row!.n;
  }

  /** The rows of the next `people` people after (name, id), every course of theirs, in order. */
  batch(organisationId: string, after: [string, string] | null, people: number): Promise<ComplianceRow[]> {
    return this.db.query(
      `WITH people AS (
         SELECT DISTINCT u.display_name AS name, u.id, u.email
           FROM cohorts c
           JOIN cohort_members cm ON cm.cohort_id = c.id AND cm.user_id IS NOT NULL
           JOIN memberships m ON m.organisation_id = c.organisation_id AND m.user_id = cm.user_id
           JOIN users u ON u.id = cm.user_id AND u.deleted_at IS NULL
          WHERE c.organisation_id = $1 AND c.archived_at IS NULL
            AND EXISTS (SELECT 1 FROM cohort_assignments a WHERE a.cohort_id = c.id)
            AND ($2::text IS NULL OR (u.display_name, u.id) > ($2::text, $3::uuid))
          ORDER BY u.display_name, u.id
          LIMIT $4
       ), assigned AS (
         SELECT p.id AS user_id, a.course_id, min(a.due_at) AS due_at,
                string_agg(DISTINCT c.name, '; ') AS cohorts, max(cm.external_id) AS external_id
           FROM people p
           JOIN cohort_members cm ON cm.user_id = p.id
           JOIN cohorts c ON c.id = cm.cohort_id AND c.organisation_id = $1 AND c.archived_at IS NULL
           JOIN cohort_assignments a ON a.cohort_id = c.id
          GROUP BY p.id, a.course_id
       )
       SELECT p.id AS "userId", p.name, p.email, s.external_id AS "externalId", s.cohorts, v.title AS "courseTitle", s.due_at AS "dueAt",
              CASE WHEN last.completed_at IS NOT NULL AND (last.expires_at IS NULL OR last.expires_at > now() + make_interval(days => ${EXPIRING_SOON_DAYS})) THEN 'current'
                   WHEN last.completed_at IS NOT NULL AND last.expires_at > now() THEN 'expiring'
                   WHEN last.completed_at IS NOT NULL THEN 'expired'
                   WHEN s.due_at < now() THEN 'overdue'
                   ELSE 'open' END AS status,
              last.completed_at AS "completedAt", last.expires_at AS "expiresAt"
         FROM people p
         JOIN assigned s ON s.user_id = p.id
         JOIN courses co ON co.id = s.course_id
         JOIN course_versions v ON v.id = co.current_version_id
         LEFT JOIN LATERAL (
           SELECT cc.completed_at, cc.expires_at FROM course_completions cc
            WHERE cc.user_id = p.id AND cc.course_id = s.course_id AND cc.revoked_at IS NULL
            ORDER BY cc.completed_at DESC LIMIT 1) last ON true
        ORDER BY p.name, p.id, v.title, s.course_id`,
      [organisationId, after?.[0] ?? null, after?.[1] ?? null, people],
    );
  }
}
