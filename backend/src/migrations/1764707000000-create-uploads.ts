import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue #7, finding 11: uploads are recorded, each charged to an organisation or (null) to the
 * platform's allowance, so a storage quota can be enforced and shown. Files uploaded before this
 * migration are not in the table: they keep being served but count against no quota.
 */
export class CreateUploads1764707000000 implements MigrationInterface {
  name = 'CreateUploads1764707000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "uploads" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "file_name" text NOT NULL,
        "organisation_id" uuid,
        "uploaded_by" uuid,
        "size_bytes" integer NOT NULL,
        "content_type" text NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "pk_uploads" PRIMARY KEY ("id"),
        CONSTRAINT "uq_uploads_file_name" UNIQUE ("file_name"),
        CONSTRAINT "chk_uploads_file_name" CHECK ("file_name" ~ '^[a-f0-9]{32}\\.(png|jpg|webp|gif)$'),
        CONSTRAINT "chk_uploads_size_bytes" CHECK ("size_bytes" > 0),
        CONSTRAINT "fk_uploads_organisation_id" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id") ON DELETE RESTRICT,
        CONSTRAINT "fk_uploads_uploaded_by" FOREIGN KEY ("uploaded_by") REFERENCES "users"("id") ON DELETE SET NULL
      )`);
    await q.query(`CREATE INDEX "idx_uploads_organisation_id" ON "uploads" ("organisation_id")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "uploads"`);
  }
}
