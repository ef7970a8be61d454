import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The publications library and the courses built from it (issue #4): publications with a
 * full-text search vector, modules, lessons, quiz questions, and versioned courses.
 *
 * Content rows are written only by the content importer (backend/content), keyed by the slugs in
 * those files. Rows that disappear from the files are retired, never deleted: learners' records
 * (later issues) and earlier course versions keep pointing at them.
 */
export class CreateCatalogue1764500000000 implements MigrationInterface {
  name = 'CreateCatalogue1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "publications" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "slug" text NOT NULL,
        "title" text NOT NULL,
        "publisher" text NOT NULL,
        "published_year" integer,
        "published_month" integer,
        "published_day" integer,
        "region" text,
        "topics" jsonb NOT NULL,
        "summary" text NOT NULL,
        "findings" jsonb NOT NULL,
        "credit" jsonb,
        "source_url" text,
        "source_text" text NOT NULL,
        "content_hash" text NOT NULL,
        "search_vector" tsvector GENERATED ALWAYS AS (setweight(to_tsvector('english', "title"), 'A') || setweight(to_tsvector('english', "summary"), 'B') || setweight(to_tsvector('english', "topics"), 'B') || setweight(to_tsvector('english', jsonb_path_query_array("findings", '$[*].text')), 'C')) STORED,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        "retired_at" timestamptz,
        CONSTRAINT "pk_publications" PRIMARY KEY ("id"),
        CONSTRAINT "uq_publications_slug" UNIQUE ("slug"),
        CONSTRAINT "chk_publications_slug" CHECK ("slug" ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
        CONSTRAINT "chk_publications_published_year" CHECK ("published_year" IS NULL OR "published_year" BETWEEN 1800 AND 2200),
        CONSTRAINT "chk_publications_published_month" CHECK ("published_month" IS NULL OR ("published_month" BETWEEN 1 AND 12 AND "published_year" IS NOT NULL)),
        CONSTRAINT "chk_publications_published_day" CHECK ("published_day" IS NULL OR ("published_day" BETWEEN 1 AND 31 AND "published_month" IS NOT NULL)),
        CONSTRAINT "chk_publications_source_url" CHECK ("source_url" IS NULL OR "source_url" ~ '^https?://'),
        CONSTRAINT "chk_publications_topics" CHECK (jsonb_typeof("topics") = 'array'),
        CONSTRAINT "chk_publications_findings" CHECK (jsonb_typeof("findings") = 'array')
      )`);
    await q.query(`CREATE INDEX "idx_publications_search_vector" ON "publications" USING gin ("search_vector")`);
    // TypeORM cannot read a generated column's expression back from PostgreSQL in a comparable
    // form, so it keeps its own copy in typeorm_metadata; without this row the entities-vs-schema
    // check would see a difference. The expression must equal the entity's asExpression.
    await q.query(`
      CREATE TABLE IF NOT EXISTS "typeorm_metadata" (
        "type" varchar NOT NULL,
        "database" varchar,
        "schema" varchar,
        "table" varchar,
        "name" varchar,
        "value" text
      )`);
    await q.query(`
      INSERT INTO "typeorm_metadata" ("type", "database", "schema", "table", "name", "value")
      VALUES ('GENERATED_COLUMN', current_database(), current_schema(), 'publications', 'search_vector',
        $expr$setweight(to_tsvector('english', "title"), 'A') || setweight(to_tsvector('english', "summary"), 'B') || setweight(to_tsvector('english', "topics"), 'B') || setweight(to_tsvector('english', jsonb_path_query_array("findings", '$[*].text')), 'C')$expr$)`);

    await q.query(`
      CREATE TABLE "publication_figures" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "publication_id" uuid NOT NULL,
        "position" integer NOT NULL,
        "value" text NOT NULL,
        "label" text NOT NULL,
        "passage" text NOT NULL,
        CONSTRAINT "pk_publication_figures" PRIMARY KEY ("id"),
        CONSTRAINT "uq_publication_figures_publication_id_position" UNIQUE ("publication_id", "position"),
        CONSTRAINT "chk_publication_figures_position" CHECK ("position" >= 1),
        CONSTRAINT "fk_publication_figures_publication_id" FOREIGN KEY ("publication_id") REFERENCES "publications"("id") ON DELETE CASCADE
      )`);

    await q.query(`
      CREATE TABLE "modules" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "slug" text NOT NULL,
        "publication_id" uuid NOT NULL,
        "title" text NOT NULL,
        "summary" text NOT NULL,
        "content_hash" text NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        "retired_at" timestamptz,
        CONSTRAINT "pk_modules" PRIMARY KEY ("id"),
        CONSTRAINT "uq_modules_slug" UNIQUE ("slug"),
        CONSTRAINT "chk_modules_slug" CHECK ("slug" ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
        CONSTRAINT "fk_modules_publication_id" FOREIGN KEY ("publication_id") REFERENCES "publications"("id") ON DELETE RESTRICT
      )`);
    await q.query(`CREATE INDEX "idx_modules_publication_id" ON "modules" ("publication_id")`);

    // position is NULL exactly when the row is retired, so a retired lesson never holds a place.
    // The (module, position) uniqueness is checked at commit: reordering swaps positions in place.
    await q.query(`
      CREATE TABLE "lessons" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "module_id" uuid NOT NULL,
        "slug" text NOT NULL,
        "position" integer,
        "title" text NOT NULL,
        "estimated_minutes" integer NOT NULL,
        "objectives" text[] NOT NULL,
        "content_note" text,
        "body_markdown" text NOT NULL,
        "sources" jsonb NOT NULL,
        "content_hash" text NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        "retired_at" timestamptz,
        CONSTRAINT "pk_lessons" PRIMARY KEY ("id"),
        CONSTRAINT "uq_lessons_module_id_slug" UNIQUE ("module_id", "slug"),
        CONSTRAINT "uq_lessons_module_id_position" UNIQUE ("module_id", "position") DEFERRABLE INITIALLY DEFERRED,
        CONSTRAINT "chk_lessons_slug" CHECK ("slug" ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
        CONSTRAINT "chk_lessons_position" CHECK ("position" >= 1),
        CONSTRAINT "chk_lessons_retired_at" CHECK (("retired_at" IS NULL) = ("position" IS NOT NULL)),
        CONSTRAINT "chk_lessons_estimated_minutes" CHECK ("estimated_minutes" BETWEEN 1 AND 600),
        CONSTRAINT "chk_lessons_sources" CHECK (jsonb_typeof("sources") = 'array'),
        CONSTRAINT "fk_lessons_module_id" FOREIGN KEY ("module_id") REFERENCES "modules"("id") ON DELETE RESTRICT
      )`);

    await q.query(`
      CREATE TABLE "quiz_questions" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "module_id" uuid NOT NULL,
        "slug" text NOT NULL,
        "position" integer,
        "prompt" text NOT NULL,
        "options" jsonb NOT NULL,
        "correct_option_id" text NOT NULL,
        "explanation" text NOT NULL,
        "source" jsonb NOT NULL,
        "content_hash" text NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        "retired_at" timestamptz,
        CONSTRAINT "pk_quiz_questions" PRIMARY KEY ("id"),
        CONSTRAINT "uq_quiz_questions_module_id_slug" UNIQUE ("module_id", "slug"),
        CONSTRAINT "uq_quiz_questions_module_id_position" UNIQUE ("module_id", "position") DEFERRABLE INITIALLY DEFERRED,
        CONSTRAINT "chk_quiz_questions_slug" CHECK ("slug" ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
        CONSTRAINT "chk_quiz_questions_position" CHECK ("position" >= 1),
        CONSTRAINT "chk_quiz_questions_retired_at" CHECK (("retired_at" IS NULL) = ("position" IS NOT NULL)),
        CONSTRAINT "chk_quiz_questions_options" CHECK (jsonb_typeof("options") = 'array'),
        CONSTRAINT "chk_quiz_questions_correct_option_id" CHECK (jsonb_path_exists("options", '$[*] ? (@.id == $id)', jsonb_build_object('id', "correct_option_id"))),
        CONSTRAINT "fk_quiz_questions_module_id" FOREIGN KEY ("module_id") REFERENCES "modules"("id") ON DELETE RESTRICT
      )`);

    await q.query(`
      CREATE TABLE "courses" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "slug" text NOT NULL,
        "status" text NOT NULL,
        "current_version_id" uuid,
        "content_hash" text NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        "retired_at" timestamptz,
        CONSTRAINT "pk_courses" PRIMARY KEY ("id"),
        CONSTRAINT "uq_courses_slug" UNIQUE ("slug"),
        CONSTRAINT "chk_courses_slug" CHECK ("slug" ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
        CONSTRAINT "chk_courses_status" CHECK ("status" IN ('draft', 'published'))
      )`);
    // What a learner is pinned to: the course's wording, pass mark and module list at publication.
    await q.query(`
      CREATE TABLE "course_versions" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "course_id" uuid NOT NULL,
        "version" integer NOT NULL,
        "title" text NOT NULL,
        "summary" text NOT NULL,
        "audience" text NOT NULL,
        "objectives" text[] NOT NULL,
        "pass_mark" integer NOT NULL,
        "content_hash" text NOT NULL,
        "snapshot" jsonb NOT NULL,
        "published_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "pk_course_versions" PRIMARY KEY ("id"),
        CONSTRAINT "uq_course_versions_course_id_version" UNIQUE ("course_id", "version"),
        CONSTRAINT "chk_course_versions_version" CHECK ("version" >= 1),
        CONSTRAINT "chk_course_versions_pass_mark" CHECK ("pass_mark" BETWEEN 0 AND 100),
        CONSTRAINT "fk_course_versions_course_id" FOREIGN KEY ("course_id") REFERENCES "courses"("id") ON DELETE RESTRICT
      )`);
    await q.query(`
      ALTER TABLE "courses" ADD CONSTRAINT "fk_courses_current_version_id"
        FOREIGN KEY ("current_version_id") REFERENCES "course_versions"("id") ON DELETE RESTRICT`);

    await q.query(`
      CREATE TABLE "course_modules" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "course_version_id" uuid NOT NULL,
        "module_id" uuid NOT NULL,
        "position" integer NOT NULL,
        CONSTRAINT "pk_course_modules" PRIMARY KEY ("id"),
        CONSTRAINT "uq_course_modules_course_version_id_position" UNIQUE ("course_version_id", "position"),
        CONSTRAINT "uq_course_modules_course_version_id_module_id" UNIQUE ("course_version_id", "module_id"),
        CONSTRAINT "chk_course_modules_position" CHECK ("position" >= 1),
        CONSTRAINT "fk_course_modules_course_version_id" FOREIGN KEY ("course_version_id") REFERENCES "course_versions"("id") ON DELETE CASCADE,
        CONSTRAINT "fk_course_modules_module_id" FOREIGN KEY ("module_id") REFERENCES "modules"("id") ON DELETE RESTRICT
      )`);
    await q.query(`CREATE INDEX "idx_course_modules_module_id" ON "course_modules" ("module_id")`);

    // "Take module B after module A", within one course version.
    await q.query(`
      CREATE TABLE "course_module_prerequisites" (
        "course_module_id" uuid NOT NULL,
        "required_course_module_id" uuid NOT NULL,
        CONSTRAINT "pk_course_module_prerequisites" PRIMARY KEY ("course_module_id", "required_course_module_id"),
        CONSTRAINT "chk_course_module_prerequisites_course_module_id" CHECK ("course_module_id" <> "required_course_module_id"),
        CONSTRAINT "fk_course_module_prerequisites_course_module_id" FOREIGN KEY ("course_module_id") REFERENCES "course_modules"("id") ON DELETE CASCADE,
        CONSTRAINT "fk_course_module_prerequisites_required_course_module_id" FOREIGN KEY ("required_course_module_id") REFERENCES "course_modules"("id") ON DELETE CASCADE
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "course_module_prerequisites"`);
    await q.query(`DROP TABLE "course_modules"`);
    await q.query(`ALTER TABLE "courses" DROP CONSTRAINT "fk_courses_current_version_id"`);
    await q.query(`DROP TABLE "course_versions"`);
    await q.query(`DROP TABLE "courses"`);
    await q.query(`DROP TABLE "quiz_questions"`);
    await q.query(`DROP TABLE "lessons"`);
    await q.query(`DROP TABLE "modules"`);
    await q.query(`DROP TABLE "publication_figures"`);
    await q.query(`DROP TABLE "publications"`);
    await q.query(`
      DELETE FROM "typeorm_metadata"
       WHERE "type" = 'GENERATED_COLUMN' AND "table" = 'publications' AND "name" = 'search_vector'`);
    // Another migration may keep its own generated columns there: drop the table only if empty.
    await q.query(`
      DO $$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM "typeorm_metadata") THEN DROP TABLE "typeorm_metadata"; END IF;
      END $$`);
  }
}
