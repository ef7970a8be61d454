import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { CatalogueCursor } from './catalogue-cursor.js';
import type { SourceRef } from './module.entity.js';
import type { PublicationCredit, PublicationFinding } from './publication.entity.js';

export interface PublicationFilter {
  q?: string;
  topic?: string;
  publisher?: string;
  year?: number;
  region?: string;
}

export interface PublicationRow {
  id: string;
  slug: string;
  title: string;
  publisher: string;
  publishedYear: number | null;
  publishedMonth: number | null;
  publishedDay: number | null;
  region: string | null;
  topics: string[];
  summary: string;
}

export interface PublicationSearchRow extends PublicationRow {
  rank: number | null;
  /** ts_headline output, matches between \u0001 and \u0002 (see SNIPPET_OPTIONS). */
  snippet: string | null;
}

export interface PublicationDetailRow extends PublicationRow {
  findings: PublicationFinding[];
  credit: PublicationCredit | null;
  sourceUrl: string | null;
  sourceText: string;
}

export interface FigureRow {
  value: string;
  label: string;
  passage: string;
}

export interface PublicationRefRow {
  slug: string;
  title: string;
  publisher: string;
  publishedYear: number | null;
  sourceUrl: string | null;
}

/**
 * Who is looking, for the visibility of organisation-only (tailored) courses: platform admins see
 * every course; others see public courses and those of their own organisations.
 */
export interface Viewer {
  userId: string | null;
  allOrganisations: boolean;
  organisationIds: string[];
}

export const ANONYMOUS_VIEWER: Viewer = { userId: null, allOrganisations: false, organisationIds: [] };

export interface CourseRefRow {
  slug: string;
  title: string;
}

export interface PublishedCourseRow extends CourseRefRow {
  versionId: string;
  visibility: 'public' | 'organisation';
  organisationId: string | null;
  /** The caller is enrolled (versionId is then their pinned version). */
  enrolled: boolean;
}

export interface CourseListRow {
  slug: string;
  title: string;
  summary: string;
  audience: string;
  version: number;
  publishedAt: Date;
  estimatedMinutes: number;
  moduleCount: number;
  visibility: 'public' | 'organisation';
}

export interface CourseDetailRow extends CourseListRow {
  versionId: string;
  objectives: string[];
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
  questionCount: number;
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
  moduleId: string;
  moduleSlug: string;
  moduleTitle: string;
}

/** Matches are wrapped in control characters that cannot occur in content, then escaped and marked up by the service. */
export const SNIPPET_START = '\u0001';
export const SNIPPET_END = '\u0002';
const SNIPPET_OPTIONS = `StartSel="${SNIPPET_START}", StopSel="${SNIPPET_END}", MaxWords=35, MinWords=15, MaxFragments=2, FragmentDelimiter=" … "`;

