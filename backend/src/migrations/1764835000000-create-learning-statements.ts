import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue #10: learning records, one xAPI 1.0.3 statement per learning event (docs/learning-records.md).
 * The whole statement is stored as it will be served; beside it the columns exports and a later
 * LRS filter on (actor's account, organisation, verb, activity, registration, stored). Keyset order
 * is (stored, id). Only the user is a foreign key: records outlive courses and organisations, and
 * account deletion erases a person's records (the cascade covers a hard delete; the anonymising
 * deletion deletes them explicitly).
 */
export class CreateLearningStatements1764835000000 implements MigrationInterface {
  name = 'CreateLearningStatements1764835000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "learning_statements" (
        "id" uuid NOT NULL,
        "user_id" uuid,
        "organisation_id" uuid,
        "course_id" uuid,
        "course_version_id" uuid,
        "registration" uuid,
        "verb_id" text NOT NULL,
        "object_id" text NOT NULL,
        "timestamp" timestamptz NOT NULL,
        "stored" timestamptz NOT NULL DEFAULT now(),
        "statement" jsonb NOT NULL,
        "voided" boolean NOT NULL DEFAULT false,
        CONSTRAINT "pk_learning_statements" PRIMARY KEY ("id"),
        CONSTRAINT "chk_learning_statements_statement" CHECK (jsonb_typeof("statement") = 'object' AND "statement"->>'id' = "id"::text),
        CONSTRAINT "fk_learning_statements_user_id" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX "idx_learning_statements_user_id_stored_id" ON "learning_statements" ("user_id", "stored", "id")`);
    await q.query(`CREATE INDEX "idx_learning_statements_organisation_id_stored_id" ON "learning_statements" ("organisation_id", "stored", "id")`);
    await q.query(`CREATE INDEX "idx_learning_statements_stored_id" ON "learning_statements" ("stored", "id")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "learning_statements"`);
  }
}
