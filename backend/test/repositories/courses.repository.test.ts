import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/common/auth/actor.js';
import { ANONYMOUS_VIEWER, CoursesRepository, type Viewer } from '../../src/modules/courses/courses.repository.js';
import { CourseViewers } from '../../src/modules/courses/course-visibility.js';
import { PublicationCoursesReader } from '../../src/modules/courses/publication-courses.reader.js';
import { OrganisationMembershipReader } from '../../src/modules/organisations/membership-reader.impl.js';
import { OrganisationsRepository } from '../../src/modules/organisations/organisations.repository.js';
import {
  newCourse,
  newCourseVersion,
  newEnrolment,
  newLesson,
  newMembership,
  newModule,
  newOrganisation,
  newPublication,
  newUser,
} from '../support/factories.js';
import { openRepositoryDatabase, type RepositoryDatabase } from '../support/repository-db.js';

let rdb: RepositoryDatabase;
let repo: CoursesRepository;
beforeAll(async () => {
  rdb = await openRepositoryDatabase();
  repo = new CoursesRepository(rdb.db);
});
afterAll(() => rdb?.close());
beforeEach(() => rdb.reset());

const MISSING = '7d0f4c62-3b7e-4f7a-9a57-0b6f0a0e9d11';
const ADMIN: Viewer = { userId: null, allOrganisations: true, organisationIds: [], managedOrganisationIds: [], cohortCourseIds: [] };
const memberOf = (userId: string | null, ...organisationIds: string[]): Viewer => ({
  userId,
  allOrganisations: false,
  organisationIds,
  managedOrganisationIds: [],
  cohortCourseIds: [],
});

