import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { CompletionExport, LessonProgressExport } from '../../common/auth/learning-records-reader.js';
import { visibleTo, type Viewer } from '../courses/index.js';

/** One module of an enrolment's course version, with what its completion depends on. */
export interface ModuleStateRow {
  position: number;
  moduleId: string;
  slug: string;
  title: string;
  lessonsRequired: number;
  lessonsCompleted: number;
  quizId: string | null;
  gradePercent: number | null;
  /** The grade passes by the quiz's method and counts for this enrolment (a re-take needs a new submission). */
  passed: boolean;
  attemptsUsed: number;
}

export interface ProgressContextRow {
  courseId: string;
  courseSlug: string;
  visibility: 'public' | 'organisation';
  organisationId: string | null;
  audience: 'organisation' | 'cohorts';
  enrolmentId: string | null;
  /** The enrolment's version (for learning records). */
  courseTitle: string | null;
  versionId: string | null;
  versionNumber: number | null;
  moduleId: string | null;
  moduleTitle: string | null;
  lessonTitle: string | null;
}

/** Where a learning record happened: the enrolment's course and version, for LearningStatements. */
export interface StatementContextRow {
  enrolmentId: string;
  organisationId: string | null;
  courseId: string;
  courseTitle: string;
  versionId: string;
  versionNumber: number;
}

export interface RecordedProgressRow {
  startedAt: Date;
  completedAt: Date | null;
  timeSpentSeconds: number;
  position: number | null;
  /** This event started the lesson (its first event). */
  started: boolean;
  /** This event completed the lesson. */
  completedNow: boolean;
  modules: ModuleStateRow[];
  completionAt: Date | null;
}

export interface CompletionRow {
  id: string;
  enrolmentId: string;
  courseSlug: string;
  courseTitle: string;
  versionNumber: number;
  completedAt: Date;
  expiresAt: Date | null;
  finalScore: number | null;
  timeSpentSeconds: number;
  revokedAt: Date | null;
  revokedReason: string | null;
  archivedAt: Date | null;
}

export interface ResumeRow {
  lessonId: string;
  lessonTitle: string;
  moduleSlug: string;
  position: number | null;
}

export interface DashboardRow {
  enrolmentId: string;
  courseSlug: string;
  courseTitle: string;
  organisationCourse: boolean;
  enrolledAt: Date;
  dueAt: Date | null;
  timeSpentSeconds: number;
  lastActivityAt: Date | null;
  resume: ResumeRow | null;
  modules: ModuleStateRow[];
  completion: CompletionRow | null;
}

export interface LessonStateRow {
  moduleId: string;
  lessonId: string;
  title: string;
  startedAt: Date | null;
  completedAt: Date | null;
  timeSpentSeconds: number;
  position: number | null;
}

export type Queryable = Pick<EntityManager, 'query'>;

/**
 * The modules of the enrolments in `es` (a CTE with id, user_id, course_id, course_version_id,
 * enrolled_at, retake_of_id), each with its lesson counts and quiz grade. The module's quiz is the
 * course's own settings for it if there are, else the module's own; one without a slot has no
 * question and does not count. `override` corrects the completed count for the lesson a statement
 * is writing (a statement does not see its own writes).
 */
export function moduleStatesSql(override?: { lesson: string; module: string; completedNow: string }): string {
  const completed = override
    ? `(SELECT count(*)::int FROM lesson_progress lp JOIN lessons l ON l.id = lp.lesson_id
          WHERE lp.enrolment_id = es.id AND l.module_id = cm.module_id AND l.retired_at IS NULL AND lp.completed_at IS NOT NULL AND lp.lesson_id <> ${override.lesson})
       + CASE WHEN cm.module_id = ${override.module} AND ${override.completedNow} THEN 1 ELSE 0 END`
    : `(SELECT count(*)::int FROM lesson_progress lp JOIN lessons l ON l.id = lp.lesson_id
          WHERE lp.enrolment_id = es.id AND l.module_id = cm.module_id AND l.retired_at IS NULL AND lp.completed_at IS NOT NULL)`;
  return `
    SELECT es.id AS enrolment_id, cm.position, cm.module_id, m.slug, m.title,
           (SELECT count(*)::int FROM lessons l WHERE l.module_id = cm.module_id AND l.retired_at IS NULL) AS lessons_required,
           ${completed} AS lessons_completed,
           q.id AS quiz_id, g.percent AS grade_percent, coalesce(g.attempts_used, 0) AS attempts_used,
           coalesce(g.passed AND (es.retake_of_id IS NULL OR g.last_submitted_at >= es.enrolled_at), false) AS passed
      FROM es
      JOIN course_modules cm ON cm.course_version_id = es.course_version_id
      JOIN modules m ON m.id = cm.module_id
      LEFT JOIN LATERAL (
        SELECT z.id FROM quizzes z
         WHERE z.module_id = cm.module_id AND (z.course_id IS NULL OR z.course_id = es.course_id)
           AND EXISTS (SELECT 1 FROM quiz_slots s WHERE s.quiz_id = z.id)
         ORDER BY z.course_id NULLS LAST LIMIT 1) q ON true
      LEFT JOIN quiz_grades g ON g.user_id = es.user_id AND g.quiz_id = q.id`;
}

