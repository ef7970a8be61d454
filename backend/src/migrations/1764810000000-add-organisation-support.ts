import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue #13: an organisation's safeguarding contact and support line, set by its org admins and
 * shown to its members in the support panel on sensitive pages. Every field is optional; the
 * lengths are checked here too, so no writer can store more than the API accepts.
 * support_version counts saves (optimistic concurrency for the admins' form).
 */
export class AddOrganisationSupport1764810000000 implements MigrationInterface {
  name = 'AddOrganisationSupport1764810000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE "organisations"
        ADD COLUMN "safeguarding_name" text,
        ADD COLUMN "safeguarding_email" text,
        ADD COLUMN "safeguarding_phone" text,
        ADD COLUMN "support_line_name" text,
        ADD COLUMN "support_line_phone" text,
        ADD COLUMN "support_line_url" text,
        ADD COLUMN "support_line_hours" text,
        ADD COLUMN "support_version" integer NOT NULL DEFAULT 0,
        ADD COLUMN "support_updated_at" timestamptz,
        ADD CONSTRAINT "chk_organisations_safeguarding_name" CHECK (char_length("safeguarding_name") <= 120),
        ADD CONSTRAINT "chk_organisations_safeguarding_email" CHECK (char_length("safeguarding_email") <= 254),
        ADD CONSTRAINT "chk_organisations_safeguarding_phone" CHECK (char_length("safeguarding_phone") <= 40),
        ADD CONSTRAINT "chk_organisations_support_line_name" CHECK (char_length("support_line_name") <= 120),
        ADD CONSTRAINT "chk_organisations_support_line_phone" CHECK (char_length("support_line_phone") <= 40),
        ADD CONSTRAINT "chk_organisations_support_line_url" CHECK (char_length("support_line_url") <= 500 AND "support_line_url" LIKE 'https://%'),
        ADD CONSTRAINT "chk_organisations_support_line_hours" CHECK (char_length("support_line_hours") <= 200),
        ADD CONSTRAINT "chk_organisations_support_version" CHECK ("support_version" >= 0)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE "organisations"
        DROP COLUMN "safeguarding_name",
        DROP COLUMN "safeguarding_email",
        DROP COLUMN "safeguarding_phone",
        DROP COLUMN "support_line_name",
        DROP COLUMN "support_line_phone",
        DROP COLUMN "support_line_url",
        DROP COLUMN "support_line_hours",
        DROP COLUMN "support_version",
        DROP COLUMN "support_updated_at"`);
  }
}
