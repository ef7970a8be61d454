import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue #4, the rest of the backend: who owns a course or module (the importer or the authoring
 * API), organisation-only (tailored) courses, enrolments pinned to a course version, and
 * tailored-training enquiries.
 */
export class CreateEnrolmentsTailoredCoursesEnquiries1764600000000 implements MigrationInterface {
  name = 'CreateEnrolmentsTailoredCoursesEnquiries1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE "courses"
        ADD COLUMN "origin" text NOT NULL DEFAULT 'content',
        ADD COLUMN "visibility" text NOT NULL DEFAULT 'public',
        ADD COLUMN "organisation_id" uuid,
        ADD CONSTRAINT "chk_courses_origin" CHECK ("origin" IN ('content', 'authored')),
        ADD CONSTRAINT "chk_courses_visibility" CHECK ("visibility" IN ('public', 'organisation')),
        ADD CONSTRAINT "chk_courses_organisation_id" CHECK (("organisation_id" IS NULL) = ("visibility" = 'public')),
        ADD CONSTRAINT "fk_courses_organisation_id" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id") ON DELETE RESTRICT`);
    await q.query(`CREATE INDEX "idx_courses_organisation_id" ON "courses" ("organisation_id")`);
    await q.query(`
      ALTER TABLE "course_versions"
        ADD COLUMN "default_due_period_days" integer,
        ADD CONSTRAINT "chk_course_versions_default_due_period_days" CHECK ("default_due_period_days" IS NULL OR "default_due_period_days" BETWEEN 1 AND 365)`);
    await q.query(`
      ALTER TABLE "modules"
        ADD COLUMN "origin" text NOT NULL DEFAULT 'content',
        ADD CONSTRAINT "chk_modules_origin" CHECK ("origin" IN ('content', 'authored'))`);
    await q.query(`
      CREATE TABLE "enrolments" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "user_id" uuid NOT NULL,
        "course_id" uuid NOT NULL,
        "course_version_id" uuid NOT NULL,
        "enrolled_at" timestamptz NOT NULL DEFAULT now(),
        "due_at" timestamptz,
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "pk_enrolments" PRIMARY KEY ("id"),
        CONSTRAINT "uq_enrolments_user_id_course_id" UNIQUE ("user_id", "course_id"),
        CONSTRAINT "fk_enrolments_user_id" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE,
        CONSTRAINT "fk_enrolments_course_id" FOREIGN KEY ("course_id") REFERENCES "courses"("id") ON DELETE RESTRICT,
        CONSTRAINT "fk_enrolments_course_version_id" FOREIGN KEY ("course_version_id") REFERENCES "course_versions"("id") ON DELETE RESTRICT
      )`);
    await q.query(`CREATE INDEX "idx_enrolments_course_version_id" ON "enrolments" ("course_version_id")`);
    await q.query(`CREATE INDEX "idx_enrolments_user_id_enrolled_at_id" ON "enrolments" ("user_id", "enrolled_at", "id")`);
    await q.query(`
      CREATE TABLE "enquiries" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "organisation" text NOT NULL,
        "contact_name" text NOT NULL,
        "email" text NOT NULL,
        "needs" text NOT NULL,
        "staff_count" integer NOT NULL,
        "preferred_timing" text,
        "status" text NOT NULL DEFAULT 'new',
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "pk_enquiries" PRIMARY KEY ("id"),
        CONSTRAINT "chk_enquiries_status" CHECK ("status" IN ('new', 'in_progress', 'closed')),
        CONSTRAINT "chk_enquiries_staff_count" CHECK ("staff_count" BETWEEN 1 AND 1000000)
      )`);
    await q.query(`CREATE INDEX "idx_enquiries_created_at_id" ON "enquiries" ("created_at", "id")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "enquiries"`);
    await q.query(`DROP TABLE "enrolments"`);
    await q.query(`ALTER TABLE "modules" DROP CONSTRAINT "chk_modules_origin", DROP COLUMN "origin"`);
    await q.query(`
      ALTER TABLE "course_versions" DROP CONSTRAINT "chk_course_versions_default_due_period_days", DROP COLUMN "default_due_period_days"`);
    await q.query(`DROP INDEX "idx_courses_organisation_id"`);
    await q.query(`
      ALTER TABLE "courses"
        DROP CONSTRAINT "fk_courses_organisation_id",
        DROP CONSTRAINT "chk_courses_organisation_id",
        DROP CONSTRAINT "chk_courses_visibility",
        DROP CONSTRAINT "chk_courses_origin",
        DROP COLUMN "organisation_id",
        DROP COLUMN "visibility",
        DROP COLUMN "origin"`);
  }
}