const MODULES_JSON = (alias: string) => `coalesce(json_agg(json_build_object(
    'position', ${alias}.position, 'moduleId', ${alias}.module_id, 'slug', ${alias}.slug, 'title', ${alias}.title,
    'lessonsRequired', ${alias}.lessons_required, 'lessonsCompleted', ${alias}.lessons_completed, 'quizId', ${alias}.quiz_id,
    'gradePercent', ${alias}.grade_percent, 'passed', ${alias}.passed, 'attemptsUsed', ${alias}.attempts_used) ORDER BY ${alias}.position), '[]'::json)`;

const COMPLETION_JSON = (alias: string) => `json_build_object(
    'id', ${alias}.id, 'enrolmentId', ${alias}.enrolment_id, 'courseSlug', cc_c.slug, 'courseTitle', cc_v.title, 'versionNumber', cc_v.version,
    'completedAt', ${alias}.completed_at, 'expiresAt', ${alias}.expires_at, 'finalScore', ${alias}.final_score,
    'timeSpentSeconds', ${alias}.time_spent_seconds, 'revokedAt', ${alias}.revoked_at, 'revokedReason', ${alias}.revoked_reason,
    'archivedAt', ${alias}.archived_at)`;

const ES_COLUMNS = `e.id, e.user_id, e.course_id, e.course_version_id, e.enrolled_at, e.retake_of_id`;

/** The resume target of enrolment `e`: the last lesson touched if not completed, else the next one not completed in reading order, else the first one not completed. */
const RESUME_SQL = `
  LEFT JOIN LATERAL (
    SELECT lp.lesson_id, cm.position AS module_position, l.position AS lesson_position
      FROM lesson_progress lp
      JOIN lessons l ON l.id = lp.lesson_id
      JOIN course_modules cm ON cm.module_id = l.module_id AND cm.course_version_id = e.course_version_id
     WHERE lp.enrolment_id = e.id
     ORDER BY lp.updated_at DESC LIMIT 1) last ON true
  LEFT JOIN LATERAL (
    SELECT json_build_object('lessonId', l.id, 'lessonTitle', l.title, 'moduleSlug', m.slug, 'position', lp.position) AS target
      FROM course_modules cm
      JOIN modules m ON m.id = cm.module_id
      JOIN lessons l ON l.module_id = cm.module_id AND l.retired_at IS NULL
      LEFT JOIN lesson_progress lp ON lp.enrolment_id = e.id AND lp.lesson_id = l.id
     WHERE cm.course_version_id = e.course_version_id AND lp.completed_at IS NULL
     ORDER BY (l.id = last.lesson_id) IS TRUE DESC,
              ((cm.position, l.position) > (last.module_position, last.lesson_position)) IS TRUE DESC,
              cm.position, l.position
     LIMIT 1) resume ON true`;

