import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { visibleTo, type Viewer } from '../courses/index.js';

export interface EnrollableCourseRow {
  id: string;
  slug: string;
  /** Title and number of the current version, for the enrolment's learning record. */
  title: string;
  versionNumber: number;
  currentVersionId: string;
  visibility: 'public' | 'organisation';
  organisationId: string | null;
  audience: 'organisation' | 'cohorts';
  defaultDuePeriodDays: number | null;
}

export interface EnrolmentRow {
  id: string;
  userId: string;
  courseId: string;
  courseSlug: string;
  courseTitle: string;
  versionNumber: number;
  latestVersion: number | null;
  enrolledAt: Date;
  dueAt: Date | null;
  visibility: 'public' | 'organisation';
  organisationId: string | null;
  audience: 'organisation' | 'cohorts';
  currentVersionId: string | null;
  published: boolean;
  archivedAt: Date | null;
}

const ENROLMENT_COLUMNS = `
  e.id, e.user_id AS "userId", e.course_id AS "courseId", c.slug AS "courseSlug", v.title AS "courseTitle",
  v.version AS "versionNumber", cv.version AS "latestVersion", e.enrolled_at AS "enrolledAt", e.due_at AS "dueAt",
  c.visibility, c.organisation_id AS "organisationId", c.audience, c.current_version_id AS "currentVersionId",
  (c.status = 'published' AND c.retired_at IS NULL) AS published, e.archived_at AS "archivedAt"`;

const ENROLMENT_FROM = `
  enrolments e
  JOIN courses c ON c.id = e.course_id
  JOIN course_versions v ON v.id = e.course_version_id
  LEFT JOIN course_versions cv ON cv.id = c.current_version_id`;

