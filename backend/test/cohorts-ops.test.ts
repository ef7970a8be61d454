import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import ExcelJS from 'exceljs';
import pg from 'pg';
import { PDFParse } from 'pdf-parse';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDataSource } from '../src/database.js';
import { runMigrations } from '../src/infra/database/migrate.js';
import { importContent } from '../src/modules/courses/content/content.importer.js';
import { NotificationsService, nextDigestAt, weekOf } from '../src/modules/cohorts/notifications.service.js';
import { JobQueue } from '../src/infra/queue/job-queue.js';
import type { InlineJobQueue } from '../src/infra/queue/inline-job-queue.js';
import { OutboxRelay } from '../src/infra/queue/outbox.js';
import { createVerifiedUser, signIn, signInAsNewAdmin, type SignedIn } from './support/admin.js';
import { mailsTo as storedMailsTo } from './support/people.js';
import { startApi, type TestApi } from './support/api.js';
import { createScratchDatabase } from './support/databases.js';

/**
 * Issue #12's needs-attention queue, reminders, notifications and compliance report (the
 * cohorts module's ops part), end to end: the real API on PostgreSQL and Redis, cohorts and
 * learning rows written for each case.
 */

let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
let ds: DataSource;
let db: pg.Client;
let api: TestApi;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a JSON body, checked by the tests' expectations
type Body = any;

