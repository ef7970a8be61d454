import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue #12 at scale (docs/performance.md#cohorts-at-scale): the cohort summary and progress pages
 * count, per enrolment, the lessons touched and completed and the last activity. With completed_at
 * in the index those counts are index-only scans: on 10,000 enrolments of ~41 progress rows each,
 * the summary went from 3.0-4.4 s to 0.63-0.87 s (EXPLAIN in /work/notes/cohorts-perf.md). Same name;
 * completed_at as a third key column rather than INCLUDE, which TypeORM's @Index cannot state.
 */
export class CoverLessonProgressIndex1764856000000 implements MigrationInterface {
  name = 'CoverLessonProgressIndex1764856000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "idx_lesson_progress_enrolment_id_updated_at"`);
    await q.query(`CREATE INDEX "idx_lesson_progress_enrolment_id_updated_at" ON "lesson_progress" ("enrolment_id", "updated_at", "completed_at")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "idx_lesson_progress_enrolment_id_updated_at"`);
    await q.query(`CREATE INDEX "idx_lesson_progress_enrolment_id_updated_at" ON "lesson_progress" ("enrolment_id", "updated_at")`);
  }
}
