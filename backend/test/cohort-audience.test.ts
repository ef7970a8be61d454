import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { OrgRole } from '../src/common/auth/access.js';
import { createDataSource } from '../src/database.js';
import { createVerifiedUser, signIn, type SignedIn } from './support/admin.js';
import { startApi, type TestApi } from './support/api.js';
import { newCourse, newLesson, newModule, newOrganisation, newPublication } from './support/factories.js';

/**
 * A tailored course published to the whole organisation or only to the cohorts it is assigned to
 * (`publishedTo`, stored as courses.audience), through the real HTTP app on the real PostgreSQL
 * and Redis: who sees it in the catalogue, on its page, in the organisation's course list, who
 * may enrol and read its lessons, what happens to an enrolled learner who leaves the cohort, and
 * who may change the setting. docs/cohorts.md ("Publishing a course to its cohorts only").
 */
let api: TestApi;
let db: DataSource;
let platformAdmin: SignedIn;

interface Reply {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
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
  return { status: res.status, body: parsed };
}

async function person(organisationId: string | null, role: OrgRole = 'learner'): Promise<SignedIn> {
  const user = await createVerifiedUser(inject('databaseUrl'));
  if (organisationId) await db.query(`INSERT INTO memberships (organisation_id, user_id, role) VALUES ($1, $2, $3)`, [organisationId, user.userId, role]);
  return signIn(api.baseUrl, user);
}

beforeAll(async () => {
  api = await startApi({
    DATABASE_URL: inject('databaseUrl'),
    REDIS_URL: inject('redisUrl'),
    QUEUE_PREFIX: `${inject('queuePrefix')}-audience`,
    QUEUE_DRIVER: 'inline',
  });
  db = createDataSource({ url: inject('databaseUrl'), poolMax: 3 });
  await db.initialize();
  platformAdmin = await signIn(api.baseUrl, await createVerifiedUser(inject('databaseUrl'), { admin: true }));
});

afterAll(async () => {
  await db?.destroy();
  await api?.close();
});

