import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue #12, the trainer's needs-attention queue and notifications (docs/cohorts.md#needs-attention):
 * each person's notification preferences (no row: everything on), an organisation's inactivity
 * threshold (no row: 14 days), every reminder sent about a learner (a trainer's one-click
 * reminder, at most one per learner per day; due-date reminders 7 and 1 day before, once per
 * assignment, learner and threshold) and the trainers' weekly digests (once per trainer and week).
 */
export class CreateCohortNotifications1764855000000 implements MigrationInterface {
  name = 'CreateCohortNotifications1764855000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "notification_preferences" (
        "user_id" uuid NOT NULL,
        "due_date_reminders" boolean NOT NULL DEFAULT true,
        "weekly_digest" boolean NOT NULL DEFAULT true,
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "pk_notification_preferences" PRIMARY KEY ("user_id"),
        CONSTRAINT "fk_notification_preferences_user_id" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE
      )`);

    await q.query(`
      CREATE TABLE "cohort_attention_settings" (
        "organisation_id" uuid NOT NULL,
        "inactive_days" integer NOT NULL DEFAULT 14,
        "updated_by" uuid,
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "pk_cohort_attention_settings" PRIMARY KEY ("organisation_id"),
        CONSTRAINT "chk_cohort_attention_settings_inactive_days" CHECK ("inactive_days" BETWEEN 1 AND 365),
        CONSTRAINT "fk_cohort_attention_settings_organisation_id" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id") ON DELETE CASCADE,
        CONSTRAINT "fk_cohort_attention_settings_updated_by" FOREIGN KEY ("updated_by") REFERENCES "users"("id") ON DELETE SET NULL
      )`);

    await q.query(`
      CREATE TABLE "cohort_reminders" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "learner_id" uuid NOT NULL,
        "cohort_id" uuid NOT NULL,
        "assignment_id" uuid,
        "kind" text NOT NULL,
        "sent_by" uuid,
        "sent_on" date NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "pk_cohort_reminders" PRIMARY KEY ("id"),
        CONSTRAINT "chk_cohort_reminders_kind" CHECK ("kind" IN ('manual', 'due_7', 'due_1')),
        CONSTRAINT "chk_cohort_reminders_assignment_id" CHECK (("kind" = 'manual') = ("assignment_id" IS NULL)),
        CONSTRAINT "fk_cohort_reminders_learner_id" FOREIGN KEY ("learner_id") REFERENCES "users"("id") ON DELETE CASCADE,
        CONSTRAINT "fk_cohort_reminders_cohort_id" FOREIGN KEY ("cohort_id") REFERENCES "cohorts"("id") ON DELETE CASCADE,
        CONSTRAINT "fk_cohort_reminders_assignment_id" FOREIGN KEY ("assignment_id") REFERENCES "cohort_assignments"("id") ON DELETE CASCADE,
        CONSTRAINT "fk_cohort_reminders_sent_by" FOREIGN KEY ("sent_by") REFERENCES "users"("id") ON DELETE SET NULL
      )`);
    // A trainer's reminder: one per learner per (UTC) day, whoever sends it.
    await q.query(`CREATE UNIQUE INDEX "uq_cohort_reminders_learner_id_sent_on" ON "cohort_reminders" ("learner_id", "sent_on") WHERE "kind" = 'manual'`);
    // A due-date reminder: once per assignment, learner and threshold.
    await q.query(
      `CREATE UNIQUE INDEX "uq_cohort_reminders_assignment_id_learner_id_kind" ON "cohort_reminders" ("assignment_id", "learner_id", "kind") WHERE "kind" <> 'manual'`,
    );
    await q.query(`CREATE INDEX "idx_cohort_reminders_cohort_id" ON "cohort_reminders" ("cohort_id")`);

    await q.query(`
      CREATE TABLE "trainer_digests" (
        "user_id" uuid NOT NULL,
        "week" date NOT NULL,
        "sent_at" timestamptz NOT NULL DEFAULT now(),
        "learners" integer NOT NULL DEFAULT 0,
        CONSTRAINT "pk_trainer_digests" PRIMARY KEY ("user_id", "week"),
        CONSTRAINT "chk_trainer_digests_learners" CHECK ("learners" >= 0),
        CONSTRAINT "fk_trainer_digests_user_id" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "trainer_digests"`);
    await q.query(`DROP TABLE "cohort_reminders"`);
    await q.query(`DROP TABLE "cohort_attention_settings"`);
    await q.query(`DROP TABLE "notification_preferences"`);
  }
}
