import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';

export interface NotificationSettingsRow {
  dueDateReminders: boolean;
  weeklyDigest: boolean;
}

/** A due-date reminder claimed (its row written) and what its mail says. */
export interface ClaimedDueReminder {
  id: string;
  days: number;
  email: string;
  learnerName: string;
  organisationName: string;
  courseTitle: string;
  dueAt: Date;
}

export interface DigestTrainer {
  userId: string;
  email: string;
  displayName: string;
}

/** Preferences, due-date reminder claims and the trainers' weekly digests. */
@Injectable()
export class NotificationsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  transaction<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  async settings(userId: string): Promise<NotificationSettingsRow> {
    const [row] = (await this.db.query(
      `SELECT due_date_reminders AS "dueDateReminders", weekly_digest AS "weeklyDigest" FROM notification_preferences WHERE user_id = $1`,
      [userId],
    )) as NotificationSettingsRow[];
    return row ?? { dueDateReminders: true, weeklyDigest: true };
  }

  async updateSettings(userId: string, change: Partial<NotificationSettingsRow>): Promise<NotificationSettingsRow> {
    const [row] = (await this.db.query(
      `INSERT INTO notification_preferences (user_id, due_date_reminders, weekly_digest) VALUES ($1, coalesce($2, true), coalesce($3, true))
       ON CONFLICT (user_id) DO UPDATE SET due_date_reminders = coalesce($2, notification_preferences.due_date_reminders),
                                           weekly_digest = coalesce($3, notification_preferences.weekly_digest), updated_at = now()
       RETURNING due_date_reminders AS "dueDateReminders", weekly_digest AS "weeklyDigest"`,
      [userId, change.dueDateReminders ?? null, change.weeklyDigest ?? null],
    )) as NotificationSettingsRow[];
    return row!;
  }

  /**
   * Claims the due-date reminders due at `now` (in one statement, so each is claimed once whatever
   * runs it): for every assignment of a cohort not archived, due within 7 days (due_7) or within a
   * day (due_1) and not yet past, each registered member still in the organisation who has not
   * completed the course, wants due-date reminders, and was not sent this reminder for this course
   * already (through this or another cohort). A learner within a day of the due date and never sent
   * the 7-day reminder gets only the 1-day one.
   */
  claimDueReminders(tx: EntityManager, now: Date, limit: number): Promise<ClaimedDueReminder[]> {
    return tx.query(
      `WITH due AS (
         SELECT DISTINCT ON (cm.user_id, a.course_id, k.kind) a.id AS assignment_id, a.cohort_id, cm.user_id, k.kind
           FROM cohort_assignments a
           JOIN cohorts c ON c.id = a.cohort_id AND c.archived_at IS NULL
           JOIN cohort_members cm ON cm.cohort_id = a.cohort_id AND cm.user_id IS NOT NULL
           JOIN memberships m ON m.organisation_id = c.organisation_id AND m.user_id = cm.user_id
           JOIN users u ON u.id = cm.user_id AND u.deleted_at IS NULL
           CROSS JOIN LATERAL (SELECT CASE WHEN a.due_at <= $1::timestamptz + interval '1 day' THEN 'due_1' ELSE 'due_7' END AS kind) k
          WHERE a.due_at > $1::timestamptz AND a.due_at <= $1::timestamptz + interval '7 days'
            AND (a.starts_at IS NULL OR a.starts_at <= $1::timestamptz)
            AND NOT EXISTS (SELECT 1 FROM notification_preferences p WHERE p.user_id = cm.user_id AND NOT p.due_date_reminders)
            AND NOT EXISTS (SELECT 1 FROM course_completions cc WHERE cc.user_id = cm.user_id AND cc.course_id = a.course_id AND cc.revoked_at IS NULL)
            AND NOT EXISTS (SELECT 1 FROM cohort_reminders r JOIN cohort_assignments ra ON ra.id = r.assignment_id
                             WHERE r.learner_id = cm.user_id AND r.kind = k.kind AND ra.course_id = a.course_id)
          ORDER BY cm.user_id, a.course_id, k.kind, a.due_at, a.id
          LIMIT $2
       ), claimed AS (
         INSERT INTO cohort_reminders (learner_id, cohort_id, assignment_id, kind, sent_on)
         SELECT user_id, cohort_id, assignment_id, kind, ($1::timestamptz AT TIME ZONE 'UTC')::date FROM due
         ON CONFLICT DO NOTHING
         RETURNING id, learner_id, assignment_id, kind
       )
       SELECT cl.id, CASE WHEN cl.kind = 'due_1' THEN 1 ELSE 7 END AS days, u.email, u.display_name AS "learnerName",
              o.name AS "organisationName", v.title AS "courseTitle", a.due_at AS "dueAt"
         FROM claimed cl
         JOIN users u ON u.id = cl.learner_id
         JOIN cohort_assignments a ON a.id = cl.assignment_id
         JOIN cohorts c ON c.id = a.cohort_id
         JOIN organisations o ON o.id = c.organisation_id
         JOIN courses co ON co.id = a.course_id
         JOIN course_versions v ON v.id = co.current_version_id`,
      [now.toISOString(), limit],
    );
  }

  /** Trainers of cohorts not archived (still trainers or org admins there) who want the digest and have not had this week's. */
  digestTrainers(week: string, limit: number): Promise<DigestTrainer[]> {
    return this.db.query(
      `SELECT DISTINCT u.id AS "userId", u.email, u.display_name AS "displayName"
         FROM cohort_trainers t
         JOIN cohorts c ON c.id = t.cohort_id AND c.archived_at IS NULL
         JOIN memberships m ON m.organisation_id = c.organisation_id AND m.user_id = t.user_id AND m.role IN ('trainer', 'org_admin')
         JOIN users u ON u.id = t.user_id AND u.deleted_at IS NULL
        WHERE NOT EXISTS (SELECT 1 FROM notification_preferences p WHERE p.user_id = t.user_id AND NOT p.weekly_digest)
          AND NOT EXISTS (SELECT 1 FROM trainer_digests d WHERE d.user_id = t.user_id AND d.week = $1::date)
        ORDER BY u.id
        LIMIT $2`,
      [week, limit],
    );
  }

  /** Claims the trainer's digest of the week; false when it was already sent. */
  async claimDigest(tx: EntityManager, userId: string, week: string, learners: number): Promise<boolean> {
    const rows: unknown[] = await tx.query(
      `INSERT INTO trainer_digests (user_id, week, learners) VALUES ($1, $2::date, $3) ON CONFLICT DO NOTHING RETURNING user_id`,
      [userId, week, learners],
    );
    return rows.length > 0;
  }
}