/** Lesson progress, the module and course state it feeds, and the learner's reads. */
@Injectable()
export class ProgressRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  transaction<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  /** The course (published, live) by slug, the caller's active enrolment on it, and the lesson's module if the lesson is live in the enrolment's version. */
  async context(userId: string, courseSlug: string, lessonId: string): Promise<ProgressContextRow | null> {
    const rows: ProgressContextRow[] = await this.db.query(
      `SELECT c.id AS "courseId", c.slug AS "courseSlug", c.visibility, c.organisation_id AS "organisationId", c.audience, e.id AS "enrolmentId",
              v.title AS "courseTitle", v.id AS "versionId", v.version AS "versionNumber",
              lm.module_id AS "moduleId", lm.module_title AS "moduleTitle", lm.lesson_title AS "lessonTitle"
         FROM courses c
         LEFT JOIN enrolments e ON e.course_id = c.id AND e.user_id = $1 AND e.archived_at IS NULL
         LEFT JOIN course_versions v ON v.id = e.course_version_id
         LEFT JOIN LATERAL (
           SELECT l.module_id, m.title AS module_title, l.title AS lesson_title
             FROM lessons l JOIN modules m ON m.id = l.module_id
             JOIN course_modules cm ON cm.module_id = l.module_id AND cm.course_version_id = e.course_version_id
            WHERE l.id = $3 AND l.retired_at IS NULL) lm ON true
        WHERE c.slug = $2 AND c.status = 'published' AND c.retired_at IS NULL`,
      [userId, courseSlug, lessonId],
    );
    return rows[0] ?? null;
  }

  /**
   * The hot path, one statement: counts the interval once (its id is the key), adds what it
   * counted to the lesson's time, keeps the last position, completes (never un-completes), and
   * answers the lesson's progress with every module's state of the enrolment and the standing
   * completion. Concurrent events for one lesson serialise on the progress row, so none is lost.
   */
  async record(
    input: {
      enrolmentId: string;
      lessonId: string;
      moduleId: string;
      intervalId: string | null;
      countedSeconds: number;
      position: number | null;
      completed: boolean;
    },
    tx: Queryable = this.db,
  ): Promise<RecordedProgressRow> {
    const [row] = (await tx.query(
      `WITH iv AS (
         INSERT INTO lesson_time_intervals (enrolment_id, interval_id, lesson_id, counted_seconds)
         SELECT $1, $3::uuid, $2, $4 WHERE $3::uuid IS NOT NULL
         ON CONFLICT DO NOTHING
         RETURNING counted_seconds
       ),
       prev AS (SELECT completed_at FROM lesson_progress WHERE enrolment_id = $1 AND lesson_id = $2),
       up AS (
         INSERT INTO lesson_progress AS p (enrolment_id, lesson_id, time_spent_seconds, position, completed_at)
         VALUES ($1, $2, coalesce((SELECT counted_seconds FROM iv), 0), $5::float8, CASE WHEN $6::boolean THEN now() END)
         ON CONFLICT (enrolment_id, lesson_id) DO UPDATE
           SET time_spent_seconds = p.time_spent_seconds + EXCLUDED.time_spent_seconds,
               position = coalesce(EXCLUDED.position, p.position),
               completed_at = coalesce(p.completed_at, EXCLUDED.completed_at),
               updated_at = now()
         RETURNING p.started_at, p.completed_at, p.time_spent_seconds, p.position, (xmax = 0) AS inserted
       ),
       es AS (SELECT ${ES_COLUMNS} FROM enrolments e WHERE e.id = $1),
       ms AS (${moduleStatesSql({ lesson: '$2', module: '$7', completedNow: '(SELECT completed_at FROM up) IS NOT NULL' })})
       SELECT up.started_at AS "startedAt", up.completed_at AS "completedAt", up.time_spent_seconds AS "timeSpentSeconds", up.position,
              up.inserted AS started,
              (up.completed_at IS NOT NULL AND NOT EXISTS (SELECT 1 FROM prev WHERE prev.completed_at IS NOT NULL)) AS "completedNow",
              (SELECT ${MODULES_JSON('ms')} FROM ms) AS modules,
              (SELECT cc.completed_at FROM course_completions cc WHERE cc.enrolment_id = $1 AND cc.revoked_at IS NULL) AS "completionAt"
         FROM up`,
      [input.enrolmentId, input.lessonId, input.intervalId, input.countedSeconds, input.position, input.completed, input.moduleId],
    )) as RecordedProgressRow[];
    return row!;
  }

  /** The context of learning records made in an enrolment. */
  async statementContext(enrolmentId: string, tx: Queryable = this.db): Promise<StatementContextRow | null> {
    const rows: StatementContextRow[] = await tx.query(
      `SELECT e.id AS "enrolmentId", c.organisation_id AS "organisationId", c.id AS "courseId", v.title AS "courseTitle", v.id AS "versionId", v.version AS "versionNumber"
         FROM enrolments e JOIN courses c ON c.id = e.course_id JOIN course_versions v ON v.id = e.course_version_id
        WHERE e.id = $1`,
      [enrolmentId],
    );
    return rows[0] ?? null;
  }

  /** Every module's state of an enrolment (inside a transaction when given). */
  moduleStates(enrolmentId: string, tx: Queryable = this.db): Promise<ModuleStateRow[]> {
    return tx
      .query(
        `WITH es AS (SELECT ${ES_COLUMNS} FROM enrolments e WHERE e.id = $1), ms AS (${moduleStatesSql()})
         SELECT ${MODULES_JSON('ms')} AS modules FROM ms`,
        [enrolmentId],
      )
      .then((rows: { modules: ModuleStateRow[] }[]) => rows[0]?.modules ?? []);
  }

  /** A page of the learner's active enrolments, newest first, each with its modules, time, last activity, resume target and latest completion. */
  dashboard(userId: string, after: { enrolledAt: string; id: string } | null, limit: number, viewer: Viewer): Promise<DashboardRow[]> {
    const params: unknown[] = [userId, limit + 1];
    const param = (value: unknown) => `$${params.push(value)}`;
    const keyset = after ? `AND (e.enrolled_at, e.id) < (${param(after.enrolledAt)}::timestamptz, ${param(after.id)}::uuid)` : '';
    // Only courses the learner may see (the courses module's rule): someone who left an
    // organisation, or the cohorts a course is published to alone, keeps their enrolments there,
    // but those courses leave their dashboard.
    return this.db.query(
      `WITH page AS (
         SELECT e.* FROM enrolments e WHERE e.user_id = $1 AND e.archived_at IS NULL ${keyset}
            AND EXISTS (SELECT 1 FROM courses c0 WHERE c0.id = e.course_id AND ${visibleTo(viewer, param, 'c0')})
          ORDER BY e.enrolled_at DESC, e.id DESC LIMIT $2
       ),
       es AS (SELECT ${ES_COLUMNS} FROM page e),
       ms AS (${moduleStatesSql()})
       SELECT e.id AS "enrolmentId", c.slug AS "courseSlug", v.title AS "courseTitle", (c.visibility = 'organisation') AS "organisationCourse",
              e.enrolled_at AS "enrolledAt", e.due_at AS "dueAt",
              coalesce((SELECT sum(lp.time_spent_seconds)::int FROM lesson_progress lp WHERE lp.enrolment_id = e.id), 0) AS "timeSpentSeconds",
              (SELECT max(lp.updated_at) FROM lesson_progress lp WHERE lp.enrolment_id = e.id) AS "lastActivityAt",
              resume.target AS resume,
              (SELECT ${MODULES_JSON('m2')} FROM ms m2 WHERE m2.enrolment_id = e.id) AS modules,
              (SELECT ${COMPLETION_JSON('cc')} FROM course_completions cc JOIN courses cc_c ON cc_c.id = cc.course_id JOIN course_versions cc_v ON cc_v.id = cc.course_version_id
                WHERE cc.enrolment_id = e.id ORDER BY (cc.revoked_at IS NULL) DESC, cc.completed_at DESC LIMIT 1) AS completion
         FROM page e
         JOIN courses c ON c.id = e.course_id
         JOIN course_versions v ON v.id = e.course_version_id
         ${RESUME_SQL}
        ORDER BY e.enrolled_at DESC, e.id DESC`,
      params,
    );
  }

  /** Completions of archived enrolments (newest first, at most 100) and the learner's total counted time, in one statement. */
  async archiveAndTotal(userId: string): Promise<{ archived: CompletionRow[]; totalTimeSpentSeconds: number }> {
    const [row] = (await this.db.query(
      `SELECT coalesce((SELECT json_agg(x.c ORDER BY x.completed_at DESC) FROM (
                 SELECT ${COMPLETION_JSON('cc')} AS c, cc.completed_at
                   FROM course_completions cc JOIN courses cc_c ON cc_c.id = cc.course_id JOIN course_versions cc_v ON cc_v.id = cc.course_version_id
                  WHERE cc.user_id = $1 AND cc.archived_at IS NOT NULL
                  ORDER BY cc.completed_at DESC LIMIT 100) x), '[]'::json) AS archived,
              coalesce((SELECT sum(lp.time_spent_seconds)::int FROM lesson_progress lp JOIN enrolments e ON e.id = lp.enrolment_id WHERE e.user_id = $1), 0) AS "totalTimeSpentSeconds"`,
      [userId],
    )) as { archived: CompletionRow[]; totalTimeSpentSeconds: number }[];
    return row!;
  }

  /** The learner's active enrolment on the course (by slug), with its resume target and latest completion. */
  async courseEnrolment(
    userId: string,
    slug: string,
  ): Promise<
    | (DashboardRow & { courseId: string; courseVisibility: 'public' | 'organisation'; organisationId: string | null; audience: 'organisation' | 'cohorts' })
    | null
  > {
    const rows = (await this.db.query(
      `SELECT e.id AS "enrolmentId", c.slug AS "courseSlug", v.title AS "courseTitle", (c.visibility = 'organisation') AS "organisationCourse",
              c.id AS "courseId", c.visibility AS "courseVisibility", c.organisation_id AS "organisationId", c.audience,
              e.enrolled_at AS "enrolledAt", e.due_at AS "dueAt",
              coalesce((SELECT sum(lp.time_spent_seconds)::int FROM lesson_progress lp WHERE lp.enrolment_id = e.id), 0) AS "timeSpentSeconds",
              (SELECT max(lp.updated_at) FROM lesson_progress lp WHERE lp.enrolment_id = e.id) AS "lastActivityAt",
              resume.target AS resume,
              '[]'::json AS modules,
              (SELECT ${COMPLETION_JSON('cc')} FROM course_completions cc JOIN courses cc_c ON cc_c.id = cc.course_id JOIN course_versions cc_v ON cc_v.id = cc.course_version_id
                WHERE cc.enrolment_id = e.id ORDER BY (cc.revoked_at IS NULL) DESC, cc.completed_at DESC LIMIT 1) AS completion
         FROM enrolments e
         JOIN courses c ON c.id = e.course_id
         JOIN course_versions v ON v.id = e.course_version_id
         ${RESUME_SQL}
        WHERE e.user_id = $1 AND c.slug = $2 AND e.archived_at IS NULL`,
      [userId, slug],
    )) as (DashboardRow & {
      courseId: string;
      courseVisibility: 'public' | 'organisation';
      organisationId: string | null;
      audience: 'organisation' | 'cohorts';
    })[];
    return rows[0] ?? null;
  }

  /** Every live lesson of the enrolment's version in reading order, with the learner's progress in it. */
  lessonStates(enrolmentId: string): Promise<LessonStateRow[]> {
    return this.db.query(
      `SELECT l.module_id AS "moduleId", l.id AS "lessonId", l.title, lp.started_at AS "startedAt", lp.completed_at AS "completedAt",
              coalesce(lp.time_spent_seconds, 0) AS "timeSpentSeconds", lp.position
         FROM enrolments e
         JOIN course_modules cm ON cm.course_version_id = e.course_version_id
         JOIN lessons l ON l.module_id = cm.module_id AND l.retired_at IS NULL
         LEFT JOIN lesson_progress lp ON lp.enrolment_id = e.id AND lp.lesson_id = l.id
        WHERE e.id = $1
        ORDER BY cm.position, l.position`,
      [enrolmentId],
    );
  }

  /** Per enrolment of the person (archived ones included): lesson progress and completions, ISO dates, for their data export. */
  async exportFor(userId: string): Promise<Map<string, { lessonProgress: LessonProgressExport[]; completions: CompletionExport[] }>> {
    const rows: { enrolmentId: string; lessonProgress: LessonProgressExport[]; completions: CompletionExport[] }[] = await this.db.query(
      `SELECT e.id AS "enrolmentId",
              coalesce((SELECT json_agg(json_build_object('lessonId', lp.lesson_id, 'lessonTitle', l.title,
                                 'startedAt', to_char(lp.started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                                 'completedAt', to_char(lp.completed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                                 'timeSpentSeconds', lp.time_spent_seconds, 'position', lp.position) ORDER BY lp.started_at)
                          FROM lesson_progress lp JOIN lessons l ON l.id = lp.lesson_id WHERE lp.enrolment_id = e.id), '[]'::json) AS "lessonProgress",
              coalesce((SELECT json_agg(json_build_object('id', cc.id,
                                 'completedAt', to_char(cc.completed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                                 'finalScore', cc.final_score, 'timeSpentSeconds', cc.time_spent_seconds,
                                 'expiresAt', to_char(cc.expires_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                                 'revokedAt', to_char(cc.revoked_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                                 'revokedReason', cc.revoked_reason,
                                 'archivedAt', to_char(cc.archived_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) ORDER BY cc.completed_at)
                          FROM course_completions cc WHERE cc.enrolment_id = e.id), '[]'::json) AS completions
         FROM enrolments e WHERE e.user_id = $1 LIMIT 10000`,
      [userId],
    );
    return new Map(rows.map((r) => [r.enrolmentId, { lessonProgress: r.lessonProgress, completions: r.completions }]));
  }

  /** Account deletion: when the person read what (the intervals) goes; the per-lesson totals stay with the anonymised account. */
  async eraseIntervalsFor(userId: string): Promise<void> {
    await this.db.query(`DELETE FROM lesson_time_intervals t USING enrolments e WHERE e.id = t.enrolment_id AND e.user_id = $1`, [userId]);
  }
}
