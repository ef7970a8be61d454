import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { CourseStatus, CourseVisibility } from './course.entity.js';
import type { SourceRef } from './module.entity.js';

export interface AuthoringModuleRow {
  id: string;
  slug: string;
  title: string;
  summary: string;
  origin: 'content' | 'authored';
  publicationSlug: string;
  contentHash: string;
}

export interface ModuleFields {
  title: string;
  summary: string;
  contentHash: string;
}

export interface AuthoringLessonRow {
  id: string;
  moduleId: string;
  moduleSlug: string;
  moduleOrigin: 'content' | 'authored';
  slug: string;
  title: string;
  position: number;
  estimatedMinutes: number;
  objectives: string[];
  contentNote: string | null;
  bodyMarkdown: string;
  bodyHtml: string;
  sources: SourceRef[];
  contentHash: string;
}

export interface LessonFields {
  title: string;
  estimatedMinutes: number;
  objectives: string[];
  contentNote: string | null;
  bodyMarkdown: string;
  /** bodyMarkdown rendered before the write (LessonRenderer): stored, never rendered on a read. */
  bodyHtml: string;
  sources: SourceRef[];
  contentHash: string;
}

/** The keyset of the authored lists: updated_at to the microsecond (as UTC text, so it survives the cursor) and the id. */
export interface UpdatedKey {
  updatedKey: string;
  id: string;
}

export interface AuthoredCourseListRow extends UpdatedKey {
  slug: string;
  title: string;
  status: CourseStatus;
  visibility: CourseVisibility;
  organisationName: string | null;
  version: number;
  updatedAt: Date;
}

export interface AuthoredModuleListRow extends UpdatedKey {
  slug: string;
  title: string;
  lessonCount: number;
  updatedAt: Date;
}

export interface AuthoredCourseFilter {
  q?: string;
  status?: CourseStatus;
  visibility?: CourseVisibility;
}

/** A LIKE pattern matching `text` anywhere, its wildcards (% and _) and the escape character taken literally. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** updated_at as text that casts back to the same instant, microseconds included (a JS Date keeps milliseconds only). */
const updatedKey = (alias: string) => `to_char(${alias}.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "updatedKey"`;

const LESSON_COLUMNS = `
  l.id, l.module_id AS "moduleId", m.slug AS "moduleSlug", m.origin AS "moduleOrigin", l.slug, l.title, l.position,
  l.estimated_minutes AS "estimatedMinutes", l.objectives, l.content_note AS "contentNote", l.body_markdown AS "bodyMarkdown", l.body_html AS "bodyHtml", l.sources,
  l.content_hash AS "contentHash"`;

const MODULE_COLUMNS = `m.id, m.slug, m.title, m.summary, m.origin, p.slug AS "publicationSlug", m.content_hash AS "contentHash"`;

