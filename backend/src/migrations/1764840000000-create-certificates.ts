import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue #11: certificates (docs/certificates.md). One current certificate per completion (a
 * re-issue supersedes the old row, which stays, revoked, for verification); its PDF is stored
 * under storage_key before the row commits. status_index is the certificate's place in the
 * published status list (credentials), allocated from a sequence. Bulk (re-)issues are batches
 * with one item per completion.
 */
export class CreateCertificates1764840000000 implements MigrationInterface {
  name = 'CreateCertificates1764840000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SEQUENCE "certificates_status_index_seq" AS integer MINVALUE 0 START WITH 0`);
    await q.query(`
      CREATE TABLE "certificate_batches" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "requested_by" uuid,
        "reason" text NOT NULL,
        "filter" jsonb NOT NULL,
        "total" integer NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "pk_certificate_batches" PRIMARY KEY ("id"),
        CONSTRAINT "chk_certificate_batches_total" CHECK ("total" >= 0),
        CONSTRAINT "fk_certificate_batches_requested_by" FOREIGN KEY ("requested_by") REFERENCES "users"("id") ON DELETE SET NULL
      )`);
    await q.query(`
      CREATE TABLE "certificates" (
        "id" uuid NOT NULL,
        "completion_id" uuid NOT NULL,
        "user_id" uuid NOT NULL,
        "course_id" uuid NOT NULL,
        "course_version_id" uuid NOT NULL,
        "organisation_id" uuid,
        "code" text NOT NULL,
        "holder_name" text NOT NULL,
        "course_title" text NOT NULL,
        "course_slug" text NOT NULL,
        "course_version" integer NOT NULL,
        "issuer_name" text NOT NULL,
        "completed_at" timestamptz NOT NULL,
        "issued_at" timestamptz NOT NULL DEFAULT now(),
        "expires_at" timestamptz,
        "learning_minutes" integer NOT NULL,
        "score" double precision,
        "storage_key" text NOT NULL,
        "status_index" integer NOT NULL,
        "batch_id" uuid,
        "revoked_at" timestamptz,
        "revoked_by" uuid,
        "revocation_reason" text,
        "superseded_at" timestamptz,
        "superseded_by_id" uuid,
        CONSTRAINT "pk_certificates" PRIMARY KEY ("id"),
        CONSTRAINT "uq_certificates_code" UNIQUE ("code"),
        CONSTRAINT "uq_certificates_status_index" UNIQUE ("status_index"),
        CONSTRAINT "uq_certificates_storage_key" UNIQUE ("storage_key"),
        CONSTRAINT "chk_certificates_code" CHECK ("code" ~ '^HTM(-[0-9A-HJKMNP-TV-Z]{4}){3}$'),
        CONSTRAINT "chk_certificates_revocation_reason" CHECK (("revoked_at" IS NULL) = ("revocation_reason" IS NULL)),
        CONSTRAINT "chk_certificates_superseded" CHECK ("superseded_at" IS NULL OR "revoked_at" IS NOT NULL),
        CONSTRAINT "chk_certificates_learning_minutes" CHECK ("learning_minutes" >= 0),
        CONSTRAINT "fk_certificates_completion_id" FOREIGN KEY ("completion_id") REFERENCES "course_completions"("id") ON DELETE CASCADE,
        CONSTRAINT "fk_certificates_user_id" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE,
        CONSTRAINT "fk_certificates_course_id" FOREIGN KEY ("course_id") REFERENCES "courses"("id") ON DELETE RESTRICT,
        CONSTRAINT "fk_certificates_course_version_id" FOREIGN KEY ("course_version_id") REFERENCES "course_versions"("id") ON DELETE RESTRICT,
        CONSTRAINT "fk_certificates_organisation_id" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id") ON DELETE SET NULL,
        CONSTRAINT "fk_certificates_batch_id" FOREIGN KEY ("batch_id") REFERENCES "certificate_batches"("id") ON DELETE SET NULL,
        CONSTRAINT "fk_certificates_revoked_by" FOREIGN KEY ("revoked_by") REFERENCES "users"("id") ON DELETE SET NULL,
        CONSTRAINT "fk_certificates_superseded_by_id" FOREIGN KEY ("superseded_by_id") REFERENCES "certificates"("id") ON DELETE SET NULL
      )`);
    // Exactly one current certificate per completion: the issuing handler's INSERT … ON CONFLICT relies on it.
    await q.query(`CREATE UNIQUE INDEX "uq_certificates_completion_id" ON "certificates" ("completion_id") WHERE "superseded_at" IS NULL`);
    await q.query(`CREATE INDEX "idx_certificates_user_id_issued_at" ON "certificates" ("user_id", "issued_at", "id")`);
    await q.query(`CREATE INDEX "idx_certificates_organisation_id_issued_at" ON "certificates" ("organisation_id", "issued_at", "id")`);
    await q.query(`CREATE INDEX "idx_certificates_course_id" ON "certificates" ("course_id")`);
    await q.query(`CREATE INDEX "idx_certificates_course_version_id" ON "certificates" ("course_version_id")`);
    await q.query(`CREATE INDEX "idx_certificates_batch_id" ON "certificates" ("batch_id")`);
    await q.query(`CREATE INDEX "idx_certificates_revoked_by" ON "certificates" ("revoked_by")`);
    await q.query(`CREATE INDEX "idx_certificates_superseded_by_id" ON "certificates" ("superseded_by_id")`);
    await q.query(`
      CREATE TABLE "certificate_batch_items" (
        "batch_id" uuid NOT NULL,
        "completion_id" uuid NOT NULL,
        "state" text NOT NULL DEFAULT 'pending',
        "certificate_id" uuid,
        "error" text,
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "pk_certificate_batch_items" PRIMARY KEY ("batch_id", "completion_id"),
        CONSTRAINT "chk_certificate_batch_items_state" CHECK ("state" IN ('pending', 'done', 'skipped', 'failed')),
        CONSTRAINT "fk_certificate_batch_items_batch_id" FOREIGN KEY ("batch_id") REFERENCES "certificate_batches"("id") ON DELETE CASCADE,
        CONSTRAINT "fk_certificate_batch_items_completion_id" FOREIGN KEY ("completion_id") REFERENCES "course_completions"("id") ON DELETE CASCADE,
        CONSTRAINT "fk_certificate_batch_items_certificate_id" FOREIGN KEY ("certificate_id") REFERENCES "certificates"("id") ON DELETE SET NULL
      )`);
    await q.query(`CREATE INDEX "idx_certificate_batch_items_completion_id" ON "certificate_batch_items" ("completion_id")`);
    await q.query(`CREATE INDEX "idx_certificate_batch_items_certificate_id" ON "certificate_batch_items" ("certificate_id")`);
    await q.query(`CREATE INDEX "idx_certificate_batches_requested_by" ON "certificate_batches" ("requested_by")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "certificate_batch_items"`);
    await q.query(`DROP TABLE "certificates"`);
    await q.query(`DROP TABLE "certificate_batches"`);
    await q.query(`DROP SEQUENCE "certificates_status_index_seq"`);
  }
}
