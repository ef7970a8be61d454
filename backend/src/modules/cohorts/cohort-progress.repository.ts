import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { moduleStatesSql } from '../learning/index.js';

export const PROGRESS_FILTERS = ['overdue', 'at-risk', 'not-started', 'in-progress', 'completed'] as const;
export type ProgressFilter = (typeof PROGRESS_FILTERS)[number];
export const PROGRESS_SORTS = ['name', 'progress', 'last-activity'] as const;
export type ProgressSort = (typeof PROGRESS_SORTS)[number];
export type LearnerState = 'not_started' | 'in_progress' | 'completed';

/** Days before the due date from which a learner under half-way is at risk; days without activity after which one in progress is. */
export const AT_RISK_DUE_DAYS = 7;
export const AT_RISK_IDLE_DAYS = 14;

export interface ProgressRow {
  memberId: string;
  userId: string | null;
  name: string | null;
  email: string | null;
  externalId: string | null;
  pending: boolean;
  enrolmentId: string | null;
  state: LearnerState;
  percent: number;
  overdue: boolean;
  atRisk: boolean;
  lastActivityAt: Date | null;
  completedAt: Date | null;
  /** The sort key as text (cursor), and the member id. */
  sortKey: string;
}

export interface ModuleCell {
  enrolmentId: string;
  moduleId: string;
  lessonsRequired: number;
  lessonsCompleted: number;
  quizId: string | null;
  gradePercent: number | null;
  passed: boolean;
  attemptsUsed: number;
}

export interface SummaryRow {
  members: number;
  pending: number;
  notStarted: number;
  inProgress: number;
  completed: number;
  overdue: number;
  atRisk: number;
  completionsByWeek: { week: string; count: number }[];
}

/** Which assignment the progress is of: its course and due date (null course: the cohort has none). */
export interface ProgressScope {
  cohortId: string;
  courseId: string | null;
  dueAt: Date | null;
}

const SORT_KEY: Record<ProgressSort, string> = {
  name: `(lower(coalesce(x.name, x.email, '')) COLLATE "C")`,
  progress: `(lpad(x.percent::text, 3, '0') COLLATE "C")`,
  'last-activity': `(coalesce(to_char(x.last_activity_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'), '0000') COLLATE "C")`,
};

const FILTER_SQL: Record<ProgressFilter, string> = {
  overdue: 'x.overdue',
  'at-risk': 'x.at_risk',
  'not-started': `x.state = 'not_started'`,
  'in-progress': `x.state = 'in_progress'`,
  completed: `x.state = 'completed'`,
};

/**
 * The trainer's progress matrix, in SQL. Cohort members come from this module's tables; their
 * progress from the learning module's tables (enrolments, lesson_progress, course_completions):
 * a read model joined in SQL, the way the course reads join enrolments (docs/architecture.md).
 * The module states come from learning's own rule (`moduleStatesSql`, learning's face).
 *
 * A learner's state on the assignment's course: completed (a standing completion of their active
 * enrolment), in progress (any lesson touched), not started (no enrolment yet, or nothing done;
 * pending members are not started). Percent: lessons completed over the live lessons of their
 * version, 100 only when completed. Overdue: not completed and the assignment's due date passed.
 * At risk: not completed, not overdue, and either due within 7 days under half-way, or in
 * progress with no activity for 14 days.
 */
