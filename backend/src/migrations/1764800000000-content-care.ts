import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue #13 (content): learning objectives per module, a content note per course version (the
 * sensitive subjects its lessons discuss), the glossary terms a lesson uses, and the glossary
 * itself (the course's own explanations of outside terms, imported from backend/content/glossary.yaml).
 * Existing rows get empty objectives and no note; the next content import fills them.
 */
export class ContentCare1764800000000 implements MigrationInterface {
  name = 'ContentCare1764800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "modules" ADD COLUMN "objectives" text[] NOT NULL DEFAULT '{}'`);
    await q.query(`ALTER TABLE "course_versions" ADD COLUMN "content_note" text`);
    await q.query(`ALTER TABLE "lessons" ADD COLUMN "glossary_terms" text[] NOT NULL DEFAULT '{}'`);
    await q.query(`
      CREATE TABLE "glossary_terms" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "slug" text NOT NULL,
        "position" integer,
        "term" text NOT NULL,
        "definition" text NOT NULL,
        "label" text NOT NULL,
        "appears_in" jsonb NOT NULL,
        "content_hash" text NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        "retired_at" timestamptz,
        CONSTRAINT "pk_glossary_terms" PRIMARY KEY ("id"),
        CONSTRAINT "uq_glossary_terms_slug" UNIQUE ("slug"),
        CONSTRAINT "chk_glossary_terms_slug" CHECK ("slug" ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
        CONSTRAINT "chk_glossary_terms_label" CHECK ("label" IN ('course-explanation')),
        CONSTRAINT "chk_glossary_terms_retired_at" CHECK (("retired_at" IS NULL) = ("position" IS NOT NULL)),
        CONSTRAINT "chk_glossary_terms_appears_in" CHECK (jsonb_typeof("appears_in") = 'array')
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "glossary_terms"`);
    await q.query(`ALTER TABLE "lessons" DROP COLUMN "glossary_terms"`);
    await q.query(`ALTER TABLE "course_versions" DROP COLUMN "content_note"`);
    await q.query(`ALTER TABLE "modules" DROP COLUMN "objectives"`);
  }
}
