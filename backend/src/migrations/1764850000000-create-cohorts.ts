import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue #12: cohorts (docs/cohorts.md). A cohort is a named group of an organisation's people;
 * its members are either registered people (user_id) or, until they accept their invitation,
 * pending ones known by their email (user_id NULL). Courses are assigned to a cohort with start
 * and due dates; an assignment enrols the cohort's registered members, and a pending member is
 * enrolled in every assignment of their cohorts when they join the organisation. An
 * organisation's licence may cap its seats (distinct people in its non-archived cohorts).
 * Indexes serve the trainer's reads: cohorts by organisation, a person's cohorts, a cohort's
 * members in keyset order, pending members by email (activation), assignments by course.
 */
export class CreateCohorts1764850000000 implements MigrationInterface {
  name = 'CreateCohorts1764850000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "cohorts" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "organisation_id" uuid NOT NULL,
        "name" text NOT NULL,
        "description" text,
        "archived_at" timestamptz,
        "created_by" uuid,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "pk_cohorts" PRIMARY KEY ("id"),
        CONSTRAINT "chk_cohorts_name" CHECK (char_length("name") BETWEEN 1 AND 120),
        CONSTRAINT "chk_cohorts_description" CHECK (char_length("description") <= 2000),
        CONSTRAINT "fk_cohorts_organisation_id" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id") ON DELETE CASCADE,
        CONSTRAINT "fk_cohorts_created_by" FOREIGN KEY ("created_by") REFERENCES "users"("id") ON DELETE SET NULL
      )`);
    await q.query(`CREATE UNIQUE INDEX "uq_cohorts_organisation_id_name" ON "cohorts" ("organisation_id", "name") WHERE "archived_at" IS NULL`);
    await q.query(`CREATE INDEX "idx_cohorts_organisation_id_created_at_id" ON "cohorts" ("organisation_id", "created_at", "id")`);

    await q.query(`
      CREATE TABLE "cohort_members" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "cohort_id" uuid NOT NULL,
        "user_id" uuid,
        "email" text,
        "name" text,
        "external_id" text,
        "invitation_id" uuid,
        "added_by" uuid,
        "added_at" timestamptz NOT NULL DEFAULT now(),
        "activated_at" timestamptz,
        CONSTRAINT "pk_cohort_members" PRIMARY KEY ("id"),
        CONSTRAINT "chk_cohort_members_user_id" CHECK ("user_id" IS NOT NULL OR "email" IS NOT NULL),
        CONSTRAINT "chk_cohort_members_email" CHECK ("email" = lower("email") AND char_length("email") <= 254),
        CONSTRAINT "chk_cohort_members_name" CHECK (char_length("name") <= 200),
        CONSTRAINT "chk_cohort_members_external_id" CHECK (char_length("external_id") <= 100),
        CONSTRAINT "fk_cohort_members_cohort_id" FOREIGN KEY ("cohort_id") REFERENCES "cohorts"("id") ON DELETE CASCADE,
        CONSTRAINT "fk_cohort_members_user_id" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE,
        CONSTRAINT "fk_cohort_members_invitation_id" FOREIGN KEY ("invitation_id") REFERENCES "invitations"("id") ON DELETE SET NULL,
        CONSTRAINT "fk_cohort_members_added_by" FOREIGN KEY ("added_by") REFERENCES "users"("id") ON DELETE SET NULL,
        CONSTRAINT "uq_cohort_members_cohort_id_user_id" UNIQUE ("cohort_id", "user_id")
      )`);
    // A pending member (not registered yet) is unique in a cohort by email; emails are stored lower-case.
    await q.query(`CREATE UNIQUE INDEX "uq_cohort_members_cohort_id_email" ON "cohort_members" ("cohort_id", "email") WHERE "user_id" IS NULL`);
    await q.query(`CREATE INDEX "idx_cohort_members_user_id" ON "cohort_members" ("user_id")`);
    await q.query(`CREATE INDEX "idx_cohort_members_email" ON "cohort_members" ("email") WHERE "user_id" IS NULL`);
    await q.query(`CREATE INDEX "idx_cohort_members_invitation_id" ON "cohort_members" ("invitation_id")`);
    await q.query(`CREATE INDEX "idx_cohort_members_cohort_id_added_at_id" ON "cohort_members" ("cohort_id", "added_at", "id")`);

    await q.query(`
      CREATE TABLE "cohort_trainers" (
        "cohort_id" uuid NOT NULL,
        "user_id" uuid NOT NULL,
        "added_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "pk_cohort_trainers" PRIMARY KEY ("cohort_id", "user_id"),
        CONSTRAINT "fk_cohort_trainers_cohort_id" FOREIGN KEY ("cohort_id") REFERENCES "cohorts"("id") ON DELETE CASCADE,
        CONSTRAINT "fk_cohort_trainers_user_id" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX "idx_cohort_trainers_user_id" ON "cohort_trainers" ("user_id")`);

    await q.query(`
      CREATE TABLE "cohort_assignments" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "cohort_id" uuid NOT NULL,
        "course_id" uuid NOT NULL,
        "starts_at" timestamptz,
        "due_at" timestamptz,
        "created_by" uuid,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "pk_cohort_assignments" PRIMARY KEY ("id"),
        CONSTRAINT "chk_cohort_assignments_due_at" CHECK ("due_at" IS NULL OR "starts_at" IS NULL OR "due_at" > "starts_at"),
        CONSTRAINT "fk_cohort_assignments_cohort_id" FOREIGN KEY ("cohort_id") REFERENCES "cohorts"("id") ON DELETE CASCADE,
        CONSTRAINT "fk_cohort_assignments_course_id" FOREIGN KEY ("course_id") REFERENCES "courses"("id") ON DELETE RESTRICT,
        CONSTRAINT "fk_cohort_assignments_created_by" FOREIGN KEY ("created_by") REFERENCES "users"("id") ON DELETE SET NULL,
        CONSTRAINT "uq_cohort_assignments_cohort_id_course_id" UNIQUE ("cohort_id", "course_id")
      )`);
    await q.query(`CREATE INDEX "idx_cohort_assignments_course_id" ON "cohort_assignments" ("course_id")`);
    await q.query(`CREATE INDEX "idx_cohort_assignments_due_at" ON "cohort_assignments" ("due_at") WHERE "due_at" IS NOT NULL`);

    await q.query(`
      CREATE TABLE "organisation_licences" (
        "organisation_id" uuid NOT NULL,
        "seat_limit" integer,
        "updated_by" uuid,
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "pk_organisation_licences" PRIMARY KEY ("organisation_id"),
        CONSTRAINT "chk_organisation_licences_seat_limit" CHECK ("seat_limit" IS NULL OR "seat_limit" >= 0),
        CONSTRAINT "fk_organisation_licences_organisation_id" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id") ON DELETE CASCADE,
        CONSTRAINT "fk_organisation_licences_updated_by" FOREIGN KEY ("updated_by") REFERENCES "users"("id") ON DELETE SET NULL
      )`);

    // Who a tailored course is published to: the whole organisation (as before) or only the
    // members of the cohorts it is assigned to (and the organisation's trainers and admins).
    await q.query(`ALTER TABLE "courses" ADD COLUMN "audience" text NOT NULL DEFAULT 'organisation'`);
    await q.query(`ALTER TABLE "courses" ADD CONSTRAINT "chk_courses_audience" CHECK ("audience" IN ('organisation', 'cohorts'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "courses" DROP CONSTRAINT "chk_courses_audience"`);
    await q.query(`ALTER TABLE "courses" DROP COLUMN "audience"`);
    await q.query(`DROP TABLE "organisation_licences"`);
    await q.query(`DROP TABLE "cohort_assignments"`);
    await q.query(`DROP TABLE "cohort_trainers"`);
    await q.query(`DROP TABLE "cohort_members"`);
    await q.query(`DROP TABLE "cohorts"`);
  }
}