@Injectable()
export class CohortProgressRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The CTEs `x` (one row per member with state, percent, flags) for the scope; $1 cohort, $2 course, $3 due. */
  private rowsSql(memberPage = ''): string {
    return `
      mem AS (
        SELECT cm.id AS member_id, cm.user_id, coalesce(u.display_name, cm.name) AS name, coalesce(u.email, cm.email) AS email,
               cm.external_id, (cm.user_id IS NULL) AS pending
          FROM cohort_members cm LEFT JOIN users u ON u.id = cm.user_id
         WHERE cm.cohort_id = $1 ${memberPage}
      ),
      st AS (
        SELECT mem.*, e.id AS enrolment_id, e.course_version_id, p.last_activity_at, coalesce(p.lessons_done, 0) AS lessons_done,
               coalesce(p.touched, 0) AS touched, cc.completed_at
          FROM mem
          LEFT JOIN enrolments e ON e.user_id = mem.user_id AND e.course_id = $2 AND e.archived_at IS NULL
          LEFT JOIN LATERAL (
            SELECT max(lp.updated_at) AS last_activity_at, count(*) FILTER (WHERE lp.completed_at IS NOT NULL)::int AS lessons_done, count(*)::int AS touched
              FROM lesson_progress lp WHERE lp.enrolment_id = e.id) p ON e.id IS NOT NULL
          LEFT JOIN LATERAL (
            SELECT max(c.completed_at) AS completed_at FROM course_completions c WHERE c.enrolment_id = e.id AND c.revoked_at IS NULL) cc ON e.id IS NOT NULL
      ),
      lessons AS (
        SELECT cmod.course_version_id, count(l.id)::int AS total
          FROM course_modules cmod JOIN lessons l ON l.module_id = cmod.module_id AND l.retired_at IS NULL
         WHERE cmod.course_version_id IN (SELECT DISTINCT course_version_id FROM st WHERE course_version_id IS NOT NULL)
         GROUP BY cmod.course_version_id
      ),
      y AS (
        SELECT st.*,
               CASE WHEN st.completed_at IS NOT NULL THEN 'completed' WHEN st.touched > 0 THEN 'in_progress' ELSE 'not_started' END AS state,
               CASE WHEN st.completed_at IS NOT NULL THEN 100
                    WHEN coalesce(lessons.total, 0) = 0 THEN 0
                    ELSE least(99, floor(100.0 * st.lessons_done / lessons.total))::int END AS percent
          FROM st LEFT JOIN lessons ON lessons.course_version_id = st.course_version_id
      ),
      x AS (
        SELECT y.*,
               (y.completed_at IS NULL AND $3::timestamptz IS NOT NULL AND $3::timestamptz < now()) AS overdue,
               (y.completed_at IS NULL AND NOT ($3::timestamptz IS NOT NULL AND $3::timestamptz < now()) AND (
                  ($3::timestamptz IS NOT NULL AND $3::timestamptz < now() + interval '${AT_RISK_DUE_DAYS} days' AND y.percent < 50)
                  OR (y.state = 'in_progress' AND y.last_activity_at < now() - interval '${AT_RISK_IDLE_DAYS} days'))) AS at_risk
          FROM y
      )`;
  }

  private static readonly COLUMNS = `x.member_id AS "memberId", x.user_id AS "userId", x.name, x.email, x.external_id AS "externalId", x.pending,
    x.enrolment_id AS "enrolmentId", x.state, x.percent, x.overdue, x.at_risk AS "atRisk", x.last_activity_at AS "lastActivityAt",
    x.completed_at AS "completedAt"`;

  /**
   * One page of learners, keyset on (sort key, member id) ascending. Sorted by name without a
   * filter, the page of members is cut before any progress is read (cheap at 10,000 members);
   * otherwise every member's state is computed, then filtered and sorted.
   */
  async page(
    scope: ProgressScope,
    opts: { filter: ProgressFilter | null; sort: ProgressSort; after: [string, string] | undefined; limit: number },
  ): Promise<ProgressRow[]> {
    const params: unknown[] = [scope.cohortId, scope.courseId, scope.dueAt, opts.limit + 1];
    const key = SORT_KEY[opts.sort];
    let keyset = '';
    if (opts.after) {
      params.push(opts.after[0], opts.after[1]);
      keyset = `AND (${key}, x.member_id) > ($5::text COLLATE "C", $6::uuid)`;
    }
    let memberPage = '';
    if (opts.sort === 'name' && !opts.filter) {
      // The same key on the member rows: (lower(name or email), id).
      const memberKey = `((lower(coalesce(coalesce(u.display_name, cm.name), coalesce(u.email, cm.email), '')) COLLATE "C"), cm.id)`;
      memberPage = `${opts.after ? `AND ${memberKey} > ($5::text COLLATE "C", $6::uuid)` : ''} ORDER BY ${memberKey} LIMIT $4`;
    }
    return this.db.query(
      `WITH ${this.rowsSql(memberPage)}
       SELECT ${CohortProgressRepository.COLUMNS}, ${key} AS "sortKey"
         FROM x
        WHERE true ${opts.filter ? `AND ${FILTER_SQL[opts.filter]}` : ''} ${keyset}
        ORDER BY ${key}, x.member_id
        LIMIT $4`,
      params,
    );
  }

  /** Every member's state, counted, and the completions (of the members' active enrolments) by ISO week. */
  async summary(scope: ProgressScope): Promise<SummaryRow> {
    const [row] = (await this.db.query(
      `WITH ${this.rowsSql()}
       SELECT count(*)::int AS members, count(*) FILTER (WHERE x.pending)::int AS pending,
              count(*) FILTER (WHERE x.state = 'not_started')::int AS "notStarted",
              count(*) FILTER (WHERE x.state = 'in_progress')::int AS "inProgress",
              count(*) FILTER (WHERE x.state = 'completed')::int AS completed,
              count(*) FILTER (WHERE x.overdue)::int AS overdue, count(*) FILTER (WHERE x.at_risk)::int AS "atRisk",
              coalesce((SELECT json_agg(json_build_object('week', w.week, 'count', w.count) ORDER BY w.week) FROM (
                 SELECT to_char(date_trunc('week', x2.completed_at AT TIME ZONE 'UTC'), 'YYYY-MM-DD') AS week, count(*)::int AS count
                   FROM x x2 WHERE x2.completed_at IS NOT NULL GROUP BY 1) w), '[]'::json) AS "completionsByWeek"
         FROM x`,
      [scope.cohortId, scope.courseId, scope.dueAt],
    )) as SummaryRow[];
    return row!;
  }

  /** The modules of the course's current version, in order. */
  modulesOf(courseId: string): Promise<{ id: string; title: string }[]> {
    return this.db.query(
      `SELECT m.id, m.title FROM courses c JOIN course_modules cm ON cm.course_version_id = c.current_version_id JOIN modules m ON m.id = cm.module_id
        WHERE c.id = $1 ORDER BY cm.position`,
      [courseId],
    );
  }

  /** Each module's state for these enrolments, by learning's rule. */
  async moduleCells(enrolmentIds: string[]): Promise<ModuleCell[]> {
    if (enrolmentIds.length === 0) return [];
    return this.db.query(
      `WITH es AS (SELECT e.id, e.user_id, e.course_id, e.course_version_id, e.enrolled_at, e.retake_of_id FROM enrolments e WHERE e.id = ANY($1::uuid[])),
       ms AS (${moduleStatesSql()})
       SELECT enrolment_id AS "enrolmentId", module_id AS "moduleId", lessons_required AS "lessonsRequired", lessons_completed AS "lessonsCompleted",
              quiz_id AS "quizId", grade_percent AS "gradePercent", passed, attempts_used AS "attemptsUsed"
         FROM ms`,
      [enrolmentIds],
    );
  }
}
