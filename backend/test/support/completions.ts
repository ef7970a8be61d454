import type { DataSource } from 'typeorm';
import { newCourse, newLesson, newModule, newPublication, uid } from './factories.js';

export interface CompletionCourse {
  id: string;
  versionId: string;
  title: string;
}

/** A published course of one module with two 45-minute lessons, for learners to complete. */
export async function completionCourse(db: DataSource, title = `Certificate course ${uid()}`): Promise<CompletionCourse> {
  const publicationId = (await newPublication(db)).id;
  const m = await newModule(db, { publicationId, origin: 'authored' });
  await newLesson(db, { moduleId: m.id, position: 1, estimatedMinutes: 45 });
  await newLesson(db, { moduleId: m.id, position: 2, estimatedMinutes: 45 });
  const c = await newCourse(db, { title, moduleIds: [m.id], origin: 'authored' });
  return { id: c.id, versionId: c.versionId, title };
}

/**
 * `count` learners who completed `course`, committed as the learning module commits a completion:
 * the `course_completions` row and its `course.completed` outbox row (job id
 * `course.completed-<completionId>`) in one transaction, which the outbox relay of any API or
 * worker process then moves to the queue. Set-based, so a cohort of thousands takes a moment.
 * Answers the completion ids.
 */
export async function commitCompletions(db: DataSource, course: CompletionCourse, count: number, label = uid()): Promise<string[]> {
  return db.transaction(async (tx) => {
    const rows = (await tx.query(
      `WITH people AS (
         INSERT INTO users (email, display_name, password_hash, email_verified_at)
         SELECT 'learner-' || $3 || '-' || i || '@example.org', 'Learner ' || i || ' Zoë Ødegård-Nguyễn 李', 'hash', now()
           FROM generate_series(1, $4::int) AS i
         RETURNING id
       ), enrolled AS (
         INSERT INTO enrolments (user_id, course_id, course_version_id) SELECT id, $1, $2 FROM people RETURNING id, user_id
       ), completed AS (
         INSERT INTO course_completions (enrolment_id, user_id, course_id, course_version_id)
         SELECT id, user_id, $1, $2 FROM enrolled
         RETURNING id, enrolment_id, user_id, completed_at
       ), outbox AS (
         INSERT INTO job_outbox (job_name, job_id, payload)
         SELECT 'course.completed', 'course.completed-' || id,
                jsonb_build_object('completionId', id, 'enrolmentId', enrolment_id, 'userId', user_id, 'courseId', $1::uuid,
                                   'courseVersionId', $2::uuid, 'completedAt', to_char(completed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
           FROM completed
         RETURNING job_id
       )
       SELECT id FROM completed`,
      [course.id, course.versionId, label, count],
    )) as { id: string }[];
    return rows.map((r) => r.id);
  });
}
