import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { OrgRole } from '../src/common/auth/access.js';
import { createDataSource } from '../src/database.js';
import { createVerifiedUser, signIn, type SignedIn } from './support/admin.js';
import { startApi, type TestApi } from './support/api.js';
import { newCourse, newLesson, newModule, newOrganisation, newPublication, type CourseRef } from './support/factories.js';
import { tokenFromMail } from './support/people.js';

/**
 * Cohorts through the real HTTP app on the real PostgreSQL and Redis: access (trainer scope),
 * members and invitations, assignments and enrolments, the seat limit, the progress matrix
 * (filters, sorts, keyset pages), the summary, the exports, the learner's assignments, and what
 * leaving an organisation does. The CSV import has its own file (cohorts-import.test.ts).
 */
let api: TestApi;
let db: DataSource;
let mailDir: string;
let platformAdmin: SignedIn;

interface Reply {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
  text: string;
  headers: Headers;
}

async function call(as: SignedIn | undefined, method: string, path: string, body?: unknown): Promise<Reply> {
  const headers: Record<string, string> = {};
  if (as) headers.authorization = `Bearer ${as.accessToken}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${api.baseUrl}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  let parsed: unknown = null;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = null;
  }
  return { status: res.status, body: parsed, text, headers: res.headers };
}

async function person(organisationId: string | null, role: OrgRole = 'learner', displayName?: string): Promise<SignedIn> {
  const user = await createVerifiedUser(inject('databaseUrl'));
  if (displayName) await db.query(`UPDATE users SET display_name = $2 WHERE id = $1`, [user.userId, displayName]);
  if (organisationId) await db.query(`INSERT INTO memberships (organisation_id, user_id, role) VALUES ($1, $2, $3)`, [organisationId, user.userId, role]);
  return signIn(api.baseUrl, user);
}

/** A published course of `lessons` lessons in one module (two modules when asked), public or the organisation's. */
async function course(
  opts: { organisationId?: string; modules?: number; lessons?: number } = {},
): Promise<CourseRef & { lessonIds: string[][]; moduleIds: string[] }> {
  const publication = await newPublication(db, {});
  const moduleIds: string[] = [];
  const lessonIds: string[][] = [];
  for (let m = 0; m < (opts.modules ?? 1); m++) {
    const mod = await newModule(db, { publicationId: publication.id, title: `Module ${m + 1}` });
    moduleIds.push(mod.id);
    const ids: string[] = [];
    for (let l = 0; l < (opts.lessons ?? 2); l++) ids.push((await newLesson(db, { moduleId: mod.id, position: l + 1 })).id);
    lessonIds.push(ids);
  }
  const ref = await newCourse(db, { organisationId: opts.organisationId ?? null, moduleIds, title: `Course ${randomUUID().slice(0, 6)}` });
  return { ...ref, lessonIds, moduleIds };
}

async function enrolmentOf(userId: string, courseId: string): Promise<string | null> {
  const rows = (await db.query(`SELECT id FROM enrolments WHERE user_id = $1 AND course_id = $2 AND archived_at IS NULL`, [userId, courseId])) as {
    id: string;
  }[];
  return rows[0]?.id ?? null;
}

beforeAll(async () => {
  mailDir = await mkdtemp(join(tmpdir(), 'htmse-cohorts-mail-'));
  api = await startApi({
    DATABASE_URL: inject('databaseUrl'),
    REDIS_URL: inject('redisUrl'),
    QUEUE_PREFIX: `${inject('queuePrefix')}-cohorts`,
    QUEUE_DRIVER: 'inline',
    MAIL_DIR: mailDir,
    PUBLIC_ORIGIN: 'http://academy.test',
  });
  db = createDataSource({ url: inject('databaseUrl'), poolMax: 3 });
  await db.initialize();
  platformAdmin = await signIn(api.baseUrl, await createVerifiedUser(inject('databaseUrl'), { admin: true }));
});

afterAll(async () => {
  await db?.destroy();
  await api?.close();
  if (mailDir) await rm(mailDir, { recursive: true, force: true });
});

describe('cohorts: access and trainer scope', () => {
  let orgId: string;
  let admin: SignedIn;
  let trainerX: SignedIn;
  let trainerY: SignedIn;
  let learner: SignedIn;
  let otherAdmin: SignedIn;
  let cohortX: string;
  let cohortY: string;

  beforeAll(async () => {
    orgId = (await newOrganisation(db)).id;
    admin = await person(orgId, 'org_admin');
    trainerX = await person(orgId, 'trainer');
    trainerY = await person(orgId, 'trainer');
    learner = await person(orgId, 'learner');
    otherAdmin = await person((await newOrganisation(db)).id, 'org_admin');
    const x = await call(admin, 'POST', `/api/organisations/${orgId}/cohorts`, { name: 'Cohort X', description: 'Front line' });
    expect(x.status).toBe(201);
    cohortX = x.body.id;
    cohortY = (await call(admin, 'POST', `/api/organisations/${orgId}/cohorts`, { name: 'Cohort Y' })).body.id;
    expect((await call(admin, 'PUT', `/api/cohorts/${cohortX}/trainers`, { userIds: [trainerX.userId] })).status).toBe(200);
    expect((await call(admin, 'PUT', `/api/cohorts/${cohortY}/trainers`, { userIds: [trainerY.userId] })).status).toBe(200);
    // Y has a member, so its member list, progress and timeline would have something to leak.
    expect((await call(admin, 'POST', `/api/cohorts/${cohortY}/members`, { email: learner.email })).status).toBe(201);
  });

  it('creates cohorts for org admins only, with unique names among those not archived', async () => {
    const cohort = (await call(admin, 'GET', `/api/cohorts/${cohortX}`)).body;
    expect(cohort).toMatchObject({
      name: 'Cohort X',
      description: 'Front line',
      organisationId: orgId,
      archivedAt: null,
      memberCount: 0,
      trainerIds: [trainerX.userId],
    });
    const again = await call(admin, 'POST', `/api/organisations/${orgId}/cohorts`, { name: 'Cohort X' });
    expect([again.status, again.body.code]).toEqual([409, 'COHORT_NAME_TAKEN']);
    expect((await call(trainerX, 'POST', `/api/organisations/${orgId}/cohorts`, { name: 'Mine' })).status).toBe(403);
    expect((await call(learner, 'POST', `/api/organisations/${orgId}/cohorts`, { name: 'Mine' })).status).toBe(403);
    expect((await call(otherAdmin, 'POST', `/api/organisations/${orgId}/cohorts`, { name: 'Mine' })).status).toBe(404);
    const blank = await call(admin, 'POST', `/api/organisations/${orgId}/cohorts`, { name: '  ' });
    expect(blank.status).toBe(400);
    expect(blank.body.details.fields[0].field).toBe('name');
  });

  it('lists every cohort to the org admin and only their own to a trainer; learners are refused', async () => {
    const all = await call(admin, 'GET', `/api/organisations/${orgId}/cohorts`);
    expect(all.body.items.map((c: { name: string }) => c.name).sort()).toEqual(['Cohort X', 'Cohort Y']);
    const mine = await call(trainerX, 'GET', `/api/organisations/${orgId}/cohorts`);
    expect(mine.body.items.map((c: { id: string }) => c.id)).toEqual([cohortX]);
    expect((await call(learner, 'GET', `/api/organisations/${orgId}/cohorts`)).status).toBe(403);
    expect((await call(otherAdmin, 'GET', `/api/organisations/${orgId}/cohorts`)).status).toBe(404);
  });

  it("gives a trainer of cohort X 404 for cohort Y's progress, exports, summary, members, assignments and learners' timelines", async () => {
    for (const path of [
      `/api/cohorts/${cohortY}`,
      `/api/cohorts/${cohortY}/progress`,
      `/api/cohorts/${cohortY}/summary`,
      `/api/cohorts/${cohortY}/progress.csv`,
      `/api/cohorts/${cohortY}/progress.xlsx`,
      `/api/cohorts/${cohortY}/members`,
      `/api/cohorts/${cohortY}/assignments`,
      `/api/cohorts/${cohortY}/members/${learner.userId}/timeline`,
    ]) {
      const res = await call(trainerX, 'GET', path);
      expect([path, res.status]).toEqual([path, 404]);
      expect(res.text).not.toContain(learner.email);
      expect(res.text).not.toContain('Cohort Y');
      // Their own cohort answers.
      const own = await call(trainerX, 'GET', path.replace(cohortY, cohortX).replace(`/members/${learner.userId}/timeline`, '/members'));
      expect([path, own.status]).toEqual([path, 200]);
    }
    expect((await call(trainerX, 'POST', `/api/cohorts/${cohortY}/members`, { email: 'someone@example.org' })).status).toBe(404);
    expect((await call(trainerX, 'POST', `/api/cohorts/${cohortY}/assignments`, { courseId: randomUUID() })).status).toBe(404);
  });

  it('gives learners and other organisations 404 for every cohort, and a malformed id is 404 too', async () => {
    for (const who of [learner, otherAdmin]) {
      for (const path of [
        `/api/cohorts/${cohortX}`,
        `/api/cohorts/${cohortX}/progress`,
        `/api/cohorts/${cohortX}/members`,
        `/api/cohorts/${cohortX}/progress.csv`,
      ]) {
        expect([path, (await call(who, 'GET', path)).status]).toEqual([path, 404]);
      }
    }
    expect((await call(admin, 'GET', `/api/cohorts/not-a-uuid`)).status).toBe(404);
    expect((await call(undefined, 'GET', `/api/cohorts/${cohortX}`)).status).toBe(401);
    // A platform admin sees any cohort.
    expect((await call(platformAdmin, 'GET', `/api/cohorts/${cohortX}`)).status).toBe(200);
  });

  it("keeps a cohort's administration to org admins: its trainer gets 403, and trainers must be the organisation's staff", async () => {
    expect((await call(trainerX, 'PATCH', `/api/cohorts/${cohortX}`, { name: 'Renamed' })).status).toBe(403);
    expect((await call(trainerX, 'POST', `/api/cohorts/${cohortX}/archive`)).status).toBe(403);
    expect((await call(trainerX, 'PUT', `/api/cohorts/${cohortX}/trainers`, { userIds: [] })).status).toBe(403);
    expect((await call(trainerX, 'POST', `/api/cohorts/${cohortX}/members`, { email: 'a@example.org' })).status).toBe(403);
    const notStaff = await call(admin, 'PUT', `/api/cohorts/${cohortX}/trainers`, { userIds: [learner.userId] });
    expect(notStaff.status).toBe(400);
    expect(notStaff.body.details.fields[0]).toMatchObject({ field: 'userIds' });
    const renamed = await call(admin, 'PATCH', `/api/cohorts/${cohortX}`, { name: 'Cohort X2', description: null });
    expect(renamed.body).toMatchObject({ name: 'Cohort X2', description: null });
    expect((await call(admin, 'PATCH', `/api/cohorts/${cohortX}`, { name: 'Cohort Y' })).body.code).toBe('COHORT_NAME_TAKEN');
    await call(admin, 'PATCH', `/api/cohorts/${cohortX}`, { name: 'Cohort X' });
  });

  it('archives (out of the list, no changes) and unarchives', async () => {
    const temp = (await call(admin, 'POST', `/api/organisations/${orgId}/cohorts`, { name: 'Temporary' })).body.id;
    const archived = await call(admin, 'POST', `/api/cohorts/${temp}/archive`);
    expect(archived.body.archivedAt).not.toBeNull();
    expect((await call(admin, 'GET', `/api/organisations/${orgId}/cohorts`)).body.items.map((c: { id: string }) => c.id)).not.toContain(temp);
    expect((await call(admin, 'GET', `/api/organisations/${orgId}/cohorts?archived=true`)).body.items.map((c: { id: string }) => c.id)).toEqual([temp]);
    const change = await call(admin, 'POST', `/api/cohorts/${temp}/members`, { email: learner.email });
    expect([change.status, change.body.code]).toEqual([409, 'COHORT_ARCHIVED']);
    // The name is free again while it is archived.
    expect((await call(admin, 'POST', `/api/organisations/${orgId}/cohorts`, { name: 'Temporary' })).status).toBe(201);
    const clash = await call(admin, 'POST', `/api/cohorts/${temp}/unarchive`);
    expect([clash.status, clash.body.code]).toEqual([409, 'COHORT_NAME_TAKEN']);
  });
});

describe('cohorts: members, invitations, assignments and seats', () => {
  let orgId: string;
  let admin: SignedIn;
  let member: SignedIn;
  let cohortId: string;
  let catalogue: Awaited<ReturnType<typeof course>>;

  beforeAll(async () => {
    orgId = (await newOrganisation(db, { name: `Harbour Trust ${randomUUID().slice(0, 6)}` })).id;
    admin = await person(orgId, 'org_admin');
    member = await person(orgId, 'learner');
    cohortId = (await call(admin, 'POST', `/api/organisations/${orgId}/cohorts`, { name: 'Outreach' })).body.id;
    catalogue = await course();
  });

  it('adds a member of the organisation at once and invites anyone else, pending until they accept', async () => {
    const added = await call(admin, 'POST', `/api/cohorts/${cohortId}/members`, { email: member.email.toUpperCase(), externalId: 'HR-1' });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ created: true, invited: false, member: { userId: member.userId, pending: false, externalId: 'HR-1' } });
    const again = await call(admin, 'POST', `/api/cohorts/${cohortId}/members`, { email: member.email });
    expect(again.body).toMatchObject({ created: false, member: { id: added.body.member.id } });

    const newcomer = `newcomer-${randomUUID()}@example.org`;
    const invited = await call(admin, 'POST', `/api/cohorts/${cohortId}/members`, { email: newcomer, name: 'Nadia Newcomer' });
    expect(invited.body).toMatchObject({ created: true, invited: true, member: { userId: null, pending: true, name: 'Nadia Newcomer', email: newcomer } });
    const removable = await call(admin, 'POST', `/api/cohorts/${cohortId}/members`, { email: `gone-${randomUUID()}@example.org` });
    expect((await call(admin, 'DELETE', `/api/cohorts/${cohortId}/members/${removable.body.member.id}`)).status).toBe(204);
    expect((await call(admin, 'DELETE', `/api/cohorts/${cohortId}/members/${removable.body.member.id}`)).status).toBe(404);
    const bad = await call(admin, 'POST', `/api/cohorts/${cohortId}/members`, { email: 'not an email' });
    expect([bad.status, bad.body.details.fields[0].field]).toEqual([400, 'email']);
  });

  it('assigns a course: members are enrolled with the due date, see it first on their dashboard, and pending ones are enrolled when they accept', async () => {
    const dueAt = new Date(Date.now() + 30 * 86_400_000).toISOString();
    const created = await call(admin, 'POST', `/api/cohorts/${cohortId}/assignments`, { courseId: catalogue.id, startsAt: new Date().toISOString(), dueAt });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ courseId: catalogue.id, dueAt, enrolled: 1, organisationCourse: false });
    const enrolment = await db.query(`SELECT due_at FROM enrolments WHERE user_id = $1 AND course_id = $2`, [member.userId, catalogue.id]);
    expect(new Date(enrolment[0].due_at).toISOString()).toBe(dueAt);
    const twice = await call(admin, 'POST', `/api/cohorts/${cohortId}/assignments`, { courseId: catalogue.id });
    expect([twice.status, twice.body.code]).toEqual([409, 'COURSE_ALREADY_ASSIGNED']);
    const backwards = await call(admin, 'POST', `/api/cohorts/${cohortId}/assignments`, {
      courseId: catalogue.id,
      startsAt: dueAt,
      dueAt: new Date().toISOString(),
    });
    expect([backwards.status, backwards.body.details.fields[0].field]).toEqual([400, 'dueAt']);
    // Another organisation's tailored course cannot be assigned here.
    const foreign = await course({ organisationId: (await newOrganisation(db)).id });
    expect((await call(admin, 'POST', `/api/cohorts/${cohortId}/assignments`, { courseId: foreign.id })).status).toBe(404);

    const mine = await call(member, 'GET', '/api/me/assignments');
    expect(mine.body.items).toEqual([
      expect.objectContaining({
        cohortName: 'Outreach',
        courseSlug: catalogue.slug,
        dueAt,
        overdue: false,
        enrolmentId: expect.any(String),
        completedAt: null,
      }),
    ]);

    // The invited newcomer accepts, creating their account: they join the cohort and are enrolled.
    const members = await call(admin, 'GET', `/api/cohorts/${cohortId}/members`);
    const pending = members.body.items.find((m: { pending: boolean }) => m.pending);
    const token = await tokenFromMail(mailDir, pending.email, '/invitations/accept');
    const accepted = await call(undefined, 'POST', '/api/invitations/accept', { token, displayName: 'Nadia N', password: `a long password ${randomUUID()}` });
    expect(accepted.status).toBe(200);
    const after = await call(admin, 'GET', `/api/cohorts/${cohortId}/members`);
    const activated = after.body.items.find((m: { id: string }) => m.id === pending.id);
    expect(activated).toMatchObject({ pending: false, userId: expect.any(String), name: 'Nadia N' });
    expect(await enrolmentOf(activated.userId, catalogue.id)).not.toBeNull();
  });

  it('moves the due date with the assignment, and deleting the assignment keeps the enrolments', async () => {
    const assignment = (await call(admin, 'GET', `/api/cohorts/${cohortId}/assignments`)).body.items[0];
    const later = new Date(Date.now() + 60 * 86_400_000).toISOString();
    const patched = await call(admin, 'PATCH', `/api/cohorts/${cohortId}/assignments/${assignment.id}`, { dueAt: later });
    expect(patched.body.dueAt).toBe(later);
    const rows = await db.query(`SELECT due_at FROM enrolments WHERE user_id = $1 AND course_id = $2`, [member.userId, catalogue.id]);
    expect(new Date(rows[0].due_at).toISOString()).toBe(later);
    const other = await course();
    const second = (await call(admin, 'POST', `/api/cohorts/${cohortId}/assignments`, { courseId: other.id })).body;
    expect((await call(admin, 'DELETE', `/api/cohorts/${cohortId}/assignments/${second.id}`)).status).toBe(204);
    expect(await enrolmentOf(member.userId, other.id)).not.toBeNull();
    expect((await call(admin, 'DELETE', `/api/cohorts/${cohortId}/assignments/${second.id}`)).status).toBe(404);
  });

  it('refuses people beyond the seat limit with 409 SEAT_LIMIT_REACHED and changes nothing', async () => {
    const seats = await call(admin, 'GET', `/api/organisations/${orgId}/licence`);
    expect(seats.body).toMatchObject({ seatLimit: null, seatsUsed: 2 });
    expect((await call(admin, 'PUT', `/api/organisations/${orgId}/licence`, { seatLimit: 3 })).status).toBe(403);
    const set = await call(platformAdmin, 'PUT', `/api/organisations/${orgId}/licence`, { seatLimit: 3 });
    expect(set.body).toMatchObject({ seatLimit: 3, seatsUsed: 2 });
    // Someone already seated may join another cohort: no new seat.
    const second = (await call(admin, 'POST', `/api/organisations/${orgId}/cohorts`, { name: 'Second' })).body.id;
    expect((await call(admin, 'POST', `/api/cohorts/${second}/members`, { email: member.email })).status).toBe(201);
    expect((await call(admin, 'POST', `/api/cohorts/${second}/members`, { email: `third-${randomUUID()}@example.org` })).status).toBe(201);
    const before = await db.query(`SELECT count(*)::int AS n FROM cohort_members cm JOIN cohorts c ON c.id = cm.cohort_id WHERE c.organisation_id = $1`, [
      orgId,
    ]);
    const fourth = `fourth-${randomUUID()}@example.org`;
    const refused = await call(admin, 'POST', `/api/cohorts/${second}/members`, { email: fourth });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'SEAT_LIMIT_REACHED', details: { seatLimit: 3, seatsUsed: 3, seatsNeeded: 1 } });
    const after = await db.query(`SELECT count(*)::int AS n FROM cohort_members cm JOIN cohorts c ON c.id = cm.cohort_id WHERE c.organisation_id = $1`, [
      orgId,
    ]);
    expect(after[0].n).toBe(before[0].n);
    expect(await db.query(`SELECT 1 FROM invitations WHERE email = $1`, [fourth])).toEqual([]);
    // Archiving a cohort frees its seats (people in no other cohort); unarchiving takes them again, if there are seats.
    expect((await call(admin, 'POST', `/api/cohorts/${second}/archive`)).status).toBe(200);
    expect((await call(admin, 'GET', `/api/organisations/${orgId}/licence`)).body.seatsUsed).toBe(2);
    expect((await call(admin, 'POST', `/api/cohorts/${cohortId}/members`, { email: fourth })).status).toBe(201);
    const back = await call(admin, 'POST', `/api/cohorts/${second}/unarchive`);
    expect([back.status, back.body.code]).toEqual([409, 'SEAT_LIMIT_REACHED']);
    await call(platformAdmin, 'PUT', `/api/organisations/${orgId}/licence`, { seatLimit: null });
  });

  it('takes someone removed from the organisation out of its cohorts and their organisation courses out of their lists, keeping their records', async () => {
    const tailored = await course({ organisationId: orgId });
    const leaver = await person(orgId, 'learner');
    expect((await call(admin, 'POST', `/api/cohorts/${cohortId}/members`, { email: leaver.email })).status).toBe(201);
    const assignment = await call(admin, 'POST', `/api/cohorts/${cohortId}/assignments`, { courseId: tailored.id });
    expect(assignment.status).toBe(201);
    const title = (await db.query(`SELECT title FROM course_versions WHERE id = $1`, [tailored.versionId]))[0].title as string;
    expect((await call(leaver, 'GET', '/api/me/enrolments')).text).toContain(title);
    // The organisation's course is labelled with its name, in the catalogue and on the course.
    const orgName = (await db.query(`SELECT name FROM organisations WHERE id = $1`, [orgId]))[0].name as string;
    expect((await call(leaver, 'GET', `/api/courses/${tailored.slug}`)).body).toMatchObject({ visibility: 'organisation', organisationName: orgName });
    const listed = (await call(leaver, 'GET', '/api/courses?limit=100')).body.items as { slug: string; organisationName: string | null }[];
    expect(listed.find((c) => c.slug === tailored.slug)?.organisationName).toBe(orgName);
    expect(listed.find((c) => c.slug === catalogue.slug)?.organisationName).toBeNull();

    expect((await call(admin, 'DELETE', `/api/organisations/${orgId}/members/${leaver.userId}`)).status).toBe(204);
    const members = await call(admin, 'GET', `/api/cohorts/${cohortId}/members?q=${encodeURIComponent(leaver.email)}`);
    expect(members.body.items).toEqual([]);
    expect((await call(leaver, 'GET', '/api/me/enrolments')).text).not.toContain(title);
    expect((await call(leaver, 'GET', '/api/me/progress')).text).not.toContain(title);
    expect((await call(leaver, 'GET', '/api/me/assignments')).body.items).toEqual([]);
    // The record stays.
    expect(await enrolmentOf(leaver.userId, tailored.id)).not.toBeNull();
  });
});

describe('cohorts: progress matrix, summary and exports', () => {
  let orgId: string;
  let admin: SignedIn;
  let trainer: SignedIn;
  let cohortId: string;
  let assignmentId: string;
  let theCourse: Awaited<ReturnType<typeof course>>;
  const people: Record<string, SignedIn> = {};

  beforeAll(async () => {
    orgId = (await newOrganisation(db)).id;
    admin = await person(orgId, 'org_admin');
    trainer = await person(orgId, 'trainer');
    cohortId = (await call(admin, 'POST', `/api/organisations/${orgId}/cohorts`, { name: 'Matrix' })).body.id;
    await call(admin, 'PUT', `/api/cohorts/${cohortId}/trainers`, { userIds: [trainer.userId] });
    // Names sort: Amal, Bea, Chen, Dara, =Evil (a formula), and a pending invitee.
    for (const name of ['Amal', 'Bea', 'Chen', 'Dara', '=HYPERLINK("http://x","y")']) {
      people[name] = await person(orgId, 'learner', name);
      expect((await call(admin, 'POST', `/api/cohorts/${cohortId}/members`, { email: people[name]!.email })).status).toBe(201);
    }
    await call(admin, 'POST', `/api/cohorts/${cohortId}/members`, { email: `zed-${randomUUID()}@example.org`, name: 'Zed Pending' });
    theCourse = await course({ modules: 2, lessons: 2 });
    const created = await call(admin, 'POST', `/api/cohorts/${cohortId}/assignments`, {
      courseId: theCourse.id,
      dueAt: new Date(Date.now() + 3 * 86_400_000).toISOString(),
    });
    assignmentId = created.body.id;
    expect(created.body.enrolled).toBe(5);
    // Amal completed; Bea finished module 1 and started module 2; Chen touched one lesson 20 days ago; Dara nothing.
    const amal = (await enrolmentOf(people.Amal!.userId, theCourse.id))!;
    for (const lessonId of theCourse.lessonIds.flat()) {
      await db.query(`INSERT INTO lesson_progress (enrolment_id, lesson_id, completed_at) VALUES ($1, $2, now())`, [amal, lessonId]);
    }
    await db.query(`INSERT INTO course_completions (enrolment_id, user_id, course_id, course_version_id, completed_at) VALUES ($1, $2, $3, $4, now())`, [
      amal,
      people.Amal!.userId,
      theCourse.id,
      theCourse.versionId,
    ]);
    const bea = (await enrolmentOf(people.Bea!.userId, theCourse.id))!;
    for (const lessonId of [...theCourse.lessonIds[0]!, theCourse.lessonIds[1]![0]!]) {
      await db.query(`INSERT INTO lesson_progress (enrolment_id, lesson_id, completed_at) VALUES ($1, $2, now())`, [bea, lessonId]);
    }
    const chen = (await enrolmentOf(people.Chen!.userId, theCourse.id))!;
    await db.query(`INSERT INTO lesson_progress (enrolment_id, lesson_id, updated_at) VALUES ($1, $2, now() - interval '20 days')`, [
      chen,
      theCourse.lessonIds[0]![0],
    ]);
  });

  const names = (items: { name: string }[]) => items.map((i) => i.name);

  it('answers the matrix: learners x modules with states and scores, in name order', async () => {
    const res = await call(trainer, 'GET', `/api/cohorts/${cohortId}/progress?assignmentId=${assignmentId}`);
    expect(res.status).toBe(200);
    expect(res.body.modules.map((m: { id: string }) => m.id)).toEqual(theCourse.moduleIds);
    expect(names(res.body.items)).toEqual(['=HYPERLINK("http://x","y")', 'Amal', 'Bea', 'Chen', 'Dara', 'Zed Pending']);
    const byName = Object.fromEntries(res.body.items.map((i: { name: string }) => [i.name, i]));
    expect(byName.Amal).toMatchObject({ state: 'completed', percent: 100, overdue: false, atRisk: false });
    expect(byName.Amal.modules.map((m: { state: string }) => m.state)).toEqual(['complete', 'complete']);
    expect(byName.Bea).toMatchObject({ state: 'in_progress', percent: 75, atRisk: false });
    expect(byName.Bea.modules.map((m: { state: string }) => m.state)).toEqual(['complete', 'in_progress']);
    expect(byName.Chen).toMatchObject({ state: 'in_progress', percent: 0, atRisk: true });
    expect(byName.Dara).toMatchObject({
      state: 'not_started',
      atRisk: true,
      modules: [expect.objectContaining({ state: 'not_started', score: null }), expect.anything()],
    });
    expect(byName['Zed Pending']).toMatchObject({ pending: true, userId: null, state: 'not_started' });
  });

  it('filters (completed, in progress, not started, at risk, overdue) and pages with a keyset cursor in every sort', async () => {
    const filtered = async (filter: string) => names((await call(trainer, 'GET', `/api/cohorts/${cohortId}/progress?filter=${filter}`)).body.items);
    expect(await filtered('completed')).toEqual(['Amal']);
    expect(await filtered('in-progress')).toEqual(['Bea', 'Chen']);
    expect(await filtered('not-started')).toEqual(['=HYPERLINK("http://x","y")', 'Dara', 'Zed Pending']);
    expect(await filtered('at-risk')).toEqual(['=HYPERLINK("http://x","y")', 'Chen', 'Dara', 'Zed Pending']);
    expect(await filtered('overdue')).toEqual([]);

    for (const sort of ['name', 'progress', 'last-activity']) {
      const whole = names((await call(trainer, 'GET', `/api/cohorts/${cohortId}/progress?sort=${sort}&limit=100`)).body.items);
      const paged: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const res: Reply = await call(trainer, 'GET', `/api/cohorts/${cohortId}/progress?sort=${sort}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
        expect(res.status).toBe(200);
        paged.push(...names(res.body.items));
        cursor = res.body.nextCursor;
        pages++;
      } while (cursor && pages < 10);
      expect([sort, paged]).toEqual([sort, whole]);
      expect(pages).toBe(3);
    }
    const byProgress = names((await call(trainer, 'GET', `/api/cohorts/${cohortId}/progress?sort=progress&limit=100`)).body.items);
    expect(byProgress.at(-1)).toBe('Amal');
    expect(byProgress.at(-2)).toBe('Bea');
    expect((await call(trainer, 'GET', `/api/cohorts/${cohortId}/progress?filter=late`)).status).toBe(400);
    expect((await call(trainer, 'GET', `/api/cohorts/${cohortId}/progress?cursor=garbage`)).status).toBe(400);
    expect((await call(trainer, 'GET', `/api/cohorts/${cohortId}/progress?assignmentId=${randomUUID()}`)).status).toBe(404);
  });

  it('counts the summary, with completions by week, and marks everyone not completed overdue once the due date passed', async () => {
    const summary = await call(trainer, 'GET', `/api/cohorts/${cohortId}/summary`);
    expect(summary.body).toMatchObject({ members: 6, pending: 1, notStarted: 3, inProgress: 2, completed: 1, overdue: 0, atRisk: 4 });
    expect(summary.body.completionsByWeek).toEqual([{ week: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), count: 1 }]);
    await db.query(`UPDATE cohort_assignments SET due_at = now() - interval '1 day', starts_at = NULL WHERE id = $1`, [assignmentId]);
    try {
      const late = await call(trainer, 'GET', `/api/cohorts/${cohortId}/summary`);
      expect(late.body).toMatchObject({ overdue: 5, atRisk: 0, completed: 1 });
      const overdue = names((await call(trainer, 'GET', `/api/cohorts/${cohortId}/progress?filter=overdue`)).body.items);
      expect(overdue).not.toContain('Amal');
      expect(overdue).toHaveLength(5);
    } finally {
      await db.query(`UPDATE cohort_assignments SET due_at = now() + interval '3 days' WHERE id = $1`, [assignmentId]);
    }
  });

  it('exports CSV: every learner, module columns, formulas neutralised', async () => {
    const res = await fetch(`${api.baseUrl}/api/cohorts/${cohortId}/progress.csv`, { headers: { authorization: `Bearer ${trainer.accessToken}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="cohort-progress-Matrix.csv"');
    const text = await res.text();
    const lines = text
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(lines).toHaveLength(7);
    expect(lines[0]).toBe(
      'Name,Email,External ID,Pending,State,Percent,Due,Overdue,At risk,Last activity,Completed,Module 1: state,Module 1: score,Module 2: state,Module 2: score',
    );
    expect(lines[1]).toMatch(/^"'=HYPERLINK\(""http:\/\/x"",""y""\)",/);
    expect(lines.find((l) => l.startsWith('Amal,'))).toMatch(/,completed,100,.*,complete,,complete,$/);
  });

  it('exports XLSX that exceljs reads back', async () => {
    const res = await fetch(`${api.baseUrl}/api/cohorts/${cohortId}/progress.xlsx`, { headers: { authorization: `Bearer ${admin.accessToken}` } });
    expect(res.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await res.arrayBuffer()) as never);
    const sheet = workbook.getWorksheet('Progress')!;
    expect(sheet.rowCount).toBe(7);
    expect(sheet.getRow(1).getCell(1).value).toBe('Name');
    const values = [2, 3, 4, 5, 6, 7].map((r) => sheet.getRow(r).getCell(1).value);
    expect(values).toEqual([`'=HYPERLINK("http://x","y")`, 'Amal', 'Bea', 'Chen', 'Dara', 'Zed Pending']);
    expect(sheet.getRow(3).getCell(5).value).toBe('completed');
  });

  it("shows a member's timeline (learning records on the cohort's courses), and 404 for someone not in the cohort", async () => {
    const res = await call(trainer, 'GET', `/api/cohorts/${cohortId}/members/${people.Amal!.userId}/timeline`);
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([expect.objectContaining({ verb: 'registered', courseId: theCourse.id, objectType: expect.any(String) })]);
    // Whose timeline it is: named (and emailed) as in the progress matrix.
    expect(res.body.learner).toEqual({
      memberId: expect.any(String),
      userId: people.Amal!.userId,
      name: 'Amal',
      email: people.Amal!.email,
      externalId: null,
    });
    const outsider = await person(orgId, 'learner');
    expect((await call(trainer, 'GET', `/api/cohorts/${cohortId}/members/${outsider.userId}/timeline`)).status).toBe(404);
  });
});
