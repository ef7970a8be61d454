import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { ContentOrigin, CourseAudience, CourseStatus, CourseVisibility } from './course.entity.js';

/** What a course version holds, as the authoring API and tailored courses write it. */
export interface CourseVersionContent {
  title: string;
  summary: string;
  audience: string;
  objectives: string[];
  passMark: number;
  defaultDuePeriodDays: number | null;
  /** Recertification: months a completion stays valid; null: it does not expire. Last, so versionHash can leave it out when null. */
  validityMonths: number | null;
  /** Module ids in order. */
  moduleIds: string[];
}

export interface LiveModuleRow {
  id: string;
  slug: string;
  title: string;
}

/** Which modules a course may be built from: see availableModulesBySlugs. */
export type ModuleScope = { kind: 'any' } | { kind: 'organisation'; organisationId: string };

/** A change to a course, computed from its current state (read under the row lock). */
export type CourseChange = (current: AuthoringCourseRow) => { content: CourseVersionContent; hash: string };

export interface AuthoringCourseRow {
  id: string;
  slug: string;
  status: CourseStatus;
  origin: ContentOrigin;
  visibility: CourseVisibility;
  organisationId: string | null;
  /** Whom an organisation course is published to (courses.audience); a property of the course, not of a version. */
  publishedTo: CourseAudience;
  version: number;
  publishedAt: Date;
  versionHash: string;
  title: string;
  summary: string;
  audience: string;
  objectives: string[];
  passMark: number;
  defaultDuePeriodDays: number | null;
  /** Recertification: months a completion stays valid; null: it does not expire. Last, so versionHash can leave it out when null. */
  validityMonths: number | null;
  modules: { position: number; slug: string; title: string; id: string }[];
}

const COURSE_COLUMNS = `
  c.id, c.slug, c.status, c.origin, c.visibility, c.organisation_id AS "organisationId", c.audience AS "publishedTo",
  v.version, v.published_at AS "publishedAt", v.content_hash AS "versionHash", v.title, v.summary, v.audience,
  v.objectives, v.pass_mark AS "passMark", v.default_due_period_days AS "defaultDuePeriodDays", v.validity_months AS "validityMonths",
  coalesce((SELECT json_agg(json_build_object('position', cm.position, 'slug', m.slug, 'title', m.title, 'id', m.id) ORDER BY cm.position)
              FROM course_modules cm JOIN modules m ON m.id = cm.module_id WHERE cm.course_version_id = v.id), '[]'::json) AS modules`;