/** Module and lesson writes of the authoring API. The importer's rows are written by content.store.ts alone. */
@Injectable()
export class AuthoringRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * Courses written through the API (origin 'authored': public ones and tailored ones, drafts
   * too), most recently updated first; keyset (updated_at, id); limit + 1 rows.
   */
  listAuthoredCourses(filter: AuthoredCourseFilter, after: UpdatedKey | null, limit: number): Promise<AuthoredCourseListRow[]> {
    const params: unknown[] = [limit + 1];
    const where = [`c.origin = 'authored'`, `c.retired_at IS NULL`];
    if (filter.q) where.push(`v.title ILIKE $${params.push(containsPattern(filter.q))} ESCAPE '\\'`);
    if (filter.status) where.push(`c.status = $${params.push(filter.status)}`);
    if (filter.visibility) where.push(`c.visibility = $${params.push(filter.visibility)}`);
    if (after) where.push(`(c.updated_at, c.id) < ($${params.push(after.updatedKey)}::timestamptz, $${params.push(after.id)}::uuid)`);
    return this.db.query(
      `SELECT c.id, c.slug, v.title, c.status, c.visibility, o.name AS "organisationName", v.version,
              c.updated_at AS "updatedAt", ${updatedKey('c')}
         FROM courses c
         JOIN course_versions v ON v.id = c.current_version_id
         LEFT JOIN organisations o ON o.id = c.organisation_id
        WHERE ${where.join(' AND ')}
        ORDER BY c.updated_at DESC, c.id DESC
        LIMIT $1`,
      params,
    );
  }

  /** Modules written through the API (in a course or not), most recently updated first; keyset (updated_at, id); limit + 1 rows. */
  listAuthoredModules(q: string | undefined, after: UpdatedKey | null, limit: number): Promise<AuthoredModuleListRow[]> {
    const params: unknown[] = [limit + 1];
    const where = [`m.origin = 'authored'`, `m.retired_at IS NULL`];
    if (q) where.push(`m.title ILIKE $${params.push(containsPattern(q))} ESCAPE '\\'`);
    if (after) where.push(`(m.updated_at, m.id) < ($${params.push(after.updatedKey)}::timestamptz, $${params.push(after.id)}::uuid)`);
    return this.db.query(
      `SELECT m.id, m.slug, m.title, m.updated_at AS "updatedAt", ${updatedKey('m')},
              (SELECT count(*)::int FROM lessons l WHERE l.module_id = m.id AND l.retired_at IS NULL) AS "lessonCount"
         FROM modules m
        WHERE ${where.join(' AND ')}
        ORDER BY m.updated_at DESC, m.id DESC
        LIMIT $1`,
      params,
    );
  }

  async publicationSources(slugs: string[]): Promise<Map<string, { id: string; sourceText: string }>> {
    const rows: { id: string; slug: string; sourceText: string }[] = await this.db.query(
      `SELECT id, slug, source_text AS "sourceText" FROM publications WHERE slug = ANY($1) AND retired_at IS NULL`,
      [slugs],
    );
    return new Map(rows.map((r) => [r.slug, { id: r.id, sourceText: r.sourceText }]));
  }

  async findModule(slug: string): Promise<AuthoringModuleRow | null> {
    const rows: AuthoringModuleRow[] = await this.db.query(
      `SELECT ${MODULE_COLUMNS} FROM modules m JOIN publications p ON p.id = m.publication_id
        WHERE m.slug = $1 AND m.retired_at IS NULL`,
      [slug],
    );
    return rows[0] ?? null;
  }

  /** Answers false when the slug is taken. */
  async insertModule(m: { slug: string; publicationId: string; title: string; summary: string; contentHash: string }): Promise<boolean> {
    const rows: { id: string }[] = await this.db.query(
      `INSERT INTO modules (slug, publication_id, title, summary, content_hash, origin)
       VALUES ($1, $2, $3, $4, $5, 'authored') ON CONFLICT (slug) DO NOTHING RETURNING id`,
      [m.slug, m.publicationId, m.title, m.summary, m.contentHash],
    );
    return rows.length > 0;
  }

  /**
   * Read-modify-write of an authored module in one transaction: the row is locked and read
   * (SELECT … FOR UPDATE answers the latest committed version), `change` computes the new fields
   * from it (and may throw to abort), and they are written. Answers false when there is no such
   * live module.
   */
  async updateModule(id: string, change: (current: AuthoringModuleRow) => ModuleFields | Promise<ModuleFields>): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const [current] = (await tx.query(
        `SELECT ${MODULE_COLUMNS} FROM modules m JOIN publications p ON p.id = m.publication_id
          WHERE m.id = $1 AND m.retired_at IS NULL FOR UPDATE OF m`,
        [id],
      )) as AuthoringModuleRow[];
      if (!current) return false;
      const m = await change(current);
      await tx.query(`UPDATE modules SET title = $2, summary = $3, content_hash = $4, updated_at = now() WHERE id = $1 AND origin = 'authored'`, [
        id,
        m.title,
        m.summary,
        m.contentHash,
      ]);
      return true;
    });
  }

  lessonsOfModule(moduleId: string): Promise<{ id: string; slug: string; title: string; position: number }[]> {
    return this.db.query(`SELECT id, slug, title, position FROM lessons WHERE module_id = $1 AND retired_at IS NULL ORDER BY position`, [moduleId]);
  }

  /** Appends the lesson to its module; answers its id, or null when the slug is taken in the module. */
  async insertLesson(moduleId: string, slug: string, fields: LessonFields): Promise<string | null> {
    return this.db.transaction(async (tx) => {
      // Serialise appends to one module, so two lessons cannot take one position.
      await tx.query(`SELECT id FROM modules WHERE id = $1 FOR UPDATE`, [moduleId]);
      const rows: { id: string }[] = await tx.query(
        `INSERT INTO lessons (module_id, slug, position, title, estimated_minutes, objectives, content_note, body_markdown, body_html, sources, content_hash)
         SELECT $1, $2, coalesce(max(position), 0) + 1, $3, $4, $5, $6, $7, $8, $9::jsonb, $10
           FROM lessons WHERE module_id = $1 AND retired_at IS NULL
         ON CONFLICT (module_id, slug) DO NOTHING RETURNING id`,
        [
          moduleId,
          slug,
          fields.title,
          fields.estimatedMinutes,
          fields.objectives,
          fields.contentNote,
          fields.bodyMarkdown,
          fields.bodyHtml,
          JSON.stringify(fields.sources),
          fields.contentHash,
        ],
      );
      return rows[0]?.id ?? null;
    });
  }

  async findLesson(id: string): Promise<AuthoringLessonRow | null> {
    const rows: AuthoringLessonRow[] = await this.db.query(
      `SELECT ${LESSON_COLUMNS} FROM lessons l JOIN modules m ON m.id = l.module_id
        WHERE l.id = $1 AND l.retired_at IS NULL AND m.retired_at IS NULL`,
      [id],
    );
    return rows[0] ?? null;
  }

  /**
   * Read-modify-write of a lesson in one transaction, like updateModule: locked, read, changed
   * by `change` (which may throw to abort), written. Answers false when there is no such live lesson.
   */
  async updateLesson(id: string, change: (current: AuthoringLessonRow) => LessonFields | Promise<LessonFields>): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const [current] = (await tx.query(
        `SELECT ${LESSON_COLUMNS} FROM lessons l JOIN modules m ON m.id = l.module_id
          WHERE l.id = $1 AND l.retired_at IS NULL AND m.retired_at IS NULL FOR UPDATE OF l`,
        [id],
      )) as AuthoringLessonRow[];
      if (!current) return false;
      const fields = await change(current);
      await tx.query(
        `UPDATE lessons l SET title = $2, estimated_minutes = $3, objectives = $4, content_note = $5, body_markdown = $6,
                body_html = $7, sources = $8::jsonb, content_hash = $9, updated_at = now()
           FROM modules m WHERE m.id = l.module_id AND m.origin = 'authored' AND l.id = $1`,
        [
          id,
          fields.title,
          fields.estimatedMinutes,
          fields.objectives,
          fields.contentNote,
          fields.bodyMarkdown,
          fields.bodyHtml,
          JSON.stringify(fields.sources),
          fields.contentHash,
        ],
      );
      return true;
    });
  }
}
