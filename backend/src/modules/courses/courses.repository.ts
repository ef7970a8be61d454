import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { preparedStatement, queryPrepared } from '../../infra/database/prepared.js';
import type { CatalogueCursor } from '../../common/http/catalogue-cursor.js';
import { ANONYMOUS_VIEWER, visibilityParams, visibleTo, type Viewer } from './course-visibility.js';
import type { CourseAudience } from './course.entity.js';
import type { SourceRef } from './module.entity.js';

export interface CourseRefRow {
  slug: string;
  title: string;
}

export { ANONYMOUS_VIEWER, type Viewer } from './course-visibility.js';

export interface PublishedCourseRow extends CourseRefRow {
  courseId: string;
  versionId: string;
  visibility: 'public' | 'organisation';
  organisationId: string | null;
  /** The caller is enrolled (versionId is then their pinned version). */
  enrolled: boolean;
}

export interface CourseListRow {
  id: string;
  slug: string;
  title: string;
  summary: string;
  audience: string;
  version: number;
  publishedAt: Date;
  estimatedMinutes: number;
  moduleCount: number;
  visibility: 'public' | 'organisation';
  /** The organisation whose own (tailored) course it is; null for a public course. */
  organisationName: string | null;
  /** Whom an organisation course is published to; null for a public course. */
  publishedTo: CourseAudience | null;
}

export interface CourseDetailRow extends CourseListRow {
  courseId: string;
  versionId: string;
  objectives: string[];
  contentNote: string | null;
  passMark: number;
  latestVersion: number;
  defaultDuePeriodDays: number | null;
  /** The viewer's enrolment on the course, if any (null columns otherwise). */
  enrolmentId: string | null;
  enrolledAt: Date | null;
  dueAt: Date | null;
}

export interface CourseContentsModule {
  position: number;
  slug: string;
  title: string;
  lessons: { id: string; title: string }[];
}

export interface SyllabusModuleRow {
  moduleId: string;
  position: number;
  slug: string;
  title: string;
  summary: string;
  requires: string[];
  objectives: string[];
  publicationSlug: string;
}

export interface SyllabusLessonRow {
  id: string;
  moduleId: string;
  slug: string;
  title: string;
  estimatedMinutes: number;
  sources: SourceRef[];
}

export interface LessonRow {
  id: string;
  slug: string;
  title: string;
  position: number;
  estimatedMinutes: number;
  objectives: string[];
  contentNote: string | null;
  /** Rendered when the lesson was written: a read never renders Markdown. */
  bodyHtml: string;
  sources: SourceRef[];
  /** Live glossary terms the lesson lists, by term. */
  glossaryTerms: { slug: string; term: string }[];
  moduleId: string;
  moduleSlug: string;
  moduleTitle: string;
}

/** The current version of every published, live course. Always followed by visibleTo(). */
const PUBLISHED_COURSES = `
  courses c JOIN course_versions v ON v.id = c.current_version_id
  WHERE c.status = 'published' AND c.retired_at IS NULL`;

/**
 * Published, live courses at the caller's version: the one they are enrolled on (pinned), else
 * the current one. Needs the caller's id (or null) as a uuid parameter.
 */
const PUBLISHED_COURSES_FOR = (userParam: string) => `
  courses c
  LEFT JOIN enrolments e ON e.course_id = c.id AND e.user_id = ${userParam}::uuid AND e.archived_at IS NULL
  JOIN course_versions v ON v.id = coalesce(e.course_version_id, c.current_version_id)
  JOIN course_versions cv ON cv.id = c.current_version_id
  WHERE c.status = 'published' AND c.retired_at IS NULL`;

function params(initial: unknown[] = []): { list: unknown[]; param: (value: unknown) => string } {
  const list = [...initial];
  return { list, param: (value: unknown) => `$${list.push(value)}` };
}

/** The placeholders of a prepared statement's parameters in the order they are asked for: $first, $first+1, … */
function placeholdersFrom(first: number): (value: unknown) => string {
  let n = first;
  return () => `$${n++}`;
}

/** Asked by every lesson read and every quiz start: prepared; its text is the same for every viewer ($3-$6: the viewer, visibilityParams). */
const PUBLISHED_WITH_MODULE = preparedStatement(
  'courses.published-with-module',
  `SELECT c.id AS "courseId", c.slug, v.title, v.id AS "versionId", c.visibility, c.organisation_id AS "organisationId",
          (e.id IS NOT NULL) AS enrolled
     FROM ${PUBLISHED_COURSES_FOR('$2')} AND ${visibleTo(ANONYMOUS_VIEWER, placeholdersFrom(3))}
      AND EXISTS (SELECT 1 FROM course_modules cm WHERE cm.course_version_id = v.id AND cm.module_id = $1)
    ORDER BY v.title, c.slug`,
);

