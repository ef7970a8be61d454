import type { MigrationInterface, QueryRunner } from 'typeorm';
import { rerenderAllLessons } from '../modules/courses/index.js';

/**
 * Issue #7, finding 1: lesson HTML is rendered once, when a lesson is written, and stored in
 * lessons.body_html; reads return it and never render. Existing lessons are rendered here with
 * the same renderer, off the event loop and time-limited (a lesson whose Markdown the renderer
 * refuses gets its text as escaped paragraphs), so no row is left without HTML.
 */
export class AddLessonBodyHtml1764708000000 implements MigrationInterface {
  name = 'AddLessonBodyHtml1764708000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "lessons" ADD COLUMN "body_html" text`);
    await rerenderAllLessons(q);
    await q.query(`ALTER TABLE "lessons" ALTER COLUMN "body_html" SET NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "lessons" DROP COLUMN "body_html"`);
  }
}
