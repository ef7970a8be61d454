import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue #9: timed attempts are closed by a sweep in every process (AttemptSweeper) instead of a
 * delayed job per start. Its read, the attempts in progress whose deadline has passed, uses this
 * partial index: it holds only timed attempts in progress, so it stays small however many
 * attempts were ever taken.
 */
export class IndexLapsedAttempts1764836000000 implements MigrationInterface {
  name = 'IndexLapsedAttempts1764836000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX "idx_quiz_attempts_deadline_at" ON "quiz_attempts" ("deadline_at") WHERE "status" = 'in_progress' AND "deadline_at" IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "idx_quiz_attempts_deadline_at"`);
  }
}