describe('course visibility', () => {
  async function library() {
    const org = await newOrganisation(rdb.db);
    const otherOrg = await newOrganisation(rdb.db);
    const pub = await newPublication(rdb.db, { slug: 'source-pub' });
    const mod = await newModule(rdb.db, { publicationId: pub.id });
    await newLesson(rdb.db, { moduleId: mod.id, position: 1, estimatedMinutes: 15 });
    await newLesson(rdb.db, { moduleId: mod.id, position: 2, estimatedMinutes: 20 });
    await newLesson(rdb.db, { moduleId: mod.id, position: 3, estimatedMinutes: 600, retired: true } as never);
    const pub2 = await newPublication(rdb.db, { slug: 'cited-pub' });
    const mod2 = await newModule(rdb.db, { publicationId: pub2.id });
    await newLesson(rdb.db, { moduleId: mod2.id, position: 1, sources: [{ publication: 'source-pub', passage: 'p' }] });
    const courses = {
      public: await newCourse(rdb.db, { slug: 'public', title: 'Public', moduleIds: [mod.id] }),
      mine: await newCourse(rdb.db, { slug: 'mine', title: 'Mine', organisationId: org.id, moduleIds: [mod2.id] }),
      theirs: await newCourse(rdb.db, { slug: 'theirs', title: 'Theirs', organisationId: otherOrg.id, moduleIds: [mod.id] }),
      draft: await newCourse(rdb.db, { slug: 'draft', title: 'Draft', status: 'draft', moduleIds: [mod.id] }),
      retired: await newCourse(rdb.db, { slug: 'retired', title: 'Retired', retiredAt: new Date(), moduleIds: [mod.id] }),
    };
    return { org, otherOrg, pub, mod, mod2, courses };
  }

  it('listCourses: anonymous sees public ones, a member also their organisation’s, an admin all; never drafts or retired', async () => {
    const { org } = await library();
    const slugs = async (v: Viewer) => (await repo.listCourses(v, null, 10)).map((c) => c.slug);
    expect(await slugs(ANONYMOUS_VIEWER)).toEqual(['public']);
    expect(await slugs(memberOf(null, org.id))).toEqual(['mine', 'public']);
    expect(await slugs(ADMIN)).toEqual(['mine', 'public', 'theirs']);
  });

  it('listCourses counts modules and sums the live lessons’ minutes', async () => {
    await library();
    const [course] = await repo.listCourses(ANONYMOUS_VIEWER, null, 10);
    expect(course).toMatchObject({ slug: 'public', moduleCount: 1, estimatedMinutes: 35, version: 1, visibility: 'public' });
  });

  it('listCourses pages by (title, slug) with limit + 1 rows', async () => {
    for (const slug of ['c3', 'c1', 'c2']) await newCourse(rdb.db, { slug, title: 'Same' });
    await newCourse(rdb.db, { slug: 'c0', title: 'Earlier' });
    const first = await repo.listCourses(ANONYMOUS_VIEWER, null, 2);
    expect(first.map((c) => c.slug)).toEqual(['c0', 'c1', 'c2']);
    const second = await repo.listCourses(ANONYMOUS_VIEWER, { sort: 'title', title: 'Same', slug: 'c1' }, 2);
    expect(second.map((c) => c.slug)).toEqual(['c2', 'c3']);
    expect(await repo.listCourses(ANONYMOUS_VIEWER, { sort: 'title', title: 'Same', slug: 'c3' }, 2)).toEqual([]);
  });

  it('findPublishedCourse: visibility as listCourses; another organisation’s course is not found', async () => {
    const { org } = await library();
    expect(await repo.findPublishedCourse('public', ANONYMOUS_VIEWER)).toMatchObject({ slug: 'public', version: 1, latestVersion: 1, moduleCount: 1 });
    expect(await repo.findPublishedCourse('mine', ANONYMOUS_VIEWER)).toBeNull();
    expect(await repo.findPublishedCourse('mine', memberOf(null, org.id))).toMatchObject({ slug: 'mine', visibility: 'organisation' });
    expect(await repo.findPublishedCourse('theirs', memberOf(null, org.id))).toBeNull();
    expect(await repo.findPublishedCourse('theirs', ADMIN)).not.toBeNull();
    expect(await repo.findPublishedCourse('draft', ADMIN)).toBeNull();
    expect(await repo.findPublishedCourse('retired', ADMIN)).toBeNull();
  });

  it('findPublishedCourse answers an enrolled learner’s pinned version, others the current one', async () => {
    const pub = await newPublication(rdb.db);
    const mod = await newModule(rdb.db, { publicationId: pub.id });
    const course = await newCourse(rdb.db, { slug: 'versioned', title: 'V1', moduleIds: [mod.id], defaultDuePeriodDays: 30 });
    const learner = await newUser(rdb.db);
    await newEnrolment(rdb.db, { userId: learner.id, courseId: course.id, versionId: course.versionId });
    const v2 = await newCourseVersion(rdb.db, course.id, { title: 'V2', moduleIds: [] });
    expect(await repo.findPublishedCourse('versioned', memberOf(learner.id))).toMatchObject({
      versionId: course.versionId,
      title: 'V1',
      version: 1,
      latestVersion: 2,
      moduleCount: 1,
      defaultDuePeriodDays: 30,
    });
    expect(await repo.findPublishedCourse('versioned', memberOf((await newUser(rdb.db)).id))).toMatchObject({
      versionId: v2,
      title: 'V2',
      version: 2,
      moduleCount: 0,
    });
    expect(await repo.findPublishedCourse('versioned', ANONYMOUS_VIEWER)).toMatchObject({ versionId: v2 });
  });

  it('coursesUsingPublication: courses built from it or citing it, visible to the viewer, by title', async () => {
    const { org, pub } = await library();
    const titles = async (v: Viewer) => (await repo.coursesUsingPublication(pub.id, pub.slug, v)).map((c) => c.slug);
    expect(await titles(ANONYMOUS_VIEWER)).toEqual(['public']);
    expect(await titles(memberOf(null, org.id))).toEqual(['mine', 'public']);
    expect(await titles(ADMIN)).toEqual(['mine', 'public', 'theirs']);
    const unused = await newPublication(rdb.db);
    expect(await repo.coursesUsingPublication(unused.id, unused.slug, ADMIN)).toEqual([]);
  });

  it('publishedCoursesWithModule: visible courses whose version holds the module, with enrolment', async () => {
    const { org, mod, courses } = await library();
    const learner = await newUser(rdb.db);
    await newEnrolment(rdb.db, { userId: learner.id, courseId: courses.public.id, versionId: courses.public.versionId });
    const rows = await repo.publishedCoursesWithModule(mod.id, memberOf(learner.id, org.id));
    expect(rows).toEqual([
      {
        courseId: courses.public.id,
        slug: 'public',
        title: 'Public',
        versionId: courses.public.versionId,
        visibility: 'public',
        organisationId: null,
        enrolled: true,
      },
    ]);
    expect((await repo.publishedCoursesWithModule(mod.id, ADMIN)).map((r) => [r.slug, r.enrolled])).toEqual([
      ['public', false],
      ['theirs', false],
    ]);
  });

  it('publishedCoursesWithModule follows the pinned version: a module dropped in v2 still counts for the enrolled', async () => {
    const pub = await newPublication(rdb.db);
    const mod = await newModule(rdb.db, { publicationId: pub.id });
    const course = await newCourse(rdb.db, { slug: 'pinned', moduleIds: [mod.id] });
    const learner = await newUser(rdb.db);
    await newEnrolment(rdb.db, { userId: learner.id, courseId: course.id, versionId: course.versionId });
    await newCourseVersion(rdb.db, course.id, { moduleIds: [] });
    expect((await repo.publishedCoursesWithModule(mod.id, memberOf(learner.id))).map((r) => r.versionId)).toEqual([course.versionId]);
    expect(await repo.publishedCoursesWithModule(mod.id, memberOf((await newUser(rdb.db)).id))).toEqual([]);
  });
});