const PUBLICATION_COLUMNS = `
  p.id, p.slug, p.title, p.publisher, p.published_year AS "publishedYear", p.published_month AS "publishedMonth",
  p.published_day AS "publishedDay", p.region, p.topics, p.summary`;

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
  LEFT JOIN enrolments e ON e.course_id = c.id AND e.user_id = ${userParam}::uuid
  JOIN course_versions v ON v.id = coalesce(e.course_version_id, c.current_version_id)
  JOIN course_versions cv ON cv.id = c.current_version_id
  WHERE c.status = 'published' AND c.retired_at IS NULL`;

/**
 * The one SQL condition on which courses a viewer may see: public ones, those of their
 * organisations, or all for a platform admin. Every course query ends with it.
 */
export function visibleTo(viewer: Viewer, param: (value: unknown) => string): string {
  return `(${param(viewer.allOrganisations)}::boolean OR c.visibility = 'public' OR c.organisation_id = ANY(${param(viewer.organisationIds)}::uuid[]))`;
}

function params(initial: unknown[] = []): { list: unknown[]; param: (value: unknown) => string } {
  const list = [...initial];
  return { list, param: (value: unknown) => `$${list.push(value)}` };
}

/** All catalogue reads. Retired rows are never returned. */
@Injectable()
export class CatalogueRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * Keyset pages: without q ordered by (title, slug); with q by (rank desc, slug). Returns up to
   * limit + 1 rows; the extra one only tells the caller there is a next page.
   */
  async listPublications(filter: PublicationFilter, after: CatalogueCursor | null, limit: number): Promise<PublicationSearchRow[]> {
    const params: unknown[] = [];
    const param = (value: unknown) => `$${params.push(value)}`;
    const where = ['p.retired_at IS NULL'];
    if (filter.topic) where.push(`p.topics @> jsonb_build_array(lower(${param(filter.topic)}))`);
    if (filter.publisher) where.push(`lower(p.publisher) = lower(${param(filter.publisher)})`);
    if (filter.year !== undefined) where.push(`p.published_year = ${param(filter.year)}`);
    if (filter.region) where.push(`lower(p.region) = lower(${param(filter.region)})`);

    if (filter.q !== undefined) {
      const query = param(filter.q);
      const keyset =
        after?.sort === 'rank'
          ? `WHERE (m.rank < ${param(after.rank)}::real OR (m.rank = ${param(after.rank)}::real AND m.slug > ${param(after.slug)}))`
          : '';
      return this.db.query(
        `WITH m AS (
           SELECT ${PUBLICATION_COLUMNS}, ts_rank(p.search_vector, query) AS rank, query
             FROM publications p, websearch_to_tsquery('english', ${query}) AS query
            WHERE ${where.join(' AND ')} AND p.search_vector @@ query)
         SELECT m.id, m.slug, m.title, m.publisher, m."publishedYear", m."publishedMonth", m."publishedDay", m.region,
                m.topics, m.summary, m.rank, ts_headline('english', m.summary, m.query, ${param(SNIPPET_OPTIONS)}) AS snippet
           FROM m ${keyset}
          ORDER BY m.rank DESC, m.slug ASC
          LIMIT ${param(limit + 1)}`,
        params,
      );
    }
    if (after?.sort === 'title') where.push(`(p.title, p.slug) > (${param(after.title)}, ${param(after.slug)})`);
    return this.db.query(
      `SELECT ${PUBLICATION_COLUMNS}, NULL::real AS rank, NULL::text AS snippet
         FROM publications p
        WHERE ${where.join(' AND ')}
        ORDER BY p.title ASC, p.slug ASC
        LIMIT ${param(limit + 1)}`,
      params,
    );
  }

  async publicationFacets(): Promise<{
    topics: { value: string; count: number }[];
    publishers: { value: string; count: number }[];
    years: { value: number; count: number }[];
    regions: { value: string; count: number }[];
  }> {
    const [topics, publishers, years, regions] = await Promise.all([
      this.db.query(
        `SELECT t.value, count(*)::int AS count
           FROM publications p CROSS JOIN LATERAL jsonb_array_elements_text(p.topics) AS t(value)
          WHERE p.retired_at IS NULL GROUP BY t.value ORDER BY count DESC, t.value`,
      ),
      this.db.query(
        `SELECT publisher AS value, count(*)::int AS count FROM publications
          WHERE retired_at IS NULL GROUP BY publisher ORDER BY count DESC, publisher`,
      ),
      this.db.query(
        `SELECT published_year AS value, count(*)::int AS count FROM publications
          WHERE retired_at IS NULL AND published_year IS NOT NULL GROUP BY published_year ORDER BY published_year DESC`,
      ),
      this.db.query(
        `SELECT region AS value, count(*)::int AS count FROM publications
          WHERE retired_at IS NULL AND region IS NOT NULL GROUP BY region ORDER BY count DESC, region`,
      ),
    ]);
    return { topics, publishers, years, regions };
  }

  async findPublication(slug: string): Promise<PublicationDetailRow | null> {
    const rows: PublicationDetailRow[] = await this.db.query(
      `SELECT ${PUBLICATION_COLUMNS}, p.findings, p.credit, p.source_url AS "sourceUrl", p.source_text AS "sourceText"
         FROM publications p WHERE p.slug = $1 AND p.retired_at IS NULL`,
      [slug],
    );
    return rows[0] ?? null;
  }

  figuresOf(publicationId: string): Promise<FigureRow[]> {
    return this.db.query(
      'SELECT value, label, passage FROM publication_figures WHERE publication_id = $1 ORDER BY position',
      [publicationId],
    );
  }

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

  publicationsBySlug(slugs: string[]): Promise<PublicationRefRow[]> {
    return this.db.query(
      `SELECT slug, title, publisher, published_year AS "publishedYear", source_url AS "sourceUrl"
         FROM publications WHERE slug = ANY($1) AND retired_at IS NULL ORDER BY title, slug`,
      [slugs],
    );
  }

  listCourses(viewer: Viewer, after: Extract<CatalogueCursor, { sort: 'title' }> | null, limit: number): Promise<CourseListRow[]> {
    const p = params([limit + 1]);
    const keyset = after ? `AND (v.title, c.slug) > (${p.param(after.title)}, ${p.param(after.slug)})` : '';
    return this.db.query(
      `SELECT c.slug, v.title, v.summary, v.audience, v.version, v.published_at AS "publishedAt", c.visibility,
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

  /** A published course the viewer may see, at their pinned version when enrolled. */
  async findPublishedCourse(slug: string, viewer: Viewer): Promise<CourseDetailRow | null> {
    const p = params([slug, viewer.userId]);
    const rows: CourseDetailRow[] = await this.db.query(
      `SELECT c.slug, v.id AS "versionId", v.title, v.summary, v.audience, v.objectives, v.pass_mark AS "passMark",
              v.version, v.published_at AS "publishedAt", 0 AS "estimatedMinutes", c.visibility,
              cv.version AS "latestVersion", v.default_due_period_days AS "defaultDuePeriodDays",
              (SELECT count(*)::int FROM course_modules cm WHERE cm.course_version_id = v.id) AS "moduleCount",
              e.id AS "enrolmentId", e.enrolled_at AS "enrolledAt", e.due_at AS "dueAt"
         FROM ${PUBLISHED_COURSES_FOR('$2')} AND c.slug = $1 AND ${visibleTo(viewer, p.param)}`,
      p.list,
    );
    return rows[0] ?? null;
  }

  /** The modules of a course version in order, with their prerequisites and quiz sizes. */
  syllabusModules(versionId: string): Promise<SyllabusModuleRow[]> {
    return this.db.query(
      `SELECT m.id AS "moduleId", cm.position, m.slug, m.title, m.summary, p.slug AS "publicationSlug",
              (SELECT count(*)::int FROM quiz_questions q WHERE q.module_id = m.id AND q.retired_at IS NULL) AS "questionCount",
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
    const p = params([moduleId, viewer.userId]);
    return this.db.query(
      `SELECT c.slug, v.title, v.id AS "versionId", c.visibility, c.organisation_id AS "organisationId",
              (e.id IS NOT NULL) AS enrolled
         FROM ${PUBLISHED_COURSES_FOR('$2')} AND ${visibleTo(viewer, p.param)}
          AND EXISTS (SELECT 1 FROM course_modules cm WHERE cm.course_version_id = v.id AND cm.module_id = $1)
        ORDER BY v.title, c.slug`,
      p.list,
    );
  }

  /** Lesson ids in reading order within one module. */
  async moduleLessonSequence(moduleId: string): Promise<string[]> {
    const rows: { id: string }[] = await this.db.query('SELECT id FROM lessons WHERE module_id = $1 AND retired_at IS NULL ORDER BY position', [
      moduleId,
    ]);
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
