import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue #9: the assessment module's tables (docs/assessment.md). The single-choice questions of
 * the courses module's quiz_questions move into questions/question_versions (type single, same
 * question ids, so the course versions' snapshots still name them), each module with live
 * questions gets a quiz of fixed slots in their order, and quiz_questions is dropped.
 */
export class CreateAssessment1764820000000 implements MigrationInterface {
  name = 'CreateAssessment1764820000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "questions" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "module_id" uuid NOT NULL,
        "slug" text NOT NULL,
        "origin" text NOT NULL DEFAULT 'content',
        "tags" text[] NOT NULL DEFAULT '{}',
        "current_version_id" uuid,
        "retired_at" timestamptz,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "pk_questions" PRIMARY KEY ("id"),
        CONSTRAINT "uq_questions_module_id_slug" UNIQUE ("module_id", "slug"),
        CONSTRAINT "chk_questions_slug" CHECK ("slug" ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
        CONSTRAINT "chk_questions_origin" CHECK ("origin" IN ('content', 'authored')),
        CONSTRAINT "fk_questions_module_id" FOREIGN KEY ("module_id") REFERENCES "modules"("id") ON DELETE RESTRICT
      )`);
    await q.query(`
      CREATE TABLE "question_versions" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "question_id" uuid NOT NULL,
        "version" integer NOT NULL,
        "type" text NOT NULL,
        "prompt" text NOT NULL,
        "definition" jsonb NOT NULL,
        "answer_key" jsonb NOT NULL,
        "general_feedback" text NOT NULL DEFAULT '',
        "source" jsonb NOT NULL,
        "content_hash" text NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "pk_question_versions" PRIMARY KEY ("id"),
        CONSTRAINT "uq_question_versions_question_id_version" UNIQUE ("question_id", "version"),
        CONSTRAINT "chk_question_versions_version" CHECK ("version" >= 1),
        CONSTRAINT "chk_question_versions_type" CHECK ("type" IN ('single', 'multiple', 'true_false', 'numeric', 'short_text', 'matching', 'ordering')),
        CONSTRAINT "chk_question_versions_definition" CHECK (jsonb_typeof("definition") = 'object'),
        CONSTRAINT "chk_question_versions_answer_key" CHECK (jsonb_typeof("answer_key") = 'object'),
        CONSTRAINT "fk_question_versions_question_id" FOREIGN KEY ("question_id") REFERENCES "questions"("id") ON DELETE CASCADE
      )`);
    await q.query(`
      ALTER TABLE "questions" ADD CONSTRAINT "fk_questions_current_version_id"
        FOREIGN KEY ("current_version_id") REFERENCES "question_versions"("id") ON DELETE RESTRICT`);

    await q.query(`
      CREATE TABLE "quizzes" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "module_id" uuid NOT NULL,
        "course_id" uuid,
        "title" text NOT NULL,
        "pass_mark" integer NOT NULL,
        "max_attempts" integer,
        "wait_seconds" integer NOT NULL DEFAULT 0,
        "time_limit_seconds" integer,
        "grading_method" text NOT NULL DEFAULT 'highest',
        "review_policy" jsonb NOT NULL,
        "closes_at" timestamptz,
        "shuffle_questions" boolean NOT NULL DEFAULT true,
        "shuffle_options" boolean NOT NULL DEFAULT true,
        "version" integer NOT NULL DEFAULT 1,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "pk_quizzes" PRIMARY KEY ("id"),
        CONSTRAINT "chk_quizzes_pass_mark" CHECK ("pass_mark" BETWEEN 0 AND 100),
        CONSTRAINT "chk_quizzes_max_attempts" CHECK ("max_attempts" IS NULL OR "max_attempts" >= 1),
        CONSTRAINT "chk_quizzes_wait_seconds" CHECK ("wait_seconds" >= 0),
        CONSTRAINT "chk_quizzes_time_limit_seconds" CHECK ("time_limit_seconds" IS NULL OR "time_limit_seconds" >= 1),
        CONSTRAINT "chk_quizzes_grading_method" CHECK ("grading_method" IN ('highest', 'last', 'first', 'average')),
        CONSTRAINT "chk_quizzes_review_policy" CHECK (jsonb_typeof("review_policy") = 'object'),
        CONSTRAINT "chk_quizzes_version" CHECK ("version" >= 1),
        CONSTRAINT "fk_quizzes_module_id" FOREIGN KEY ("module_id") REFERENCES "modules"("id") ON DELETE RESTRICT,
        CONSTRAINT "fk_quizzes_course_id" FOREIGN KEY ("course_id") REFERENCES "courses"("id") ON DELETE CASCADE
      )`);
    // One module quiz (course_id null) per module, and one per (module, tailored course).
    await q.query(`CREATE UNIQUE INDEX "uq_quizzes_module_id" ON "quizzes" ("module_id") WHERE "course_id" IS NULL`);
    await q.query(`CREATE UNIQUE INDEX "uq_quizzes_module_id_course_id" ON "quizzes" ("module_id", "course_id") WHERE "course_id" IS NOT NULL`);
    await q.query(`CREATE INDEX "idx_quizzes_course_id" ON "quizzes" ("course_id")`);

    await q.query(`
      CREATE TABLE "quiz_slots" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "quiz_id" uuid NOT NULL,
        "position" integer NOT NULL,
        "question_id" uuid,
        "tag" text,
        "draw_count" integer,
        "points" integer NOT NULL DEFAULT 1,
        CONSTRAINT "pk_quiz_slots" PRIMARY KEY ("id"),
        CONSTRAINT "uq_quiz_slots_quiz_id_position" UNIQUE ("quiz_id", "position") DEFERRABLE INITIALLY DEFERRED,
        CONSTRAINT "chk_quiz_slots_position" CHECK ("position" >= 1),
        CONSTRAINT "chk_quiz_slots_question_id" CHECK (("question_id" IS NULL) = ("tag" IS NOT NULL)),
        CONSTRAINT "chk_quiz_slots_draw_count" CHECK (("tag" IS NULL) = ("draw_count" IS NULL) AND ("draw_count" IS NULL OR "draw_count" >= 1)),
        CONSTRAINT "chk_quiz_slots_points" CHECK ("points" > 0),
        CONSTRAINT "fk_quiz_slots_quiz_id" FOREIGN KEY ("quiz_id") REFERENCES "quizzes"("id") ON DELETE CASCADE,
        CONSTRAINT "fk_quiz_slots_question_id" FOREIGN KEY ("question_id") REFERENCES "questions"("id") ON DELETE RESTRICT
      )`);
    await q.query(`CREATE INDEX "idx_quiz_slots_question_id" ON "quiz_slots" ("question_id")`);

    await q.query(`
      CREATE TABLE "quiz_attempts" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "quiz_id" uuid NOT NULL,
        "user_id" uuid NOT NULL,
        "number" integer NOT NULL,
        "status" text NOT NULL DEFAULT 'in_progress',
        "version" integer NOT NULL DEFAULT 1,
        "last_save_hash" text,
        "started_at" timestamptz NOT NULL DEFAULT now(),
        "deadline_at" timestamptz,
        "saved_at" timestamptz,
        "submitted_at" timestamptz,
        "closed_by" text,
        "score" double precision,
        "max_score" double precision NOT NULL,
        "percent" double precision,
        "passed" boolean,
        CONSTRAINT "pk_quiz_attempts" PRIMARY KEY ("id"),
        CONSTRAINT "uq_quiz_attempts_quiz_id_user_id_number" UNIQUE ("quiz_id", "user_id", "number"),
        CONSTRAINT "chk_quiz_attempts_number" CHECK ("number" >= 1),
        CONSTRAINT "chk_quiz_attempts_status" CHECK ("status" IN ('in_progress', 'submitted')),
        CONSTRAINT "chk_quiz_attempts_closed_by" CHECK ("closed_by" IS NULL OR "closed_by" IN ('learner', 'time_limit')),
        CONSTRAINT "chk_quiz_attempts_submitted_at" CHECK (("status" = 'submitted') = ("submitted_at" IS NOT NULL)),
        CONSTRAINT "fk_quiz_attempts_quiz_id" FOREIGN KEY ("quiz_id") REFERENCES "quizzes"("id") ON DELETE RESTRICT,
        CONSTRAINT "fk_quiz_attempts_user_id" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE
      )`);
    // At most one attempt in progress per learner and quiz: two concurrent starts cannot both win.
    await q.query(`CREATE UNIQUE INDEX "uq_quiz_attempts_quiz_id_user_id" ON "quiz_attempts" ("quiz_id", "user_id") WHERE "status" = 'in_progress'`);
    await q.query(`CREATE INDEX "idx_quiz_attempts_user_id" ON "quiz_attempts" ("user_id")`);

    await q.query(`
      CREATE TABLE "attempt_items" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "attempt_id" uuid NOT NULL,
        "position" integer NOT NULL,
        "question_version_id" uuid NOT NULL,
        "option_order" jsonb,
        "answer" jsonb,
        "flagged" boolean NOT NULL DEFAULT false,
        "score" double precision,
        "max_score" double precision NOT NULL,
        CONSTRAINT "pk_attempt_items" PRIMARY KEY ("id"),
        CONSTRAINT "uq_attempt_items_attempt_id_position" UNIQUE ("attempt_id", "position"),
        CONSTRAINT "chk_attempt_items_position" CHECK ("position" >= 1),
        CONSTRAINT "chk_attempt_items_max_score" CHECK ("max_score" > 0),
        CONSTRAINT "fk_attempt_items_attempt_id" FOREIGN KEY ("attempt_id") REFERENCES "quiz_attempts"("id") ON DELETE CASCADE,
        CONSTRAINT "fk_attempt_items_question_version_id" FOREIGN KEY ("question_version_id") REFERENCES "question_versions"("id") ON DELETE RESTRICT
      )`);
    await q.query(`CREATE INDEX "idx_attempt_items_question_version_id" ON "attempt_items" ("question_version_id")`);

    await q.query(`
      CREATE TABLE "assessment_accommodations" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "user_id" uuid NOT NULL,
        "organisation_id" uuid,
        "extra_time_percent" integer NOT NULL,
        "set_by" uuid,
        "note" text,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "pk_assessment_accommodations" PRIMARY KEY ("id"),
        CONSTRAINT "chk_assessment_accommodations_extra_time_percent" CHECK ("extra_time_percent" BETWEEN 0 AND 400),
        CONSTRAINT "fk_assessment_accommodations_user_id" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE,
        CONSTRAINT "fk_assessment_accommodations_organisation_id" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id") ON DELETE CASCADE,
        CONSTRAINT "fk_assessment_accommodations_set_by" FOREIGN KEY ("set_by") REFERENCES "users"("id") ON DELETE SET NULL
      )`);
    await q.query(
      `CREATE UNIQUE INDEX "uq_assessment_accommodations_user_id_organisation_id" ON "assessment_accommodations" ("user_id", "organisation_id") WHERE "organisation_id" IS NOT NULL`,
    );
    await q.query(`CREATE UNIQUE INDEX "uq_assessment_accommodations_user_id" ON "assessment_accommodations" ("user_id") WHERE "organisation_id" IS NULL`);
    await q.query(`CREATE INDEX "idx_assessment_accommodations_organisation_id" ON "assessment_accommodations" ("organisation_id")`);

    // The old single-choice questions, keeping their ids; the explanation becomes the general feedback.
    await q.query(`
      INSERT INTO "questions" ("id", "module_id", "slug", "origin", "tags", "retired_at", "created_at", "updated_at")
      SELECT "id", "module_id", "slug", 'content', '{}', "retired_at", "created_at", "updated_at" FROM "quiz_questions"`);
    await q.query(`
      INSERT INTO "question_versions" ("question_id", "version", "type", "prompt", "definition", "answer_key", "general_feedback", "source", "content_hash", "created_at")
      SELECT "id", 1, 'single', "prompt", jsonb_build_object('options', "options"),
             jsonb_build_object('optionId', "correct_option_id", 'optionFeedback', '{}'::jsonb),
             "explanation", "source", "content_hash", "created_at"
        FROM "quiz_questions"`);
    await q.query(`UPDATE "questions" q SET "current_version_id" = v."id" FROM "question_versions" v WHERE v."question_id" = q."id" AND v."version" = 1`);

    // One quiz per module that has live questions; its pass mark is the highest of the current
    // published versions of the courses that use the module, else 70.
    await q.query(`
      INSERT INTO "quizzes" ("module_id", "title", "pass_mark", "review_policy")
      SELECT m."id", m."title",
             coalesce((SELECT max(v."pass_mark") FROM "course_modules" cm
                         JOIN "course_versions" v ON v."id" = cm."course_version_id"
                         JOIN "courses" c ON c."current_version_id" = v."id"
                        WHERE cm."module_id" = m."id"), 70),
             '{"score":"immediately","correctness":"immediately","correctAnswers":"immediately","feedback":"immediately"}'::jsonb
        FROM "modules" m
       WHERE EXISTS (SELECT 1 FROM "quiz_questions" qq WHERE qq."module_id" = m."id" AND qq."retired_at" IS NULL)`);
    await q.query(`
      INSERT INTO "quiz_slots" ("quiz_id", "position", "question_id", "points")
      SELECT z."id", row_number() OVER (PARTITION BY z."id" ORDER BY qq."position"), qq."id", 1
        FROM "quizzes" z JOIN "quiz_questions" qq ON qq."module_id" = z."module_id" AND qq."retired_at" IS NULL`);

    await q.query(`DROP TABLE "quiz_questions"`);
  }

  async down(q: QueryRunner): Promise<void> {
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
    // Only single-choice questions fit the old table; the others (and attempts) are lost on the way down.
    await q.query(`
      INSERT INTO "quiz_questions" ("id", "module_id", "slug", "position", "prompt", "options", "correct_option_id", "explanation", "source", "content_hash", "created_at", "updated_at", "retired_at")
      SELECT q."id", q."module_id", q."slug",
             CASE WHEN q."retired_at" IS NULL THEN row_number() OVER (PARTITION BY q."module_id", (q."retired_at" IS NULL) ORDER BY q."slug") END,
             v."prompt", v."definition"->'options', v."answer_key"->>'optionId', v."general_feedback", v."source", v."content_hash",
             q."created_at", q."updated_at", q."retired_at"
        FROM "questions" q JOIN "question_versions" v ON v."id" = q."current_version_id"
       WHERE v."type" = 'single'`);
    await q.query(`DROP TABLE "assessment_accommodations"`);
    await q.query(`DROP TABLE "attempt_items"`);
    await q.query(`DROP TABLE "quiz_attempts"`);
    await q.query(`DROP TABLE "quiz_slots"`);
    await q.query(`DROP TABLE "quizzes"`);
    await q.query(`ALTER TABLE "questions" DROP CONSTRAINT "fk_questions_current_version_id"`);
    await q.query(`DROP TABLE "question_versions"`);
    await q.query(`DROP TABLE "questions"`);
  }
}