/** Course writes outside the importer: tailored courses and the authoring API. */
@Injectable()
export class CourseWriteRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * Live (not retired) modules by slug that a course of `scope` may contain, in no particular
   * order: for a platform admin's course any live module; for an organisation's tailored course
   * only modules released to the public library (in the current version of a published public
   * course) or already the organisation's own (in any version of one of its tailored courses,
   * e.g. put there by a platform admin). A module outside the scope is simply not answered, so
   * it looks exactly like one that does not exist.
   */
  availableModulesBySlugs(slugs: string[], scope: ModuleScope): Promise<LiveModuleRow[]> {
    if (scope.kind === 'any') {
      return this.db.query(`SELECT id, slug, title FROM modules WHERE slug = ANY($1) AND retired_at IS NULL`, [slugs]);
    }
    return this.db.query(
      `SELECT m.id, m.slug, m.title FROM modules m
        WHERE m.slug = ANY($1) AND m.retired_at IS NULL
          AND (EXISTS (SELECT 1 FROM courses c JOIN course_modules cm ON cm.course_version_id = c.current_version_id
                        WHERE cm.module_id = m.id AND c.visibility = 'public' AND c.status = 'published' AND c.retired_at IS NULL)
               OR EXISTS (SELECT 1 FROM courses c JOIN course_versions v ON v.course_id = c.id JOIN course_modules cm ON cm.course_version_id = v.id
                           WHERE cm.module_id = m.id AND c.organisation_id = $2 AND c.visibility = 'organisation' AND c.retired_at IS NULL))`,
      [slugs, scope.organisationId],
    );
  }

  async findCourse(slug: string): Promise<AuthoringCourseRow | null> {
    const rows: AuthoringCourseRow[] = await this.db.query(
      `SELECT ${COURSE_COLUMNS} FROM courses c JOIN course_versions v ON v.id = c.current_version_id
        WHERE c.slug = $1 AND c.retired_at IS NULL`,
      [slug],
    );
    return rows[0] ?? null;
  }

  /**
   * An organisation's tailored courses, by title; keyset (title, slug); limit + 1 rows. A learner's
   * list (`cohortCourseIds` given) leaves out drafts and the courses published only to cohorts
   * other than theirs; a trainer's (null) holds them all.
   */
  listOrganisationCourses(
    organisationId: string,
    after: { title: string; slug: string } | null,
    limit: number,
    cohortCourseIds: string[] | null,
  ): Promise<AuthoringCourseRow[]> {
    const params: unknown[] = [organisationId, limit + 1, cohortCourseIds];
    const keyset = after ? `AND (v.title, c.slug) > ($4, $5)` : '';
    if (after) params.push(after.title, after.slug);
    return this.db.query(
      `SELECT ${COURSE_COLUMNS} FROM courses c JOIN course_versions v ON v.id = c.current_version_id
        WHERE c.organisation_id = $1 AND c.visibility = 'organisation' AND c.retired_at IS NULL
          AND ($3::uuid[] IS NULL OR (c.status = 'published' AND (c.audience = 'organisation' OR c.id = ANY($3::uuid[])))) ${keyset}
        ORDER BY v.title, c.slug
        LIMIT $2`,
      params,
    );
  }

  /** A new course with version 1, in one transaction. Answers null when the slug is taken. */
  async createCourse(
    course: { slug: string; status: CourseStatus; visibility: CourseVisibility; organisationId: string | null; audience?: CourseAudience },
    content: CourseVersionContent,
    hash: string,
  ): Promise<string | null> {
    return this.db.transaction(async (tx) => {
      const rows: { id: string }[] = await tx.query(
        `INSERT INTO courses (slug, status, content_hash, origin, visibility, organisation_id, audience)
         VALUES ($1, $2, $3, 'authored', $4, $5, $6)
         ON CONFLICT (slug) DO NOTHING RETURNING id`,
        [course.slug, course.status, hash, course.visibility, course.organisationId, course.audience ?? 'organisation'],
      );
      const id = rows[0]?.id;
      if (!id) return null;
      await this.insertVersion(tx, id, content, hash);
      return id;
    });
  }

  /**
   * Read-modify-write of a course in one transaction: the course row is locked, its current
   * state read after the lock (so a concurrent edit is seen, never overwritten), `change` turns
   * it into the new content, and a new immutable version is written when the content differs
   * (learners pinned to earlier versions keep them). `change` may throw to abort (e.g. 412).
   * Answers null when the course does not exist (or is retired), else whether a version was written.
   * `audience`, when given, is set on the course in the same transaction (after `change` accepted
   * the precondition): whom it is published to is the course's, not a version's.
   */
  async updateCourse(courseId: string, change: CourseChange, audience?: CourseAudience): Promise<{ changed: boolean } | null> {
    return this.db.transaction(async (tx) => {
      const locked: unknown[] = await tx.query(`SELECT id FROM courses WHERE id = $1 AND retired_at IS NULL FOR UPDATE`, [courseId]);
      if (locked.length === 0) return null;
      const [current] = (await tx.query(`SELECT ${COURSE_COLUMNS} FROM courses c JOIN course_versions v ON v.id = c.current_version_id WHERE c.id = $1`, [
        courseId,
      ])) as AuthoringCourseRow[];
      if (!current) return null;
      const next = change(current);
      if (audience !== undefined && audience !== current.publishedTo) {
        await tx.query(`UPDATE courses SET audience = $2, updated_at = now() WHERE id = $1`, [courseId, audience]);
      }
      if (next.hash === current.versionHash) return { changed: false };
      await this.insertVersion(tx, courseId, next.content, next.hash);
      return { changed: true };
    });
  }

  async setStatus(courseId: string, status: CourseStatus): Promise<void> {
    await this.db.query(`UPDATE courses SET status = $2, updated_at = now() WHERE id = $1`, [courseId, status]);
  }

  private async insertVersion(tx: EntityManager, courseId: string, content: CourseVersionContent, hash: string): Promise<void> {
    const lessons: { moduleId: string; id: string; slug: string; title: string; contentHash: string }[] = await tx.query(
      `SELECT module_id AS "moduleId", id, slug, title, content_hash AS "contentHash" FROM lessons
        WHERE module_id = ANY($1) AND retired_at IS NULL ORDER BY position`,
      [content.moduleIds],
    );
    const modules: { id: string; slug: string; title: string; contentHash: string }[] = await tx.query(
      `SELECT id, slug, title, content_hash AS "contentHash" FROM modules WHERE id = ANY($1)`,
      [content.moduleIds],
    );
    const snapshot = {
      modules: content.moduleIds.map((id) => {
        const m = modules.find((row) => row.id === id);
        return {
          slug: m?.slug,
          title: m?.title,
          contentHash: m?.contentHash,
          requires: [],
          lessons: lessons.filter((l) => l.moduleId === id).map((l) => ({ id: l.id, slug: l.slug, title: l.title, contentHash: l.contentHash })),
        };
      }),
    };
    const [version] = (await tx.query(
      `INSERT INTO course_versions (course_id, version, title, summary, audience, objectives, pass_mark, default_due_period_days, content_hash, snapshot, validity_months)
       SELECT $1, coalesce(max(version), 0) + 1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10 FROM course_versions WHERE course_id = $1
       RETURNING id`,
      [
        courseId,
        content.title,
        content.summary,
        content.audience,
        content.objectives,
        content.passMark,
        content.defaultDuePeriodDays,
        hash,
        JSON.stringify(snapshot),
        content.validityMonths,
      ],
    )) as { id: string }[];
    // All modules of the version in one statement, positions from their order in the array.
    await tx.query(
      `INSERT INTO course_modules (course_version_id, module_id, position)
       SELECT $1, m.module_id, m.position FROM unnest($2::uuid[]) WITH ORDINALITY AS m(module_id, position)`,
      [version!.id, content.moduleIds],
    );
    await tx.query('UPDATE courses SET current_version_id = $2, content_hash = $3, updated_at = now() WHERE id = $1', [courseId, version!.id, hash]);
  }
}