async function call(who: SignedIn | null, method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${api.baseUrl}${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(who ? who.headers : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

async function ok(res: Response, status = 200): Promise<Body> {
  const text = await res.text();
  expect(res.status, `${res.url}: ${text.slice(0, 400)}`).toBe(status);
  return text ? JSON.parse(text) : undefined;
}

const q = async <T = Body>(sql: string, params: unknown[] = []) => (await db.query(sql, params)).rows as T[];

interface Courses {
  foundations: { id: string; versionId: string; quizId: string; moduleId: string; lessonId: string };
  homelessness: { id: string; versionId: string; lessonId: string };
}
let courses: Courses;

async function person(name?: string): Promise<SignedIn & { name: string }> {
  const user = await createVerifiedUser(scratch.url);
  const displayName = name ?? `Learner ${randomUUID().slice(0, 6)}`;
  await q(`UPDATE users SET display_name = $2 WHERE id = $1`, [user.userId, displayName]);
  return { ...(await signIn(api.baseUrl, user)), name: displayName };
}

async function organisation(): Promise<string> {
  const tag = randomUUID().slice(0, 8);
  return (await q<{ id: string }>(`INSERT INTO organisations (name, slug) VALUES ($1, $2) RETURNING id`, [`Organisation ${tag}`, `org-${tag}`]))[0]!.id;
}

const join = (orgId: string, userId: string, role: 'learner' | 'trainer' | 'org_admin') =>
  q(`INSERT INTO memberships (organisation_id, user_id, role) VALUES ($1, $2, $3)`, [orgId, userId, role]);

async function cohort(orgId: string, trainerIds: string[], memberIds: string[], assignments: { courseId: string; dueInDays: number | null }[]) {
  const id = (
    await q<{ id: string }>(`INSERT INTO cohorts (organisation_id, name) VALUES ($1, $2) RETURNING id`, [orgId, `Cohort ${randomUUID().slice(0, 6)}`])
  )[0]!.id;
  for (const t of trainerIds) await q(`INSERT INTO cohort_trainers (cohort_id, user_id) VALUES ($1, $2)`, [id, t]);
  for (const m of memberIds) await q(`INSERT INTO cohort_members (cohort_id, user_id) VALUES ($1, $2)`, [id, m]);
  const assignmentIds: string[] = [];
  for (const a of assignments) {
    assignmentIds.push(
      (
        await q<{ id: string }>(
          `INSERT INTO cohort_assignments (cohort_id, course_id, due_at) VALUES ($1, $2, CASE WHEN $3::float8 IS NULL THEN NULL ELSE now() + $3::float8 * interval '1 day' END) RETURNING id`,
          [id, a.courseId, a.dueInDays],
        )
      )[0]!.id,
    );
  }
  return { id, assignmentIds };
}

/** An enrolment (as the assignment makes it), with learning `activeDaysAgo` days ago (null: none since enrolling 60 days ago). */
async function enrol(userId: string, course: { id: string; versionId: string; lessonId: string }, activeDaysAgo: number | null): Promise<string> {
  const id = (
    await q<{ id: string }>(
      `INSERT INTO enrolments (user_id, course_id, course_version_id, enrolled_at) VALUES ($1, $2, $3, now() - interval '60 days') RETURNING id`,
      [userId, course.id, course.versionId],
    )
  )[0]!.id;
  if (activeDaysAgo !== null) {
    await q(
      `INSERT INTO lesson_progress (enrolment_id, lesson_id, started_at, updated_at) VALUES ($1, $2, now() - interval '60 days', now() - $3::float8 * interval '1 day')`,
      [id, course.lessonId, activeDaysAgo],
    );
  }
  return id;
}

/** A standing completion of the enrolment, expiring `expiresInDays` from now (null: never). */
async function complete(userId: string, enrolmentId: string, course: { id: string; versionId: string }, expiresInDays: number | null) {
  await q(
    `INSERT INTO course_completions (enrolment_id, user_id, course_id, course_version_id, completed_at, expires_at)
     VALUES ($1, $2, $3, $4, now() - interval '300 days', CASE WHEN $5::float8 IS NULL THEN NULL ELSE now() + $5::float8 * interval '1 day' END)`,
    [enrolmentId, userId, course.id, course.versionId, expiresInDays],
  );
}

const codesOf = (item: Body) => item.reasons.map((r: Body) => r.code).sort();

async function allAttention(who: SignedIn, query = ''): Promise<Body[]> {
  const items: Body[] = [];
  let cursor: string | null = null;
  do {
    const page: Body = await ok(await call(who, 'GET', `/api/me/attention?limit=2${query}${cursor ? `&cursor=${cursor}` : ''}`));
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

let mailDir: string;

/** The mails sent to `email` so far (the outbox relayed, the queued mail jobs run; the file mail driver), oldest first. */
async function mailsTo(email: string): Promise<{ subject: string; text: string }[]> {
  await api.app.get(OutboxRelay).drain();
  await (api.app.get(JobQueue) as InlineJobQueue).drain();
  return storedMailsTo(mailDir, email);
}

beforeAll(async () => {
  scratch = await createScratchDatabase(inject('serverUrl'));
  ds = createDataSource({ url: scratch.url, poolMax: 2 });
  await ds.initialize();
  await runMigrations(ds);
  await importContent(ds);
  db = new pg.Client({ connectionString: scratch.url });
  await db.connect();
  const course = async (slug: string) =>
    (
      await q(
        `SELECT c.id, c.current_version_id AS "versionId",
                (SELECT l.id FROM course_modules cm JOIN lessons l ON l.module_id = cm.module_id WHERE cm.course_version_id = c.current_version_id ORDER BY cm.position, l.position LIMIT 1) AS "lessonId",
                (SELECT z.id FROM course_modules cm JOIN quizzes z ON z.module_id = cm.module_id AND z.course_id IS NULL WHERE cm.course_version_id = c.current_version_id ORDER BY cm.position LIMIT 1) AS "quizId",
                (SELECT z.module_id FROM course_modules cm JOIN quizzes z ON z.module_id = cm.module_id AND z.course_id IS NULL WHERE cm.course_version_id = c.current_version_id ORDER BY cm.position LIMIT 1) AS "moduleId"
           FROM courses c WHERE c.slug = $1`,
        [slug],
      )
    )[0];
  courses = { foundations: await course('foundations'), homelessness: await course('homelessness-and-labour-exploitation') };
  if (!courses.foundations.quizId) {
    // The content import here brings no quizzes: a module quiz for foundations' first module.
    const [row] = await q<{ id: string; module_id: string }>(
      `INSERT INTO quizzes (module_id, title, pass_mark, review_policy)
       SELECT cm.module_id, 'First module quiz', 70, '{}' FROM course_modules cm WHERE cm.course_version_id = $1 ORDER BY cm.position LIMIT 1
       RETURNING id, module_id`,
      [courses.foundations.versionId],
    );
    courses.foundations.quizId = row!.id;
    courses.foundations.moduleId = row!.module_id;
  }
  mailDir = mkdtempSync(joinPath(tmpdir(), 'cohorts-ops-mail-'));
  api = await startApi({
    DATABASE_URL: scratch.url,
    REDIS_URL: inject('redisUrl'),
    QUEUE_PREFIX: inject('queuePrefix'),
    QUEUE_DRIVER: 'inline',
    MAIL_DRIVER: 'file',
    MAIL_DIR: mailDir,
  });
});

afterAll(async () => {
  await api?.close();
  await db?.end();
  await ds?.destroy();
  await scratch?.drop();
  if (mailDir) rmSync(mailDir, { recursive: true, force: true });
});

/**
 * Cohort X (trainer A): foundations due in 3 days, homelessness due 2 days ago. Cohort Y (trainer B)
 * in the same organisation, with one learner of its own.
 */
async function world() {
  const orgId = await organisation();
  const admin = await person('Org Admin');
  const trainerA = await person('Trainer A');
  const trainerB = await person('Trainer B');
  await join(orgId, admin.userId, 'org_admin');
  await join(orgId, trainerA.userId, 'trainer');
  await join(orgId, trainerB.userId, 'trainer');
  const l = {
    late: await person('Ada Late'),
    idle: await person('Bea Idle'),
    failing: await person('Cy Failing'),
    expiring: await person('Di Expiring'),
    expired: await person('Ed Expired'),
    fine: await person('Flo Fine'),
    other: await person('Gus OtherCohort'),
  };
  for (const p of Object.values(l)) await join(orgId, p.userId, 'learner');
  const { foundations: F, homelessness: H } = courses;
  const x = await cohort(
    orgId,
    [trainerA.userId],
    [l.late, l.idle, l.failing, l.expiring, l.expired, l.fine].map((p) => p.userId),
    [
      { courseId: F.id, dueInDays: 3 },
      { courseId: H.id, dueInDays: -2 },
    ],
  );
  const y = await cohort(orgId, [trainerB.userId], [l.other.userId], [{ courseId: H.id, dueInDays: 30 }]);

  await enrol(l.late.userId, F, 1);
  await enrol(l.late.userId, H, 1);

  await enrol(l.idle.userId, F, 20);
  await complete(l.idle.userId, await enrol(l.idle.userId, H, 20), H, null);

  await enrol(l.failing.userId, F, 0);
  await complete(l.failing.userId, await enrol(l.failing.userId, H, 0), H, null);
  await q(`INSERT INTO quiz_grades (user_id, quiz_id, module_id, percent, passed, attempts_used, last_submitted_at) VALUES ($1, $2, $3, 40, false, 2, now())`, [
    l.failing.userId,
    F.quizId,
    F.moduleId,
  ]);

  await complete(l.expiring.userId, await enrol(l.expiring.userId, F, 0), F, null);
  await complete(l.expiring.userId, await enrol(l.expiring.userId, H, 0), H, 10);

  await complete(l.expired.userId, await enrol(l.expired.userId, F, 0), F, -1);
  await complete(l.expired.userId, await enrol(l.expired.userId, H, 0), H, null);

  await complete(l.fine.userId, await enrol(l.fine.userId, F, 0), F, 400);
  await complete(l.fine.userId, await enrol(l.fine.userId, H, 0), H, null);

  await enrol(l.other.userId, H, 0);
  return { orgId, admin, trainerA, trainerB, l, x, y };
}

describe('needs attention', () => {
  it('lists each learner of the trainer’s cohorts with the reasons their data gives, keyset-paginated', async () => {
    const w = await world();
    const items = await allAttention(w.trainerA);
    const byName = new Map(items.map((i) => [i.name, i]));
    expect([...byName.keys()].sort()).toEqual(['Ada Late', 'Bea Idle', 'Cy Failing', 'Di Expiring', 'Ed Expired']);
    expect(items.length).toBe(5);
    expect(codesOf(byName.get('Ada Late'))).toEqual(['due_soon', 'overdue']);
    expect(codesOf(byName.get('Bea Idle'))).toEqual(['due_soon', 'inactive']);
    expect(codesOf(byName.get('Cy Failing'))).toEqual(['due_soon', 'failed_attempts']);
    expect(codesOf(byName.get('Di Expiring'))).toEqual(['certificate_expiring']);
    expect(codesOf(byName.get('Ed Expired'))).toEqual(['certificate_expired']);
    expect(items.every((i) => i.cohortId === w.x.id)).toBe(true);
    const late = byName.get('Ada Late');
    expect(late.reasons[0]).toMatchObject({ code: 'overdue', courseId: courses.homelessness.id });
    expect(late.reasons[0].detail).toMatch(/was due on \d{4}-\d{2}-\d{2}/);
    expect(byName.get('Bea Idle').reasons.find((r: Body) => r.code === 'inactive').detail).toBe('No learning for 20 days');
    expect(byName.get('Cy Failing').reasons.find((r: Body) => r.code === 'failed_attempts')).toMatchObject({ quizId: courses.foundations.quizId });

    // The organisation's inactivity threshold: 30 days, and Bea (20 days) is no longer inactive.
    await ok(await call(w.trainerA, 'PUT', `/api/organisations/${w.orgId}/attention-settings`, { inactiveDays: 30 }), 403);
    const bad = await ok(await call(w.admin, 'PUT', `/api/organisations/${w.orgId}/attention-settings`, { inactiveDays: 0 }), 400);
    expect(bad.details.fields.map((f: Body) => f.field)).toEqual(['inactiveDays']);
    expect(await ok(await call(w.admin, 'PUT', `/api/organisations/${w.orgId}/attention-settings`, { inactiveDays: 30 }))).toEqual({ inactiveDays: 30 });
    expect(await ok(await call(w.trainerA, 'GET', `/api/organisations/${w.orgId}/attention-settings`))).toEqual({ inactiveDays: 30 });
    const after = await allAttention(w.trainerA, `&cohortId=${w.x.id}`);
    expect(codesOf(after.find((i) => i.name === 'Bea Idle'))).toEqual(['due_soon']);
  });

  it('shows an org admin every cohort of the organisation, a trainer only theirs (another cohort 404), and refuses learners (403)', async () => {
    const w = await world();
    const adminItems = await allAttention(w.admin);
    expect(new Set(adminItems.map((i) => i.cohortId))).toEqual(new Set([w.x.id]));
    const forB = await allAttention(w.trainerB);
    expect(forB).toEqual([]);
    await ok(await call(w.trainerB, 'GET', `/api/me/attention?cohortId=${w.x.id}`), 404);
    await ok(await call(w.trainerB, 'GET', `/api/me/attention?cohortId=${randomUUID()}`), 404);
    const refused = await ok(await call(w.l.late, 'GET', '/api/me/attention'), 403);
    expect(refused.code).toBe('FORBIDDEN');
    await ok(await call(null, 'GET', '/api/me/attention'), 401);
    const bad = await ok(await call(w.trainerA, 'GET', '/api/me/attention?cursor=nonsense'), 400);
    expect(bad.details.fields[0].field).toBe('cursor');
    // Gus is overdue nowhere (due in 30 days): once his assignment is overdue, trainer B sees him.
    await q(`UPDATE cohort_assignments SET due_at = now() - interval '1 day' WHERE cohort_id = $1`, [w.y.id]);
    expect((await allAttention(w.trainerB)).map((i) => [i.name, codesOf(i)])).toEqual([['Gus OtherCohort', ['overdue']]]);
    // A trainer removed from the organisation sees nothing, even though still listed on the cohort.
    await q(`DELETE FROM memberships WHERE user_id = $1 AND organisation_id = $2`, [w.trainerB.userId, w.orgId]);
    await ok(await call(w.trainerB, 'GET', '/api/me/attention'), 403);
  });
});

describe('one-click reminder', () => {
  it('mails the learner through the outbox once a day, audited; another trainer’s cohort and non-members are 404', async () => {
    const w = await world();
    const path = `/api/cohorts/${w.x.id}/members/${w.l.late.userId}/remind`;
    await ok(await call(w.trainerB, 'POST', path, {}), 404);
    await ok(await call(w.l.idle, 'POST', path, {}), 404);
    await ok(await call(w.trainerA, 'POST', `/api/cohorts/${w.x.id}/members/${w.l.other.userId}/remind`, {}), 404);
    await ok(await call(w.trainerA, 'POST', `/api/cohorts/${w.x.id}/members/not-a-uuid/remind`, {}), 400);
    // A malformed cohort id is a cohort that does not exist, as on every cohort route.
    await ok(await call(w.trainerA, 'POST', `/api/cohorts/not-a-uuid/members/${w.l.late.userId}/remind`, {}), 404);
    const tooLong = await ok(await call(w.trainerA, 'POST', path, { message: 'x'.repeat(501) }), 400);
    expect(tooLong.details.fields[0].field).toBe('message');
    expect(await mailsTo(w.l.late.email)).toEqual([]);

    const sent = await ok(await call(w.trainerA, 'POST', path, { message: 'Shall we talk it through on Friday?' }), 202);
    expect(sent).toMatchObject({ learnerId: w.l.late.userId, cohortId: w.x.id, sentOn: new Date().toISOString().slice(0, 10) });
    const mails = await mailsTo(w.l.late.email);
    expect(mails.length).toBe(1);
    expect(mails[0]!.subject).toMatch(/A reminder about your training with Organisation/);
    expect(mails[0]!.text).toContain('Trainer A, your trainer at');
    expect(mails[0]!.text).toContain('“Shall we talk it through on Friday?”');
    expect(mails[0]!.text).toMatch(/Modern slavery in homelessness and labour exploitation services \(due \d{4}-\d{2}-\d{2}\)/);
    expect(mails[0]!.text).toContain('pause whenever you need to');

    // The same day: refused, whoever asks (the org admin too), and nothing more is queued.
    const again = await call(w.trainerA, 'POST', path, {});
    const refused = await ok(again, 429);
    expect(refused.code).toBe('REMINDER_ALREADY_SENT_TODAY');
    expect(Number(again.headers.get('retry-after'))).toBeGreaterThan(0);
    await ok(await call(w.admin, 'POST', path, {}), 429);
    expect((await mailsTo(w.l.late.email)).length).toBe(1);
    // Another learner the same day is fine.
    await ok(await call(w.admin, 'POST', `/api/cohorts/${w.x.id}/members/${w.l.idle.userId}/remind`, {}), 202);

    const audit = await q(
      `SELECT actor_user_id, organisation_id, target_id, metadata FROM audit_events WHERE action = 'cohort.member_reminded' AND target_id = $1`,
      [w.l.late.userId],
    );
    expect(audit).toEqual([
      {
        actor_user_id: w.trainerA.userId,
        organisation_id: w.orgId,
        target_id: w.l.late.userId,
        metadata: expect.objectContaining({ cohortId: w.x.id, withMessage: true }),
      },
    ]);
    // Tomorrow (the row moved back a day) it may be sent again.
    await q(`UPDATE cohort_reminders SET sent_on = sent_on - 1 WHERE learner_id = $1`, [w.l.late.userId]);
    await ok(await call(w.trainerA, 'POST', path, {}), 202);
    expect((await mailsTo(w.l.late.email)).length).toBe(2);
    // Platform admins may remind too, as they may see every cohort (the cohorts' one access rule).
    await q(`UPDATE cohort_reminders SET sent_on = sent_on - 1 WHERE learner_id = $1`, [w.l.idle.userId]);
    const platformAdmin = await signInAsNewAdmin(api.baseUrl, scratch.url);
    await ok(await call(platformAdmin, 'POST', `/api/cohorts/${w.x.id}/members/${w.l.idle.userId}/remind`, {}), 202);
  });
});

describe('notification settings and scheduled notifications', () => {
  it('keeps each person’s settings (on by default) and refuses bad values naming the field', async () => {
    const me = await person();
    expect(await ok(await call(me, 'GET', '/api/me/notification-settings'))).toEqual({ dueDateReminders: true, weeklyDigest: true });
    expect(await ok(await call(me, 'PATCH', '/api/me/notification-settings', { weeklyDigest: false }))).toEqual({
      dueDateReminders: true,
      weeklyDigest: false,
    });
    expect(await ok(await call(me, 'PATCH', '/api/me/notification-settings', { dueDateReminders: false }))).toEqual({
      dueDateReminders: false,
      weeklyDigest: false,
    });
    const bad = await ok(await call(me, 'PATCH', '/api/me/notification-settings', { dueDateReminders: 'no' }), 400);
    expect(bad.details.fields.map((f: Body) => f.field)).toEqual(['dueDateReminders']);
    await ok(await call(null, 'GET', '/api/me/notification-settings'), 401);
  });

  it('reminds learners 7 days and 1 day before the due date, once each, and not those who turned it off or completed', async () => {
    const orgId = await organisation();
    const [keen, optedOut, done] = [await person(), await person(), await person()];
    for (const p of [keen, optedOut, done]) await join(orgId, p.userId, 'learner');
    await ok(await call(optedOut, 'PATCH', '/api/me/notification-settings', { dueDateReminders: false }));
    const F = courses.foundations;
    const c = await cohort(orgId, [], [keen.userId, optedOut.userId, done.userId], [{ courseId: F.id, dueInDays: 5 }]);
    // The same course in a second cohort of keen's: still one reminder.
    await cohort(orgId, [], [keen.userId], [{ courseId: F.id, dueInDays: 6 }]);
    for (const p of [keen, optedOut]) await enrol(p.userId, F, 1);
    await complete(done.userId, await enrol(done.userId, F, 1), F, null);
    const notifications = api.app.get(NotificationsService);

    await notifications.sendDueReminders(new Date());
    await notifications.sendDueReminders(new Date());
    let mails = await mailsTo(keen.email);
    expect(mails.map((m) => m.subject)).toEqual([expect.stringMatching(/^Foundations is due in 7 days \(\d{4}-\d{2}-\d{2}\)$/)]);
    expect(mails[0]!.text).toContain('If you cannot finish in time, please let your trainer know');
    expect(await mailsTo(optedOut.email)).toEqual([]);
    expect(await mailsTo(done.email)).toEqual([]);

    await q(`UPDATE cohort_assignments SET due_at = now() + interval '12 hours' WHERE id = $1`, [c.assignmentIds[0]]);
    await notifications.sendDueReminders(new Date());
    await notifications.sendDueReminders(new Date());
    mails = await mailsTo(keen.email);
    expect(mails.map((m) => m.subject)).toEqual([expect.stringMatching(/due in 7 days/), expect.stringMatching(/^Foundations is due tomorrow/)]);
    expect(await mailsTo(optedOut.email)).toEqual([]);
  });

  it('sends each trainer their weekly digest once per week, unless they turned it off', async () => {
    const w = await world();
    await ok(await call(w.trainerB, 'PATCH', '/api/me/notification-settings', { weeklyDigest: false }));
    await q(`UPDATE cohort_assignments SET due_at = now() - interval '1 day' WHERE cohort_id = $1`, [w.y.id]);
    const notifications = api.app.get(NotificationsService);
    const week = weekOf(Date.now() + 7 * 86_400_000 * (2 + Math.floor(Math.random() * 1000)));
    await notifications.sendDigests(week);
    await notifications.sendDigests(week);
    const digests = (await mailsTo(w.trainerA.email)).filter((m) => m.subject.startsWith('Your weekly cohort summary'));
    expect(digests.length).toBe(1);
    expect(digests[0]!.subject).toBe('Your weekly cohort summary: 5 learners may need support');
    expect(digests[0]!.text).toContain(`Ada Late (`);
    expect(digests[0]!.text).toMatch(/was due on/);
    expect(await mailsTo(w.trainerB.email)).toEqual([]);
    expect(await q(`SELECT learners FROM trainer_digests WHERE user_id = $1 AND week = $2`, [w.trainerA.userId, week])).toEqual([{ learners: 5 }]);
    // The next week is another digest.
    await notifications.sendDigests(weekOf(Date.parse(week) + 7 * 86_400_000));
    expect((await mailsTo(w.trainerA.email)).filter((m) => m.subject.startsWith('Your weekly cohort summary')).length).toBe(2);
  });

  it('schedules the digest on Mondays at 07:00 UTC', () => {
    expect(weekOf(Date.parse('2026-12-02T13:00:00Z'))).toBe('2026-11-30');
    expect(weekOf(Date.parse('2026-11-30T00:00:00Z'))).toBe('2026-11-30');
    expect(weekOf(Date.parse('2026-12-06T23:59:00Z'))).toBe('2026-11-30');
    expect(new Date(nextDigestAt(Date.parse('2026-12-02T13:00:00Z'))).toISOString()).toBe('2026-12-07T07:00:00.000Z');
    expect(new Date(nextDigestAt(Date.parse('2026-11-30T06:00:00Z'))).toISOString()).toBe('2026-11-30T07:00:00.000Z');
  });
});

describe('compliance report', () => {
  it('gives org admins who is current, expiring, expired, overdue or open per assigned course, as CSV, XLSX and PDF; audited', async () => {
    const w = await world();
    const res = await call(w.admin, 'GET', `/api/organisations/${w.orgId}/compliance.csv`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toMatch(/attachment; filename="htmse-academy-compliance-\d{4}-\d{2}-\d{2}\.csv"/);
    const csv = (await res.text()).replace(/^\uFEFF/, '');
    const lines = csv.trim().split('\r\n');
    expect(lines[0]).toBe('Name,Email,External ID,Cohorts,Course,Due date,Status,Completed at,Expires at');
    const rows = lines.slice(1).map((l) => l.split(','));
    const status = (name: string, course: string) => rows.find((r) => r[0] === name && r[4]!.startsWith(course))?.[6];
    expect(rows.length).toBe(13); // 6 learners × 2 courses in X, Gus × 1 in Y
    expect(status('Ada Late', 'Modern slavery')).toBe('overdue');
    expect(status('Ada Late', 'Foundations')).toBe('open');
    expect(status('Di Expiring', 'Modern slavery')).toBe('expiring');
    expect(status('Ed Expired', 'Foundations')).toBe('expired');
    expect(status('Flo Fine', 'Foundations')).toBe('current');
    expect(status('Gus OtherCohort', 'Modern slavery')).toBe('open');
    expect(rows.map((r) => r[0])).toEqual([...rows.map((r) => r[0]!)].sort());

    const xlsx = await call(w.admin, 'GET', `/api/organisations/${w.orgId}/compliance.xlsx`);
    expect(xlsx.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as unknown as ArrayBuffer);
    const sheet = book.getWorksheet('Compliance')!;
    expect(sheet.rowCount).toBe(14);
    expect(sheet.getRow(1).getCell(7).value).toBe('Status');
    const adaRow = sheet.getRows(2, 13)!.find((r) => r.getCell(1).value === 'Ada Late' && String(r.getCell(5).value).startsWith('Modern slavery'))!;
    expect(adaRow.getCell(7).value).toBe('overdue');

    const pdf = await call(w.admin, 'GET', `/api/organisations/${w.orgId}/compliance.pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    const bytes = Buffer.from(await pdf.arrayBuffer());
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const text = (await new PDFParse({ data: new Uint8Array(bytes) }).getText()).text;
    expect(text).toContain('Compliance report');
    expect(text).toContain('Ada Late');
    expect(text).toMatch(/expiring within 30 days 1/);

    const audit = await q(
      `SELECT metadata->>'format' AS format FROM audit_events WHERE action = 'organisation.compliance_exported' AND organisation_id = $1 ORDER BY occurred_at`,
      [w.orgId],
    );
    expect(audit.map((a) => a.format)).toEqual(['csv', 'xlsx', 'pdf']);
  });

  it('refuses trainers and learners (403) and other organisations’ admins (404)', async () => {
    const w = await world();
    const stranger = await person();
    await join(await organisation(), stranger.userId, 'org_admin');
    for (const ext of ['csv', 'xlsx', 'pdf']) {
      await ok(await call(w.trainerA, 'GET', `/api/organisations/${w.orgId}/compliance.${ext}`), 403);
      await ok(await call(w.l.late, 'GET', `/api/organisations/${w.orgId}/compliance.${ext}`), 403);
      await ok(await call(stranger, 'GET', `/api/organisations/${w.orgId}/compliance.${ext}`), 404);
      await ok(await call(null, 'GET', `/api/organisations/${w.orgId}/compliance.${ext}`), 401);
    }
    expect(await q(`SELECT 1 FROM audit_events WHERE action = 'organisation.compliance_exported' AND organisation_id = $1`, [w.orgId])).toEqual([]);
  });
});