describe('a tailored course published only to the cohorts it is assigned to', () => {
  let orgId: string;
  let admin: SignedIn;
  let trainer: SignedIn;
  /** In cohort X, to which the course is assigned. */
  let inCohort: SignedIn;
  /** A member of the organisation in cohort Y, to which it is not (yet) assigned. */
  let elsewhere: SignedIn;
  /** A member of the organisation in no cohort. */
  let noCohort: SignedIn;
  /** A member of another organisation. */
  let outsider: SignedIn;
  let cohortX: string;
  let cohortY: string;
  let slug: string;
  let courseId: string;
  let lessonId: string;
  let memberOfX: string;

  const catalogueSlugs = async (as: SignedIn) => ((await call(as, 'GET', '/api/courses?limit=100')).body.items as { slug: string }[]).map((c) => c.slug);
  const organisationList = async (as: SignedIn) =>
    ((await call(as, 'GET', `/api/organisations/${orgId}/courses?limit=100`)).body.items as { slug: string }[]).map((c) => c.slug);
  /** Every read of the course a learner makes: detail, enrol, a lesson read in the course. */
  const reads = async (as: SignedIn) => [
    (await call(as, 'GET', `/api/courses/${slug}`)).status,
    (await call(as, 'POST', `/api/courses/${slug}/enrolments`)).status,
    (await call(as, 'GET', `/api/lessons/${lessonId}?course=${slug}`)).status,
  ];

  beforeAll(async () => {
    orgId = (await newOrganisation(db)).id;
    admin = await person(orgId, 'org_admin');
    trainer = await person(orgId, 'trainer');
    inCohort = await person(orgId);
    elsewhere = await person(orgId);
    noCohort = await person(orgId);
    outsider = await person((await newOrganisation(db)).id);

    // A module of the public library (in a published public course), which a tailored course may use.
    const publication = await newPublication(db, {});
    const mod = await newModule(db, { publicationId: publication.id });
    lessonId = (await newLesson(db, { moduleId: mod.id, position: 1 })).id;
    await newLesson(db, { moduleId: mod.id, position: 2 });
    await newCourse(db, { moduleIds: [mod.id] });

    const created = await call(trainer, 'POST', `/api/organisations/${orgId}/courses`, {
      title: `Night shift induction ${randomUUID().slice(0, 6)}`,
      moduleSlugs: [mod.slug],
      passMark: 60,
      publishedTo: 'cohorts',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ publishedTo: 'cohorts', visibility: 'organisation', status: 'published' });
    ({ slug, id: courseId } = created.body);

    cohortX = (await call(admin, 'POST', `/api/organisations/${orgId}/cohorts`, { name: 'Cohort X' })).body.id;
    cohortY = (await call(admin, 'POST', `/api/organisations/${orgId}/cohorts`, { name: 'Cohort Y' })).body.id;
    const added = await call(admin, 'POST', `/api/cohorts/${cohortX}/members`, { email: inCohort.email });
    expect(added.status).toBe(201);
    memberOfX = added.body.member.id;
    expect((await call(admin, 'POST', `/api/cohorts/${cohortY}/members`, { email: elsewhere.email })).status).toBe(201);
  });

  it('is hidden from every learner until it is assigned, but shown to its trainers, org admins and platform admins', async () => {
    for (const learner of [inCohort, elsewhere, noCohort]) {
      expect(await catalogueSlugs(learner)).not.toContain(slug);
      expect(await organisationList(learner)).not.toContain(slug);
      expect(await reads(learner)).toEqual([404, 404, 404]);
    }
    for (const manager of [trainer, admin, platformAdmin]) {
      expect(await catalogueSlugs(manager)).toContain(slug);
      expect((await call(manager, 'GET', `/api/courses/${slug}`)).body).toMatchObject({ slug, publishedTo: 'cohorts', visibility: 'organisation' });
    }
    expect(await organisationList(trainer)).toContain(slug);
  });

  it('once assigned to cohort X: its members see it, may enrol and read its lessons; others in the organisation get 404 as if it did not exist', async () => {
    const assigned = await call(admin, 'POST', `/api/cohorts/${cohortX}/assignments`, { courseId });
    expect(assigned.status).toBe(201);
    expect(assigned.body.enrolled).toBe(1);

    expect(await catalogueSlugs(inCohort)).toContain(slug);
    expect(await organisationList(inCohort)).toContain(slug);
    // Enrolled by the assignment: enrolling again answers the same enrolment (200, created: false).
    expect(await reads(inCohort)).toEqual([200, 200, 200]);
    expect((await call(inCohort, 'GET', `/api/courses/${slug}`)).body.publishedTo).toBe('cohorts');
    expect((await call(inCohort, 'GET', '/api/me/enrolments')).body.items.map((e: { courseSlug: string }) => e.courseSlug)).toContain(slug);

    for (const learner of [elsewhere, noCohort, outsider]) {
      expect(await catalogueSlugs(learner)).not.toContain(slug);
      expect(await reads(learner)).toEqual([404, 404, 404]);
    }
    expect(await organisationList(noCohort)).not.toContain(slug);
    // The lesson itself stays readable through the public course its module belongs to.
    expect((await call(noCohort, 'GET', `/api/lessons/${lessonId}`)).status).toBe(200);
    // Nobody outside the cohorts was enrolled by the refused attempts.
    const enrolled = await db.query(`SELECT count(*)::int AS n FROM enrolments WHERE course_id = $1`, [courseId]);
    expect(enrolled[0].n).toBe(1);
  });

  it('is seen by a member of cohort Y once it is assigned to Y too', async () => {
    expect((await call(admin, 'POST', `/api/cohorts/${cohortY}/assignments`, { courseId })).status).toBe(201);
    expect(await catalogueSlugs(elsewhere)).toContain(slug);
    expect(await reads(elsewhere)).toEqual([200, 200, 200]);
    expect(await reads(noCohort)).toEqual([404, 404, 404]);
    // An archived cohort shows its courses to no one; restored, it does again.
    expect((await call(admin, 'POST', `/api/cohorts/${cohortY}/archive`)).status).toBe(200);
    expect(await reads(elsewhere)).toEqual([404, 404, 404]);
    expect((await call(admin, 'POST', `/api/cohorts/${cohortY}/unarchive`)).status).toBe(200);
    expect(await catalogueSlugs(elsewhere)).toContain(slug);
  });

  it('leaves a learner removed from the cohort their enrolment, but no longer shows them the course (the rule for leaving the organisation)', async () => {
    expect((await call(admin, 'DELETE', `/api/cohorts/${cohortX}/members/${memberOfX}`)).status).toBe(204);
    expect(await catalogueSlugs(inCohort)).not.toContain(slug);
    expect(await reads(inCohort)).toEqual([404, 404, 404]);
    expect((await call(inCohort, 'GET', '/api/me/enrolments')).body.items).toEqual([]);
    expect((await call(inCohort, 'GET', '/api/me/progress')).body.courses).toEqual([]);
    expect((await call(inCohort, 'GET', `/api/me/courses/${slug}/progress`)).status).toBe(404);
    expect((await call(inCohort, 'POST', `/api/lessons/${lessonId}/progress`, { course: slug })).status).toBe(404);
    const kept = await db.query(`SELECT count(*)::int AS n FROM enrolments WHERE course_id = $1 AND user_id = $2 AND archived_at IS NULL`, [
      courseId,
      inCohort.userId,
    ]);
    expect(kept[0].n).toBe(1);
  });

  it('refuses a value other than organisation or cohorts (400 naming publishedTo), and a learner’s change (403 on the organisation’s route, 404 on the authoring route)', async () => {
    for (const path of [`/api/organisations/${orgId}/courses/${slug}`, `/api/authoring/courses/${slug}`]) {
      for (const publishedTo of ['everyone', '', null, 3]) {
        const bad = await call(trainer, 'PATCH', path, { publishedTo });
        expect([bad.status, bad.body.details.fields[0].field]).toEqual([400, 'publishedTo']);
        expect(bad.body.details.fields[0].reasons[0]).toMatch(/organisation .* or cohorts/);
      }
    }
    const badCreate = await call(trainer, 'POST', `/api/organisations/${orgId}/courses`, { title: 'X', moduleSlugs: ['x'], passMark: 1, publishedTo: 'all' });
    expect(badCreate.body.details.fields.map((f: { field: string }) => f.field)).toContain('publishedTo');

    expect((await call(elsewhere, 'PATCH', `/api/organisations/${orgId}/courses/${slug}`, { publishedTo: 'organisation' })).status).toBe(403);
    expect((await call(elsewhere, 'PATCH', `/api/authoring/courses/${slug}`, { publishedTo: 'organisation' })).status).toBe(404);
    expect((await call(outsider, 'PATCH', `/api/organisations/${orgId}/courses/${slug}`, { publishedTo: 'organisation' })).status).toBe(404);
    expect((await call(trainer, 'GET', `/api/authoring/courses/${slug}`)).body.publishedTo).toBe('cohorts');
  });

  it('is shown to every member again when switched back to the organisation (no new version), and not to other organisations', async () => {
    const before = await call(trainer, 'GET', `/api/authoring/courses/${slug}`);
    const switched = await call(trainer, 'PATCH', `/api/authoring/courses/${slug}`, { publishedTo: 'organisation' });
    expect(switched.status).toBe(200);
    expect(switched.body).toMatchObject({ publishedTo: 'organisation', version: before.body.version, revision: before.body.revision });
    for (const learner of [inCohort, noCohort, elsewhere]) {
      expect(await catalogueSlugs(learner)).toContain(slug);
      expect((await call(learner, 'GET', `/api/courses/${slug}`)).status).toBe(200);
    }
    // The learner who left cohort X sees their enrolment again.
    expect((await call(inCohort, 'GET', '/api/me/enrolments')).body.items.map((e: { courseSlug: string }) => e.courseSlug)).toContain(slug);
    expect((await call(noCohort, 'POST', `/api/courses/${slug}/enrolments`)).status).toBe(201);
    expect(await reads(outsider)).toEqual([404, 404, 404]);
    expect((await call(noCohort, 'GET', `/api/courses/${slug}`)).body.publishedTo).toBe('organisation');
  });

  it('is no choice for a public course (400 naming publishedTo)', async () => {
    const publication = await newPublication(db, {});
    const mod = await newModule(db, { publicationId: publication.id });
    const refused = await call(platformAdmin, 'POST', '/api/authoring/courses', {
      slug: `public-${randomUUID().slice(0, 8)}`,
      title: 'Public',
      moduleSlugs: [mod.slug],
      passMark: 50,
      publishedTo: 'cohorts',
    });
    expect([refused.status, refused.body.details?.fields?.[0]?.field]).toEqual([400, 'publishedTo']);
    const publicSlug = `public-${randomUUID().slice(0, 8)}`;
    const created = await call(platformAdmin, 'POST', '/api/authoring/courses', { slug: publicSlug, title: 'Public', moduleSlugs: [mod.slug], passMark: 50 });
    expect(created.status).toBe(201);
    expect(created.body.publishedTo).toBeNull();
    const patched = await call(platformAdmin, 'PATCH', `/api/authoring/courses/${publicSlug}`, { publishedTo: 'organisation' });
    expect([patched.status, patched.body.details?.fields?.[0]?.field]).toEqual([400, 'publishedTo']);
  });
});