/** Enrolments: a learner on a course, pinned to a course version. */
@Injectable()
export class EnrolmentsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Every enrolment of a person, oldest first, for their data export. */
  async listAllForUser(userId: string): Promise<EnrolmentRow[]> {
    return this.db.query(`SELECT ${ENROLMENT_COLUMNS} FROM ${ENROLMENT_FROM} WHERE e.user_id = $1 ORDER BY e.enrolled_at, e.id LIMIT 10000`, [userId]);
  }

  async findEnrollableCourse(slug: string): Promise<EnrollableCourseRow | null> {
    const rows: EnrollableCourseRow[] = await this.db.query(
      `SELECT c.id, c.slug, v.title, v.version AS "versionNumber", c.current_version_id AS "currentVersionId", c.visibility,
              c.organisation_id AS "organisationId", c.audience, v.default_due_period_days AS "defaultDuePeriodDays"
         FROM courses c JOIN course_versions v ON v.id = c.current_version_id
        WHERE c.slug = $1 AND c.status = 'published' AND c.retired_at IS NULL`,
      [slug],
    );
    return rows[0] ?? null;
  }

  /** Runs `work` in one transaction: an enrolment and its learning record commit together. */
  transaction<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  /** Inserts unless the learner is already enrolled; answers the new row, or null when one existed. */
  async insertIfAbsent(userId: string, course: EnrollableCourseRow, tx: EntityManager = this.db.manager): Promise<{ id: string; enrolledAt: Date } | null> {
    const rows: { id: string; enrolledAt: Date }[] = await tx.query(
      `INSERT INTO enrolments (user_id, course_id, course_version_id, due_at)
       VALUES ($1, $2, $3, CASE WHEN $4::int IS NULL THEN NULL ELSE now() + make_interval(days => $4::int) END)
       ON CONFLICT (user_id, course_id) WHERE archived_at IS NULL DO NOTHING
       RETURNING id, enrolled_at AS "enrolledAt"`,
      [userId, course.id, course.currentVersionId, course.defaultDuePeriodDays],
    );
    return rows[0] ?? null;
  }

  async findByUserAndCourse(userId: string, courseId: string): Promise<EnrolmentRow | null> {
    const rows: EnrolmentRow[] = await this.db.query(
      `SELECT ${ENROLMENT_COLUMNS} FROM ${ENROLMENT_FROM} WHERE e.user_id = $1 AND e.course_id = $2 AND e.archived_at IS NULL`,
      [userId, courseId],
    );
    return rows[0] ?? null;
  }

  /** Scoped by user: another person's enrolment, or an archived one, is not found. */
  async findOwn(userId: string, enrolmentId: string): Promise<EnrolmentRow | null> {
    const rows: EnrolmentRow[] = await this.db.query(
      `SELECT ${ENROLMENT_COLUMNS} FROM ${ENROLMENT_FROM} WHERE e.user_id = $1 AND e.id = $2 AND e.archived_at IS NULL`,
      [userId, enrolmentId],
    );
    return rows[0] ?? null;
  }

  /**
   * Newest first, keyset on (enrolled_at, id); limit + 1 rows. Only courses the learner may see
   * (the courses module's rule, visibleTo), so someone who left an organisation, or a cohort a
   * course is published to alone, no longer sees its course listed (their enrolments stay).
   */
  listOwn(userId: string, after: { enrolledAt: string; id: string } | null, limit: number, viewer: Viewer): Promise<EnrolmentRow[]> {
    const params: unknown[] = [userId, limit + 1];
    const param = (value: unknown) => `$${params.push(value)}`;
    const keyset = after ? `AND (e.enrolled_at, e.id) < (${param(after.enrolledAt)}::timestamptz, ${param(after.id)}::uuid)` : '';
    return this.db.query(
      `SELECT ${ENROLMENT_COLUMNS} FROM ${ENROLMENT_FROM}
        WHERE e.user_id = $1 AND e.archived_at IS NULL ${keyset}
          AND ${visibleTo(viewer, param)}
        ORDER BY e.enrolled_at DESC, e.id DESC
        LIMIT $2`,
      params,
    );
  }

  /** Moves the enrolment to the course's current version; true when it changed. */
  async moveToVersion(userId: string, enrolmentId: string, versionId: string): Promise<boolean> {
    const result: unknown = await this.db.query(
      `UPDATE enrolments SET course_version_id = $3, updated_at = now()
        WHERE id = $2 AND user_id = $1 AND course_version_id <> $3 AND archived_at IS NULL`,
      [userId, enrolmentId, versionId],
    );
    return Array.isArray(result) && typeof result[1] === 'number' && result[1] > 0;
  }

  /** Whether the enrolment has a standing (not revoked) completion. */
  async hasStandingCompletion(enrolmentId: string): Promise<boolean> {
    const rows: unknown[] = await this.db.query(`SELECT 1 FROM course_completions WHERE enrolment_id = $1 AND revoked_at IS NULL`, [enrolmentId]);
    return rows.length > 0;
  }

  /**
   * The re-take, in one transaction: the enrolment and its completions are archived (kept), and a
   * new enrolment on the course's current version replaces it. Answers the new id, or null when
   * the enrolment was archived meanwhile (a concurrent re-take).
   */
  async retake(
    userId: string,
    enrolmentId: string,
    course: EnrollableCourseRow,
    afterInsert: (tx: EntityManager, created: { id: string; enrolledAt: Date }) => Promise<void>,
  ): Promise<string | null> {
    return this.db.transaction(async (tx) => {
      const archived: unknown[] = await tx.query(
        `UPDATE enrolments SET archived_at = now(), updated_at = now() WHERE id = $1 AND user_id = $2 AND archived_at IS NULL RETURNING id`,
        [enrolmentId, userId],
      );
      if (archived.length === 0) return null;
      await tx.query(`UPDATE course_completions SET archived_at = now() WHERE enrolment_id = $1 AND archived_at IS NULL`, [enrolmentId]);
      const rows: { id: string; enrolledAt: Date }[] = await tx.query(
        `INSERT INTO enrolments (user_id, course_id, course_version_id, due_at, retake_of_id)
         VALUES ($1, $2, $3, CASE WHEN $4::int IS NULL THEN NULL ELSE now() + make_interval(days => $4::int) END, $5)
         RETURNING id, enrolled_at AS "enrolledAt"`,
        [userId, course.id, course.currentVersionId, course.defaultDuePeriodDays, enrolmentId],
      );
      await afterInsert(tx, rows[0]!);
      return rows[0]!.id;
    });
  }
}
