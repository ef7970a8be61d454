import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { OwnReflection, ReflectionExport } from '../../common/auth/learning-records-reader.js';

interface ReflectionRow {
  lessonId: string;
  text: string;
  version: number;
  updatedAt: Date;
}

const toOwn = (r: ReflectionRow): OwnReflection => ({ lessonId: r.lessonId, text: r.text, version: r.version, updatedAt: new Date(r.updatedAt).toISOString() });

/**
 * Private reflections. Every query is scoped by the writer's user id: there is no query by
 * lesson or organisation alone, so no caller can read another person's notes through here.
 */
@Injectable()
export class ReflectionsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async findOwn(userId: string, lessonId: string): Promise<OwnReflection | null> {
    const rows: ReflectionRow[] = await this.db.query(
      `SELECT lesson_id AS "lessonId", text, version, updated_at AS "updatedAt" FROM lesson_reflections WHERE user_id = $1 AND lesson_id = $2`,
      [userId, lessonId],
    );
    return rows[0] ? toOwn(rows[0]) : null;
  }

  /**
   * Saves the text only while the note is still at `expectedVersion` (0: there is none yet), so
   * two tabs saving from the same loaded note cannot overwrite each other unseen. Answers the saved
   * note, or 'stale' with the current one (null when it was deleted meanwhile).
   */
  async save(userId: string, lessonId: string, text: string, expectedVersion: number): Promise<{ saved: OwnReflection } | { stale: OwnReflection | null }> {
    if (expectedVersion === 0) {
      const inserted: ReflectionRow[] = await this.db.query(
        `INSERT INTO lesson_reflections (user_id, lesson_id, text) VALUES ($1, $2, $3)
         ON CONFLICT ON CONSTRAINT uq_lesson_reflections_user_id_lesson_id DO NOTHING
         RETURNING lesson_id AS "lessonId", text, version, updated_at AS "updatedAt"`,
        [userId, lessonId, text],
      );
      if (inserted[0]) return { saved: toOwn(inserted[0]) };
      return { stale: await this.findOwn(userId, lessonId) };
    }
    const [updated] = (await this.db.query(
      `UPDATE lesson_reflections SET text = $3, version = version + 1, updated_at = now()
        WHERE user_id = $1 AND lesson_id = $2 AND version = $4
        RETURNING lesson_id AS "lessonId", text, version, updated_at AS "updatedAt"`,
      [userId, lessonId, text, expectedVersion],
    )) as [ReflectionRow[], number];
    if (updated[0]) return { saved: toOwn(updated[0]) };
    return { stale: await this.findOwn(userId, lessonId) };
  }

  async listAllForUser(userId: string): Promise<ReflectionExport[]> {
    const rows: (ReflectionRow & { lessonTitle: string; moduleTitle: string })[] = await this.db.query(
      `SELECT r.lesson_id AS "lessonId", r.text, r.version, r.updated_at AS "updatedAt", l.title AS "lessonTitle", m.title AS "moduleTitle"
         FROM lesson_reflections r JOIN lessons l ON l.id = r.lesson_id JOIN modules m ON m.id = l.module_id
        WHERE r.user_id = $1
        ORDER BY r.updated_at, r.id
        LIMIT 10000`,
      [userId],
    );
    return rows.map((r) => ({ ...toOwn(r), lessonTitle: r.lessonTitle, moduleTitle: r.moduleTitle }));
  }

  async deleteAllForUser(userId: string): Promise<void> {
    await this.db.query(`DELETE FROM lesson_reflections WHERE user_id = $1`, [userId]);
  }
}
