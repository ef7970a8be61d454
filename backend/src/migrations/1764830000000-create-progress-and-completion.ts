import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue #10, progress and completion (docs/progress.md): lesson progress per enrolment and the
 * visible-time intervals that feed it (idempotent by the client's interval id), each learner's
 * grade per quiz as the assessment module reports it, course completions pinned to the
 * enrolment's course version (revocable by a regrade, never deleted), reminders sent before a
 * completion expires, a course version's validity period, archived enrolments (a re-take makes a
 * new one, so the learner/course uniqueness holds for active enrolments only), and the generic
 * job outbox the relay moves to BullMQ.
 */
export class CreateProgressAndCompletion1764830000000 implements MigrationInterface {
  name = 'CreateProgressAndCompletion1764830000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE "course_versions"
        ADD COLUMN "validity_months" integer,
        ADD CONSTRAINT "chk_course_versions_validity_months" CHECK ("validity_months" IS NULL OR "validity_months" BETWEEN 1 AND 120)`);

    await q.query(`
      ALTER TABLE "enrolments"
        ADD COLUMN "archived_at" timestamptz,
        ADD COLUMN "retake_of_id" uuid,
        ADD CONSTRAINT "fk_enrolments_retake_of_id" FOREIGN KEY ("retake_of_id") REFERENCES "enrolments"("id") ON DELETE SET NULL`);
    await q.query(`CREATE INDEX "idx_enrolments_retake_of_id" ON "enrolments" ("retake_of_id")`);
    await q.query(`ALTER TABLE "enrolments" DROP CONSTRAINT "uq_enrolments_user_id_course_id"`);
    await q.query(`CREATE UNIQUE INDEX "uq_enrolments_user_id_course_id" ON "enrolments" ("user_id", "course_id") WHERE "archived_at" IS NULL`);

    await q.query(`
      CREATE TABLE "lesson_progress" (
        "enrolment_id" uuid NOT NULL,
        "lesson_id" uuid NOT NULL,
        "started_at" timestamptz NOT NULL DEFAULT now(),
        "completed_at" timestamptz,
        "time_spent_seconds" integer NOT NULL DEFAULT 0,
        "position" double precision,
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "pk_lesson_progress" PRIMARY KEY ("enrolment_id", "lesson_id"),
        CONSTRAINT "chk_lesson_progress_time_spent_seconds" CHECK ("time_spent_seconds" >= 0),
        CONSTRAINT "chk_lesson_progress_position" CHECK ("position" IS NULL OR "position" BETWEEN 0 AND 1),
        CONSTRAINT "fk_lesson_progress_enrolment_id" FOREIGN KEY ("enrolment_id") REFERENCES "enrolments"("id") ON DELETE CASCADE,
        CONSTRAINT "fk_lesson_progress_lesson_id" FOREIGN KEY ("lesson_id") REFERENCES "lessons"("id") ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX "idx_lesson_progress_lesson_id" ON "lesson_progress" ("lesson_id")`);
    await q.query(`CREATE INDEX "idx_lesson_progress_enrolment_id_updated_at" ON "lesson_progress" ("enrolment_id", "updated_at")`);

    await q.query(`
      CREATE TABLE "lesson_time_intervals" (
        "enrolment_id" uuid NOT NULL,
        "interval_id" uuid NOT NULL,
        "lesson_id" uuid NOT NULL,
        "counted_seconds" integer NOT NULL,
        "recorded_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "pk_lesson_time_intervals" PRIMARY KEY ("enrolment_id", "interval_id"),
        CONSTRAINT "chk_lesson_time_intervals_counted_seconds" CHECK ("counted_seconds" BETWEEN 0 AND 3600),
        CONSTRAINT "fk_lesson_time_intervals_enrolment_id" FOREIGN KEY ("enrolment_id") REFERENCES "enrolments"("id") ON DELETE CASCADE,
        CONSTRAINT "fk_lesson_time_intervals_lesson_id" FOREIGN KEY ("lesson_id") REFERENCES "lessons"("id") ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX "idx_lesson_time_intervals_lesson_id" ON "lesson_time_intervals" ("lesson_id")`);

    await q.query(`
      CREATE TABLE "quiz_grades" (
        "user_id" uuid NOT NULL,
        "quiz_id" uuid NOT NULL,
        "module_id" uuid NOT NULL,
        "percent" double precision,
        "passed" boolean NOT NULL DEFAULT false,
        "attempts_used" integer NOT NULL DEFAULT 0,
        "last_submitted_at" timestamptz,
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "pk_quiz_grades" PRIMARY KEY ("user_id", "quiz_id"),
        CONSTRAINT "chk_quiz_grades_attempts_used" CHECK ("attempts_used" >= 0),
        CONSTRAINT "fk_quiz_grades_user_id" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE,
        CONSTRAINT "fk_quiz_grades_quiz_id" FOREIGN KEY ("quiz_id") REFERENCES "quizzes"("id") ON DELETE CASCADE,
        CONSTRAINT "fk_quiz_grades_module_id" FOREIGN KEY ("module_id") REFERENCES "modules"("id") ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX "idx_quiz_grades_quiz_id" ON "quiz_grades" ("quiz_id")`);
    await q.query(`CREATE INDEX "idx_quiz_grades_module_id" ON "quiz_grades" ("module_id")`);

    await q.query(`
      CREATE TABLE "course_completions" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "enrolment_id" uuid NOT NULL,
        "user_id" uuid NOT NULL,
        "course_id" uuid NOT NULL,
        "course_version_id" uuid NOT NULL,
        "completed_at" timestamptz NOT NULL DEFAULT now(),
        "final_score" double precision,
        "time_spent_seconds" integer NOT NULL DEFAULT 0,
        "expires_at" timestamptz,
        "revoked_at" timestamptz,
        "revoked_reason" text,
        "archived_at" timestamptz,
        CONSTRAINT "pk_course_completions" PRIMARY KEY ("id"),
        CONSTRAINT "chk_course_completions_revoked_reason" CHECK (("revoked_at" IS NULL) = ("revoked_reason" IS NULL)),
        CONSTRAINT "chk_course_completions_time_spent_seconds" CHECK ("time_spent_seconds" >= 0),
        CONSTRAINT "fk_course_completions_enrolment_id" FOREIGN KEY ("enrolment_id") REFERENCES "enrolments"("id") ON DELETE CASCADE,
        CONSTRAINT "fk_course_completions_user_id" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE,
        CONSTRAINT "fk_course_completions_course_id" FOREIGN KEY ("course_id") REFERENCES "courses"("id") ON DELETE RESTRICT,
        CONSTRAINT "fk_course_completions_course_version_id" FOREIGN KEY ("course_version_id") REFERENCES "course_versions"("id") ON DELETE RESTRICT
      )`);
    // At most one standing (not revoked) completion per enrolment; revoked ones stay beside it.
    await q.query(`CREATE UNIQUE INDEX "uq_course_completions_enrolment_id" ON "course_completions" ("enrolment_id") WHERE "revoked_at" IS NULL`);
    await q.query(`CREATE INDEX "idx_course_completions_user_id" ON "course_completions" ("user_id")`);
    await q.query(`CREATE INDEX "idx_course_completions_course_id" ON "course_completions" ("course_id")`);
    await q.query(`CREATE INDEX "idx_course_completions_course_version_id" ON "course_completions" ("course_version_id")`);
    await q.query(
      `CREATE INDEX "idx_course_completions_expires_at" ON "course_completions" ("expires_at") WHERE "expires_at" IS NOT NULL AND "revoked_at" IS NULL AND "archived_at" IS NULL`,
    );

    await q.query(`
      CREATE TABLE "completion_reminders" (
        "completion_id" uuid NOT NULL,
        "days_before" integer NOT NULL,
        "sent_at" timestamptz NOT NULL DEFAULT now(),
        "recipients" integer NOT NULL DEFAULT 0,
        CONSTRAINT "pk_completion_reminders" PRIMARY KEY ("completion_id", "days_before"),
        CONSTRAINT "chk_completion_reminders_days_before" CHECK ("days_before" IN (7, 30)),
        CONSTRAINT "fk_completion_reminders_completion_id" FOREIGN KEY ("completion_id") REFERENCES "course_completions"("id") ON DELETE CASCADE
      )`);

    // Generic: a job to enqueue once this transaction commits (infra/queue/outbox.ts).
    await q.query(`
      CREATE TABLE "job_outbox" (
        "id" bigint GENERATED ALWAYS AS IDENTITY,
        "job_name" text NOT NULL,
        "job_id" text NOT NULL,
        "payload" jsonb NOT NULL,
        "request_id" text,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "attempts" integer NOT NULL DEFAULT 0,
        "last_error" text,
        "sent_at" timestamptz,
        CONSTRAINT "pk_job_outbox" PRIMARY KEY ("id"),
        CONSTRAINT "uq_job_outbox_job_id" UNIQUE ("job_id"),
        CONSTRAINT "chk_job_outbox_attempts" CHECK ("attempts" >= 0)
      )`);
    await q.query(`CREATE INDEX "idx_job_outbox_pending" ON "job_outbox" ("id") WHERE "sent_at" IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "job_outbox"`);
    await q.query(`DROP TABLE "completion_reminders"`);
    await q.query(`DROP TABLE "course_completions"`);
    await q.query(`DROP TABLE "quiz_grades"`);
    await q.query(`DROP TABLE "lesson_time_intervals"`);
    await q.query(`DROP TABLE "lesson_progress"`);
    await q.query(`DELETE FROM "enrolments" WHERE "archived_at" IS NOT NULL`);
    await q.query(`DROP INDEX "uq_enrolments_user_id_course_id"`);
    await q.query(`ALTER TABLE "enrolments" ADD CONSTRAINT "uq_enrolments_user_id_course_id" UNIQUE ("user_id", "course_id")`);
    await q.query(`DROP INDEX "idx_enrolments_retake_of_id"`);
    await q.query(`ALTER TABLE "enrolments" DROP CONSTRAINT "fk_enrolments_retake_of_id", DROP COLUMN "retake_of_id", DROP COLUMN "archived_at"`);
    await q.query(`ALTER TABLE "course_versions" DROP CONSTRAINT "chk_course_versions_validity_months", DROP COLUMN "validity_months"`);
  }
}