describe('PublicationCoursesReader', () => {
  it('lists the courses using a publication as the actor may see them, organisations read from memberships', async () => {
    const { org, pub } = await libraryForReader();
    const reader = new PublicationCoursesReader(
      repo,
      new CourseViewers(new OrganisationMembershipReader(new OrganisationsRepository(rdb.db)), { visibleThroughCohorts: async () => [] }),
    );
    const member = await newUser(rdb.db);
    await newMembership(rdb.db, org.id, member.id, 'learner');
    const admin = await newUser(rdb.db, { isPlatformAdmin: true });
    const actor = (userId: string, isPlatformAdmin = false): Actor => ({ userId, sessionId: MISSING, isPlatformAdmin, via: 'bearer' });
    const slugs = async (a: Actor | undefined) => (await reader.coursesUsing(a, pub)).map((c) => c.slug);
    expect(await slugs(undefined)).toEqual(['public']);
    expect(await slugs(actor(member.id))).toEqual(['mine', 'public']);
    expect(await slugs(actor((await newUser(rdb.db)).id))).toEqual(['public']);
    expect(await slugs(actor(admin.id, true))).toEqual(['mine', 'public', 'theirs']);
  });
});

/** A public, an own-organisation and another organisation's course, all built from one publication. */
async function libraryForReader() {
  const org = await newOrganisation(rdb.db);
  const otherOrg = await newOrganisation(rdb.db);
  const pub = await newPublication(rdb.db);
  const mod = await newModule(rdb.db, { publicationId: pub.id });
  await newCourse(rdb.db, { slug: 'public', title: 'Public', moduleIds: [mod.id] });
  await newCourse(rdb.db, { slug: 'mine', title: 'Mine', organisationId: org.id, moduleIds: [mod.id] });
  await newCourse(rdb.db, { slug: 'theirs', title: 'Theirs', organisationId: otherOrg.id, moduleIds: [mod.id] });
  return { org, pub };
}

