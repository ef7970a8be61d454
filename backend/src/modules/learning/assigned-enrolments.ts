import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { toStatement, type StatementRow } from './statements.mapping.js';

const BATCH = 1000;

/** One event of a learner's timeline (their learning records, newest first). */
export interface TimelineEvent {
  id: string;
  /** The xAPI verb's last segment: registered, experienced, completed, attempted, passed, failed… */
  verb: string;
  /** What it was about: the course, lesson or quiz title. */
  objectName: string | null;
  objectType: string | null;
  courseId: string;
  timestamp: Date;
  /** The scaled score (0-1) and success of a graded attempt, when there is one. */
  scoreScaled: number | null;
  success: boolean | null;
  /** Keyset: the stored instant as PostgreSQL text (microseconds). */
  storedKey: string;
}

/**
 * Enrolments made for someone else, in bulk, in the caller's transaction: a cohort's course
 * assignment enrols its members (and later members as they join). Each enrolment is the same as a
 * learner's own (pinned to the course's current version, a `registered` learning record); one that
 * exists already is kept. Also the learner timeline a cohort's trainer reads (learning records of
 * the courses assigned to the cohort). The cohorts module uses these through learning's face.
 */
@Injectable()
export class AssignedEnrolments {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Enrols each user on the course (published, live) unless they have an active enrolment, and
   * gives the active enrolments of these users the due date when they have none or a later one
   * (the earliest due date of their assignments wins). Answers how many enrolments were made; 0
   * when the course is not published.
   */
  async enrolMany(tx: EntityManager, input: { userIds: string[]; courseId: string; dueAt: Date | null }): Promise<number> {
    if (input.userIds.length === 0) return 0;
    const [course] = (await tx.query(
      `SELECT c.id, c.current_version_id AS "versionId", v.title, v.version, c.organisation_id AS "organisationId"
         FROM courses c JOIN course_versions v ON v.id = c.current_version_id
        WHERE c.id = $1 AND c.status = 'published' AND c.retired_at IS NULL`,
      [input.courseId],
    )) as { id: string; versionId: string; title: string; version: number; organisationId: string | null }[];
    if (!course) return 0;
    let created = 0;
    for (let i = 0; i < input.userIds.length; i += BATCH) {
      const userIds = input.userIds.slice(i, i + BATCH);
      const rows: { id: string; userId: string; enrolledAt: Date }[] = await tx.query(
        `INSERT INTO enrolments (user_id, course_id, course_version_id, due_at)
         SELECT u, $2, $3, $4 FROM unnest($1::uuid[]) AS u
         ON CONFLICT (user_id, course_id) WHERE archived_at IS NULL DO NOTHING
         RETURNING id, user_id AS "userId", enrolled_at AS "enrolledAt"`,
        [userIds, course.id, course.versionId, input.dueAt],
      );
      if (input.dueAt) {
        await tx.query(
          `UPDATE enrolments SET due_at = $3, updated_at = now()
            WHERE user_id = ANY($1::uuid[]) AND course_id = $2 AND archived_at IS NULL AND (due_at IS NULL OR due_at > $3)`,
          [userIds, course.id, input.dueAt],
        );
      }
      const stored = new Date();
      await insertStatements(
        tx,
        rows.map((r) =>
          toStatement(
            {
              kind: 'enrolled',
              userId: r.userId,
              at: new Date(r.enrolledAt),
              context: {
                organisationId: course.organisationId,
                course: { id: course.id, title: course.title },
                courseVersion: { id: course.versionId, number: course.version },
                enrolmentId: r.id,
              },
            },
            { baseUrl: this.config.http.publicOrigin, id: randomUUID(), stored },
          ),
        ),
      );
      created += rows.length;
    }
    return created;
  }

  /** An assignment's due date changed: the active enrolments of these users on the course take it. */
  async setDueDate(tx: EntityManager, input: { userIds: string[]; courseId: string; dueAt: Date | null }): Promise<void> {
    for (let i = 0; i < input.userIds.length; i += BATCH) {
      await tx.query(`UPDATE enrolments SET due_at = $3, updated_at = now() WHERE user_id = ANY($1::uuid[]) AND course_id = $2 AND archived_at IS NULL`, [
        input.userIds.slice(i, i + BATCH),
        input.courseId,
        input.dueAt,
      ]);
    }
  }

  /** A learner's learning records on these courses, newest first, keyset on (stored, id). */
  async timeline(userId: string, courseIds: string[], after: { stored: string; id: string } | null, limit: number): Promise<TimelineEvent[]> {
    const params: unknown[] = [userId, courseIds, limit];
    let keyset = '';
    if (after) {
      params.push(after.stored, after.id);
      keyset = `AND (s.stored, s.id) < ($4::timestamptz, $5::uuid)`;
    }
    return this.db.query(
      `SELECT s.id, regexp_replace(s.verb_id, '^.*/', '') AS verb,
              (SELECT value FROM jsonb_each_text(s.statement->'object'->'definition'->'name') LIMIT 1) AS "objectName",
              regexp_replace(s.statement->'object'->'definition'->>'type', '^.*/', '') AS "objectType",
              s.course_id AS "courseId", s."timestamp", (s.statement->'result'->'score'->>'scaled')::float8 AS "scoreScaled",
              (s.statement->'result'->>'success')::boolean AS success, s.stored::text AS "storedKey"
         FROM learning_statements s
        WHERE s.user_id = $1 AND s.course_id = ANY($2::uuid[]) AND NOT s.voided ${keyset}
        ORDER BY s.stored DESC, s.id DESC
        LIMIT $3`,
      params,
    );
  }
}

/** Many statements in one statement per 1,000 (a bulk enrolment's records); a repeated id is skipped. */
async function insertStatements(tx: EntityManager, rows: StatementRow[]): Promise<void> {
  if (rows.length === 0) return;
  await tx.query(
    `INSERT INTO learning_statements
       (id, user_id, organisation_id, course_id, course_version_id, registration, verb_id, object_id, "timestamp", stored, statement)
     SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::uuid[], $6::uuid[], $7::text[], $8::text[], $9::timestamptz[], $10::timestamptz[], $11::jsonb[])
     ON CONFLICT ON CONSTRAINT pk_learning_statements DO NOTHING`,
    [
      rows.map((r) => r.id),
      rows.map((r) => r.userId),
      rows.map((r) => r.organisationId),
      rows.map((r) => r.courseId),
      rows.map((r) => r.courseVersionId),
      rows.map((r) => r.registration),
      rows.map((r) => r.verbId),
      rows.map((r) => r.objectId),
      rows.map((r) => r.timestamp),
      rows.map((r) => r.stored),
      rows.map((r) => JSON.stringify(r.statement)),
    ],
  );
}
