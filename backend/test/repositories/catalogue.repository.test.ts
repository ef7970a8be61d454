import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CatalogueCursor } from '../../src/modules/catalogue/catalogue-cursor.js';
import { ANONYMOUS_VIEWER, CatalogueRepository, SNIPPET_END, SNIPPET_START, type Viewer } from '../../src/modules/catalogue/catalogue.repository.js';
import { newCourse, newCourseVersion, newEnrolment, newLesson, newModule, newOrganisation, newPublication, newUser } from '../support/factories.js';
import { openRepositoryDatabase, type RepositoryDatabase } from '../support/repository-db.js';

let rdb: RepositoryDatabase;
let repo: CatalogueRepository;
beforeAll(async () => {
  rdb = await openRepositoryDatabase();
  repo = new CatalogueRepository(rdb.db);
});
afterAll(() => rdb?.close());
beforeEach(() => rdb.reset());

const MISSING = '7d0f4c62-3b7e-4f7a-9a57-0b6f0a0e9d11';
const ADMIN: Viewer = { userId: null, allOrganisations: true, organisationIds: [] };
const memberOf = (userId: string | null, ...organisationIds: string[]): Viewer => ({ userId, allOrganisations: false, organisationIds });

/** Pages through listPublications with the cursor the service would build, answering the slugs in order. */
async function allPages(filter: Parameters<CatalogueRepository['listPublications']>[0], limit: number): Promise<string[]> {
  const seen: string[] = [];
  let after: CatalogueCursor | null = null;
  for (let i = 0; i < 20; i++) {
    const rows = await repo.listPublications(filter, after, limit);
    const page = rows.slice(0, limit);
    seen.push(...page.map((r) => r.slug));
    if (rows.length <= limit) return seen;
    const last = page.at(-1)!;
    after = filter.q !== undefined ? { sort: 'rank', rank: last.rank ?? 0, slug: last.slug } : { sort: 'title', title: last.title, slug: last.slug };
  }
  throw new Error('no last page');
}