describe('syllabus and lessons', () => {
  it('syllabusModules: modules in position order with their prerequisites (quizzes come from the assessment module)', async () => {
    const pub = await newPublication(rdb.db, { slug: 'syl-pub' });
    const m1 = await newModule(rdb.db, { publicationId: pub.id, slug: 'first' });
    const m2 = await newModule(rdb.db, { publicationId: pub.id, slug: 'second' });
    const course = await newCourse(rdb.db, { moduleIds: [m1.id, m2.id] });
    const cms: { id: string; module_id: string }[] = await rdb.db.query(`SELECT id, module_id FROM course_modules WHERE course_version_id = $1`, [
      course.versionId,
    ]);
    const cm = (moduleId: string) => cms.find((c) => c.module_id === moduleId)!.id;
    await rdb.db.query(`INSERT INTO course_module_prerequisites (course_module_id, required_course_module_id) VALUES ($1, $2)`, [cm(m2.id), cm(m1.id)]);
    const rows = await repo.syllabusModules(course.versionId);
    expect(rows.map((r) => [r.slug, r.position, r.requires, r.publicationSlug])).toEqual([
      ['first', 1, [], 'syl-pub'],
      ['second', 2, ['first'], 'syl-pub'],
    ]);
    expect(await repo.syllabusModules(MISSING)).toEqual([]);
  });

  it('lessonsOfModules: live lessons of the given modules, in position order', async () => {
    const pub = await newPublication(rdb.db);
    const m = await newModule(rdb.db, { publicationId: pub.id });
    const other = await newModule(rdb.db, { publicationId: pub.id });
    const l2 = await newLesson(rdb.db, { moduleId: m.id, position: 2 });
    const l1 = await newLesson(rdb.db, { moduleId: m.id, position: 1 });
    await newLesson(rdb.db, { moduleId: m.id, position: 0, retired: true });
    await newLesson(rdb.db, { moduleId: other.id, position: 1 });
    expect((await repo.lessonsOfModules([m.id])).map((l) => l.id)).toEqual([l1.id, l2.id]);
    expect(await repo.lessonsOfModules([])).toEqual([]);
  });

  it('findLesson: a live lesson of a live module, with its module', async () => {
    const pub = await newPublication(rdb.db);
    const m = await newModule(rdb.db, { publicationId: pub.id, slug: 'mod-live', title: 'Live module' });
    const retiredModule = await newModule(rdb.db, { publicationId: pub.id, retiredAt: new Date() });
    const lesson = await newLesson(rdb.db, { moduleId: m.id, position: 1, title: 'L' });
    const retired = await newLesson(rdb.db, { moduleId: m.id, position: 0, retired: true });
    const orphan = await newLesson(rdb.db, { moduleId: retiredModule.id, position: 1 });
    expect(await repo.findLesson(lesson.id)).toMatchObject({
      id: lesson.id,
      title: 'L',
      bodyHtml: '<p>Body</p>',
      moduleSlug: 'mod-live',
      moduleTitle: 'Live module',
    });
    expect(await repo.findLesson(retired.id)).toBeNull();
    expect(await repo.findLesson(orphan.id)).toBeNull();
    expect(await repo.findLesson(MISSING)).toBeNull();
  });

  it('courseContents and moduleLessonSequence: across a version by module then lesson position, or within one module', async () => {
    const pub = await newPublication(rdb.db);
    const m1 = await newModule(rdb.db, { publicationId: pub.id });
    const m2 = await newModule(rdb.db, { publicationId: pub.id });
    const empty = await newModule(rdb.db, { publicationId: pub.id });
    const b2 = await newLesson(rdb.db, { moduleId: m2.id, position: 2 });
    const b1 = await newLesson(rdb.db, { moduleId: m2.id, position: 1 });
    const a1 = await newLesson(rdb.db, { moduleId: m1.id, position: 1 });
    await newLesson(rdb.db, { moduleId: m1.id, position: 0, retired: true });
    const course = await newCourse(rdb.db, { moduleIds: [m2.id, empty.id, m1.id] });
    const contents = await repo.courseContents(course.versionId);
    expect(contents.map((m) => [m.position, m.lessons.map((l) => l.id)])).toEqual([
      [1, [b1.id, b2.id]],
      [2, []],
      [3, [a1.id]],
    ]);
    expect(contents.every((m) => typeof m.slug === 'string' && typeof m.title === 'string' && m.lessons.every((l) => typeof l.title === 'string'))).toBe(true);
    expect(await repo.courseContents(MISSING)).toEqual([]);
    expect(await repo.moduleLessonSequence(m2.id)).toEqual([b1.id, b2.id]);
    expect(await repo.moduleLessonSequence(MISSING)).toEqual([]);
  });
});
