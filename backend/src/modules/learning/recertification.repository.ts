import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';

export interface ExpiringCompletionRow {
  id: string;
  userId: string;
  expiresAt: Date;
  courseTitle: string;
  courseOrganisationId: string | null;
  sent: number[];
}

export interface ReminderRecipients {
  learner: { email: string; displayName: string } | null;
  trainers: { email: string; organisationName: string }[];
}

/** Completions about to expire, the reminders sent for them, and who is told. */
@Injectable()
export class RecertificationRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  transaction<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  /** Standing, unarchived completions expiring within `days` from now, with the reminders already sent. */
  expiringWithin(days: number, limit: number): Promise<ExpiringCompletionRow[]> {
    return this.db.query(
      `SELECT cc.id, cc.user_id AS "userId", cc.expires_at AS "expiresAt", v.title AS "courseTitle", c.organisation_id AS "courseOrganisationId",
              coalesce((SELECT array_agg(r.days_before) FROM completion_reminders r WHERE r.completion_id = cc.id), '{}') AS sent
         FROM course_completions cc
         JOIN course_versions v ON v.id = cc.course_version_id
         JOIN courses c ON c.id = cc.course_id
        WHERE cc.expires_at IS NOT NULL AND cc.revoked_at IS NULL AND cc.archived_at IS NULL
          AND cc.expires_at > now() AND cc.expires_at <= now() + make_interval(days => $1)
        ORDER BY cc.expires_at LIMIT $2`,
      [days, limit],
    );
  }

  /** Claims the reminder (once per completion and threshold); false when it was already sent. */
  async claimReminder(tx: EntityManager, completionId: string, daysBefore: number, recipients: number): Promise<boolean> {
    const rows: unknown[] = await tx.query(
      `INSERT INTO completion_reminders (completion_id, days_before, recipients) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING completion_id`,
      [completionId, daysBefore, recipients],
    );
    return rows.length > 0;
  }

  /**
   * The learner (unless their account was deleted) and the trainers and org admins of the course's
   * organisation (a tailored course), or else of every organisation the learner belongs to.
   */
  async recipients(userId: string, courseOrganisationId: string | null): Promise<ReminderRecipients> {
    const [row] = (await this.db.query(
      `SELECT (SELECT json_build_object('email', u.email, 'displayName', u.display_name) FROM users u WHERE u.id = $1 AND u.deleted_at IS NULL) AS learner,
              coalesce((SELECT json_agg(DISTINCT jsonb_build_object('email', tu.email, 'organisationName', o.name))
                 FROM memberships lm
                 JOIN memberships tm ON tm.organisation_id = lm.organisation_id AND tm.role IN ('trainer', 'org_admin') AND tm.user_id <> $1
                 JOIN users tu ON tu.id = tm.user_id AND tu.deleted_at IS NULL
                 JOIN organisations o ON o.id = lm.organisation_id
                WHERE lm.user_id = $1 AND ($2::uuid IS NULL OR lm.organisation_id = $2::uuid)), '[]'::json) AS trainers`,
      [userId, courseOrganisationId],
    )) as ReminderRecipients[];
    return row ?? { learner: null, trainers: [] };
  }
}