describe('listPublications without q', () => {
  it('is empty on an empty library', async () => {
    expect(await repo.listPublications({}, null, 10)).toEqual([]);
  });

  it('orders by title then slug, answers limit + 1 rows, leaves retired ones out', async () => {
    await newPublication(rdb.db, { slug: 'b', title: 'Beta' });
    await newPublication(rdb.db, { slug: 'a2', title: 'Alpha' });
    await newPublication(rdb.db, { slug: 'a1', title: 'Alpha' });
    await newPublication(rdb.db, { slug: 'gone', title: 'Aaa', retiredAt: new Date() });
    const rows = await repo.listPublications({}, null, 2);
    expect(rows.map((r) => r.slug)).toEqual(['a1', 'a2', 'b']);
    expect(rows[0]).toMatchObject({ rank: null, snippet: null, publisher: 'Freedom Fund' });
  });

  it('pages through equal titles by slug, none skipped or repeated', async () => {
    for (const slug of ['e', 'c', 'a', 'd', 'b']) await newPublication(rdb.db, { slug, title: 'Same title' });
    expect(await allPages({}, 2)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(await allPages({}, 5)).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('filters by topic (lower-cased), publisher and region case-insensitively, and year', async () => {
    await newPublication(rdb.db, { slug: 'p1', topics: ['forced-labour', 'supply-chains'], publisher: 'ILO', year: 2021, region: 'Asia' });
    await newPublication(rdb.db, { slug: 'p2', topics: ['forced-labour'], publisher: 'Freedom Fund', year: 2022, region: 'Africa' });
    await newPublication(rdb.db, { slug: 'p3', topics: ['policing'], publisher: 'ilo', year: 2021, region: null });
    const slugs = async (f: Parameters<CatalogueRepository['listPublications']>[0]) => (await repo.listPublications(f, null, 10)).map((r) => r.slug);
    expect(await slugs({ topic: 'Forced-Labour' })).toEqual(['p1', 'p2']);
    expect(await slugs({ publisher: 'ILO' })).toEqual(['p1', 'p3']);
    expect(await slugs({ year: 2021 })).toEqual(['p1', 'p3']);
    expect(await slugs({ region: 'asia' })).toEqual(['p1']);
    expect(await slugs({ topic: 'forced-labour', year: 2022 })).toEqual(['p2']);
    expect(await slugs({ topic: 'nothing' })).toEqual([]);
  });
});

describe('listPublications with q', () => {
  it('ranks a title match above a summary match, and marks matches in the snippet', async () => {
    await newPublication(rdb.db, { slug: 'in-summary', title: 'Annual report', summary: 'Notes on debt bondage in brick kilns.' });
    await newPublication(rdb.db, { slug: 'in-title', title: 'Debt bondage today', summary: 'Debt bondage in brick kilns.' });
    await newPublication(rdb.db, { slug: 'unrelated', title: 'Other', summary: 'Nothing here.' });
    const rows = await repo.listPublications({ q: 'debt bondage' }, null, 10);
    expect(rows.map((r) => r.slug)).toEqual(['in-title', 'in-summary']);
    expect(rows[0]!.rank).toBeGreaterThan(rows[1]!.rank!);
    expect(rows[1]!.snippet).toContain(`${SNIPPET_START}debt${SNIPPET_END}`);
  });

  it('searches findings, combines q with filters, and leaves retired rows out', async () => {
    await newPublication(rdb.db, { slug: 'finding', findings: [{ text: 'Fishermen held at sea for years.' }], year: 2020 });
    await newPublication(rdb.db, { slug: 'finding-later', findings: [{ text: 'Fishermen again.' }], year: 2023 });
    await newPublication(rdb.db, { slug: 'finding-retired', findings: [{ text: 'Fishermen retired.' }], retiredAt: new Date() });
    expect((await repo.listPublications({ q: 'fishermen' }, null, 10)).map((r) => r.slug).sort()).toEqual(['finding', 'finding-later']);
    expect((await repo.listPublications({ q: 'fishermen', year: 2023 }, null, 10)).map((r) => r.slug)).toEqual(['finding-later']);
  });

  it('pages through equal ranks by slug, none skipped or repeated', async () => {
    for (const slug of ['s4', 's2', 's5', 's1', 's3']) await newPublication(rdb.db, { slug, title: 'Same', summary: 'Cocoa farms and child labour.' });
    await newPublication(rdb.db, { slug: 's0', title: 'Cocoa', summary: 'Cocoa farms and child labour, cocoa.' });
    const order = await allPages({ q: 'cocoa' }, 2);
    expect(order).toEqual(['s0', 's1', 's2', 's3', 's4', 's5']);
  });

  it('a query with no match, or of stop words only, answers nothing', async () => {
    await newPublication(rdb.db, { slug: 'x', summary: 'Something.' });
    expect(await repo.listPublications({ q: 'zebra' }, null, 10)).toEqual([]);
    expect(await repo.listPublications({ q: 'the and' }, null, 10)).toEqual([]);
  });
});

describe('publication reads', () => {
  it('publicationFacets counts live publications only, ordered by count then value (years newest first)', async () => {
    await newPublication(rdb.db, { topics: ['a', 'b'], publisher: 'ILO', year: 2020, region: 'Asia' });
    await newPublication(rdb.db, { topics: ['b'], publisher: 'ILO', year: 2022, region: 'Asia' });
    await newPublication(rdb.db, { topics: ['c'], publisher: 'Advocates', year: null, region: null });
    await newPublication(rdb.db, { topics: ['z'], publisher: 'Retired Ltd', year: 1999, region: 'Gone', retiredAt: new Date() });
    expect(await repo.publicationFacets()).toEqual({
      topics: [
        { value: 'b', count: 2 },
        { value: 'a', count: 1 },
        { value: 'c', count: 1 },
      ],
      publishers: [
        { value: 'ILO', count: 2 },
        { value: 'Advocates', count: 1 },
      ],
      years: [
        { value: 2022, count: 1 },
        { value: 2020, count: 1 },
      ],
      regions: [{ value: 'Asia', count: 2 }],
    });
  });

  it('publicationFacets of an empty library is four empty lists', async () => {
    expect(await repo.publicationFacets()).toEqual({ topics: [], publishers: [], years: [], regions: [] });
  });

  it('findPublication answers a live publication with its details, null when retired or unknown', async () => {
    await newPublication(rdb.db, { slug: 'live', findings: [{ text: 'F1' }], sourceText: 'The text.' });
    await newPublication(rdb.db, { slug: 'retired', retiredAt: new Date() });
    expect(await repo.findPublication('live')).toMatchObject({ slug: 'live', findings: [{ text: 'F1' }], sourceText: 'The text.', credit: null });
    expect(await repo.findPublication('retired')).toBeNull();
    expect(await repo.findPublication('unknown')).toBeNull();
  });

  it('figuresOf answers that publication’s figures in position order', async () => {
    const p = await newPublication(rdb.db);
    const q = await newPublication(rdb.db);
    for (const [pub, position, value] of [[p.id, 2, 'second'], [p.id, 1, 'first'], [q.id, 1, 'other']] as const) {
      await rdb.db.query(`INSERT INTO publication_figures (publication_id, position, value, label, passage) VALUES ($1, $2, $3, 'l', 'p')`, [pub, position, value]);
    }
    expect((await repo.figuresOf(p.id)).map((f) => f.value)).toEqual(['first', 'second']);
    expect(await repo.figuresOf(MISSING)).toEqual([]);
  });

  it('publicationsBySlug answers the live ones asked for, by title', async () => {
    await newPublication(rdb.db, { slug: 'b', title: 'B' });
    await newPublication(rdb.db, { slug: 'a', title: 'A' });
    await newPublication(rdb.db, { slug: 'r', title: 'R', retiredAt: new Date() });
    await newPublication(rdb.db, { slug: 'not-asked', title: 'N' });
    expect((await repo.publicationsBySlug(['b', 'a', 'r', 'unknown'])).map((p) => p.slug)).toEqual(['a', 'b']);
    expect(await repo.publicationsBySlug([])).toEqual([]);
  });
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
    expect(await repo.findPublishedCourse('versioned', memberOf((await newUser(rdb.db)).id))).toMatchObject({ versionId: v2, title: 'V2', version: 2, moduleCount: 0 });
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
    expect(rows).toEqual([{ slug: 'public', title: 'Public', versionId: courses.public.versionId, visibility: 'public', organisationId: null, enrolled: true }]);
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

describe('syllabus and lessons', () => {
  it('syllabusModules: modules in position order with prerequisites and live question counts', async () => {
    const pub = await newPublication(rdb.db, { slug: 'syl-pub' });
    const m1 = await newModule(rdb.db, { publicationId: pub.id, slug: 'first' });
    const m2 = await newModule(rdb.db, { publicationId: pub.id, slug: 'second' });
    const course = await newCourse(rdb.db, { moduleIds: [m1.id, m2.id] });
    const cms: { id: string; module_id: string }[] = await rdb.db.query(`SELECT id, module_id FROM course_modules WHERE course_version_id = $1`, [course.versionId]);
    const cm = (moduleId: string) => cms.find((c) => c.module_id === moduleId)!.id;
    await rdb.db.query(`INSERT INTO course_module_prerequisites (course_module_id, required_course_module_id) VALUES ($1, $2)`, [cm(m2.id), cm(m1.id)]);
    const options = JSON.stringify([{ id: 'a', text: 'A' }, { id: 'b', text: 'B' }]);
    for (const [slug, position, retired] of [['q1', 1, false], ['q2', 2, false], ['q3', null, true]] as const) {
      await rdb.db.query(
        `INSERT INTO quiz_questions (module_id, slug, position, prompt, options, correct_option_id, explanation, source, content_hash, retired_at)
         VALUES ($1, $2, $3, 'Q?', $4::jsonb, 'a', 'E', '{}'::jsonb, 'h', $5)`,
        [m1.id, slug, position, options, retired ? new Date() : null],
      );
    }
    const rows = await repo.syllabusModules(course.versionId);
    expect(rows.map((r) => [r.slug, r.position, r.questionCount, r.requires, r.publicationSlug])).toEqual([
      ['first', 1, 2, [], 'syl-pub'],
      ['second', 2, 0, ['first'], 'syl-pub'],
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
    expect(await repo.findLesson(lesson.id)).toMatchObject({ id: lesson.id, title: 'L', bodyHtml: '<p>Body</p>', moduleSlug: 'mod-live', moduleTitle: 'Live module' });
    expect(await repo.findLesson(retired.id)).toBeNull();
    expect(await repo.findLesson(orphan.id)).toBeNull();
    expect(await repo.findLesson(MISSING)).toBeNull();
  });

  it('lessonSequence: across a version by module then lesson position, or within one module', async () => {
    const pub = await newPublication(rdb.db);
    const m1 = await newModule(rdb.db, { publicationId: pub.id });
    const m2 = await newModule(rdb.db, { publicationId: pub.id });
    const b2 = await newLesson(rdb.db, { moduleId: m2.id, position: 2 });
    const b1 = await newLesson(rdb.db, { moduleId: m2.id, position: 1 });
    const a1 = await newLesson(rdb.db, { moduleId: m1.id, position: 1 });
    await newLesson(rdb.db, { moduleId: m1.id, position: 0, retired: true });
    const course = await newCourse(rdb.db, { moduleIds: [m2.id, m1.id] });
    expect(await repo.lessonSequence({ versionId: course.versionId })).toEqual([b1.id, b2.id, a1.id]);
    expect(await repo.lessonSequence({ moduleId: m2.id })).toEqual([b1.id, b2.id]);
    expect(await repo.lessonSequence({ moduleId: MISSING })).toEqual([]);
  });
});