/** All reads of published courses and lessons. Retired rows are never returned. */
@Injectable()
export class CoursesRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Published courses the viewer may see with a module built from, or a lesson citing, the publication. */
  coursesUsingPublication(publicationId: string, slug: string, viewer: Viewer): Promise<CourseRefRow[]> {
    const p = params([publicationId, slug]);
    return this.db.query(
      `SELECT DISTINCT c.slug, v.title
         FROM ${PUBLISHED_COURSES} AND ${visibleTo(viewer, p.param)}
          AND EXISTS (
            SELECT 1 FROM course_modules cm JOIN modules m ON m.id = cm.module_id
             WHERE cm.course_version_id = v.id
               AND (m.publication_id = $1 OR EXISTS (
                 SELECT 1 FROM lessons l CROSS JOIN LATERAL jsonb_array_elements(l.sources) AS s(ref)
                  WHERE l.module_id = m.id AND l.retired_at IS NULL AND s.ref->>'publication' = $2)))
        ORDER BY v.title, c.slug`,
      p.list,
    );
  }

  listCourses(viewer: Viewer, after: Extract<CatalogueCursor, { sort: 'title' }> | null, limit: number): Promise<CourseListRow[]> {
    const p = params([limit + 1]);
    const keyset = after ? `AND (v.title, c.slug) > (${p.param(after.title)}, ${p.param(after.slug)})` : '';
    return this.db.query(
      `SELECT c.id, c.slug, v.title, v.summary, v.audience, v.version, v.published_at AS "publishedAt", c.visibility,
              (SELECT o.name FROM organisations o WHERE o.id = c.organisation_id) AS "organisationName",
              CASE WHEN c.visibility = 'organisation' THEN c.audience END AS "publishedTo",
              (SELECT count(*)::int FROM course_modules cm WHERE cm.course_version_id = v.id) AS "moduleCount",
              (SELECT coalesce(sum(l.estimated_minutes), 0)::int
                 FROM course_modules cm JOIN lessons l ON l.module_id = cm.module_id AND l.retired_at IS NULL
                WHERE cm.course_version_id = v.id) AS "estimatedMinutes"
         FROM ${PUBLISHED_COURSES} AND ${visibleTo(viewer, p.param)} ${keyset}
        ORDER BY v.title, c.slug
        LIMIT $1`,
      p.list,
    );
  }

  /**
   * The modules of the published courses the viewer may see (their current versions), by title:
   * what an author can put in a course. One statement per page, however many courses there are.
   */
  listModulesInCourses(viewer: Viewer, after: Extract<CatalogueCursor, { sort: 'title' }> | null, limit: number): Promise<{ slug: string; title: string }[]> {
    const p = params([limit + 1]);
    const keyset = after ? `AND (m.title, m.slug) > (${p.param(after.title)}, ${p.param(after.slug)})` : '';
    return this.db.query(
      `SELECT m.slug, m.title
         FROM modules m
        WHERE EXISTS (SELECT 1 FROM course_modules cm
                        JOIN (SELECT v.id FROM ${PUBLISHED_COURSES} AND ${visibleTo(viewer, p.param)}) pv ON pv.id = cm.course_version_id
                       WHERE cm.module_id = m.id) ${keyset}
        ORDER BY m.title, m.slug
        LIMIT $1`,
      p.list,
    );
  }

  /** A published course the viewer may see, at their pinned version when enrolled. */
  async findPublishedCourse(slug: string, viewer: Viewer): Promise<CourseDetailRow | null> {
    const p = params([slug, viewer.userId]);
    const rows: CourseDetailRow[] = await this.db.query(
      `SELECT c.id, c.id AS "courseId", c.slug, v.id AS "versionId", v.title, v.summary, v.audience, v.objectives, v.content_note AS "contentNote", v.pass_mark AS "passMark",
              v.version, v.published_at AS "publishedAt", 0 AS "estimatedMinutes", c.visibility,
              (SELECT o.name FROM organisations o WHERE o.id = c.organisation_id) AS "organisationName",
              CASE WHEN c.visibility = 'organisation' THEN c.audience END AS "publishedTo",
              cv.version AS "latestVersion", v.default_due_period_days AS "defaultDuePeriodDays",
              (SELECT count(*)::int FROM course_modules cm WHERE cm.course_version_id = v.id) AS "moduleCount",
              e.id AS "enrolmentId", e.enrolled_at AS "enrolledAt", e.due_at AS "dueAt"
         FROM ${PUBLISHED_COURSES_FOR('$2')} AND c.slug = $1 AND ${visibleTo(viewer, p.param)}`,
      p.list,
    );
    return rows[0] ?? null;
  }

  /** The modules of a course version in order, with their prerequisites. */
  syllabusModules(versionId: string): Promise<SyllabusModuleRow[]> {
    return this.db.query(
      `SELECT m.id AS "moduleId", cm.position, m.slug, m.title, m.summary, m.objectives, p.slug AS "publicationSlug",
              coalesce((SELECT array_agg(rm.slug ORDER BY rcm.position)
                          FROM course_module_prerequisites pr
                          JOIN course_modules rcm ON rcm.id = pr.required_course_module_id
                          JOIN modules rm ON rm.id = rcm.module_id
                         WHERE pr.course_module_id = cm.id), '{}') AS requires
         FROM course_modules cm
         JOIN modules m ON m.id = cm.module_id
         JOIN publications p ON p.id = m.publication_id
        WHERE cm.course_version_id = $1
        ORDER BY cm.position`,
      [versionId],
    );
  }

  lessonsOfModules(moduleIds: string[]): Promise<SyllabusLessonRow[]> {
    return this.db.query(
      `SELECT id, module_id AS "moduleId", slug, title, estimated_minutes AS "estimatedMinutes", sources
         FROM lessons WHERE module_id = ANY($1) AND retired_at IS NULL ORDER BY module_id, position`,
      [moduleIds],
    );
  }

  async findLesson(id: string): Promise<LessonRow | null> {
    const rows: LessonRow[] = await this.db.query(
      `SELECT l.id, l.slug, l.title, l.position, l.estimated_minutes AS "estimatedMinutes", l.objectives,
              l.content_note AS "contentNote", l.body_html AS "bodyHtml", l.sources,
              coalesce((SELECT json_agg(json_build_object('slug', g.slug, 'term', g.term) ORDER BY g.term, g.slug)
                          FROM glossary_terms g WHERE g.slug = ANY(l.glossary_terms) AND g.retired_at IS NULL), '[]') AS "glossaryTerms",
              m.id AS "moduleId", m.slug AS "moduleSlug", m.title AS "moduleTitle"
         FROM lessons l JOIN modules m ON m.id = l.module_id
        WHERE l.id = $1 AND l.retired_at IS NULL AND m.retired_at IS NULL`,
      [id],
    );
    return rows[0] ?? null;
  }

  /**
   * Published courses the viewer may see whose version (the viewer's pinned one when enrolled,
   * else the current one) contains the module.
   */
  publishedCoursesWithModule(moduleId: string, viewer: Viewer): Promise<PublishedCourseRow[]> {
    return queryPrepared<PublishedCourseRow>(this.db, PUBLISHED_WITH_MODULE, [moduleId, viewer.userId, ...visibilityParams(viewer)]);
  }

  /** Lesson ids in reading order within one module. */
  async moduleLessonSequence(moduleId: string): Promise<string[]> {
    const rows: { id: string }[] = await this.db.query('SELECT id FROM lessons WHERE module_id = $1 AND retired_at IS NULL ORDER BY position', [moduleId]);
    return rows.map((r) => r.id);
  }

  /**
   * A course version's contents in reading order, in one statement: its modules and their live
   * lessons (ids and titles). Gives the lesson reader both its sidebar and previous/next.
   */
  async courseContents(versionId: string): Promise<CourseContentsModule[]> {
    const rows: { position: number; slug: string; title: string; lessonId: string | null; lessonTitle: string | null }[] = await this.db.query(
      `SELECT cm.position, m.slug, m.title, l.id AS "lessonId", l.title AS "lessonTitle"
         FROM course_modules cm
         JOIN modules m ON m.id = cm.module_id
         LEFT JOIN lessons l ON l.module_id = cm.module_id AND l.retired_at IS NULL
        WHERE cm.course_version_id = $1
        ORDER BY cm.position, l.position`,
      [versionId],
    );
    const modules: CourseContentsModule[] = [];
    for (const r of rows) {
      let module = modules.at(-1);
      if (!module || module.position !== r.position) modules.push((module = { position: r.position, slug: r.slug, title: r.title, lessons: [] }));
      if (r.lessonId) module.lessons.push({ id: r.lessonId, title: r.lessonTitle! });
    }
    return modules;
  }
}
