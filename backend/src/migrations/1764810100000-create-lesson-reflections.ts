import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue #13: a learner's private reflection or action plan on a lesson, one per learner and
 * lesson. Only its writer ever reads it (and their data export); it is erased when the account is
 * deleted. `version` counts saves, for optimistic concurrency between two open tabs.
 */
export class CreateLessonReflections1764810100000 implements MigrationInterface {
  name = 'CreateLessonReflections1764810100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "lesson_reflections" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "user_id" uuid NOT NULL,
        "lesson_id" uuid NOT NULL,
        "text" text NOT NULL,
        "version" integer NOT NULL DEFAULT 1,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "pk_lesson_reflections" PRIMARY KEY ("id"),
        CONSTRAINT "uq_lesson_reflections_user_id_lesson_id" UNIQUE ("user_id", "lesson_id"),
        CONSTRAINT "chk_lesson_reflections_text" CHECK (char_length("text") <= 5000),
        CONSTRAINT "chk_lesson_reflections_version" CHECK ("version" >= 1),
        CONSTRAINT "fk_lesson_reflections_user_id" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE,
        CONSTRAINT "fk_lesson_reflections_lesson_id" FOREIGN KEY ("lesson_id") REFERENCES "lessons"("id") ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX "idx_lesson_reflections_lesson_id" ON "lesson_reflections" ("lesson_id")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "lesson_reflections"`);
  }
}
