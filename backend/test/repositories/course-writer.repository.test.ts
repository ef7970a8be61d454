import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CourseWriteRepository, type CourseVersionContent } from '../../src/modules/courses/course-writer.repository.js';
import { newCourse, newCourseVersion, newLesson, newModule, newOrganisation, newPublication } from '../support/factories.js';
import { openRepositoryDatabase, stillPendingAfter, type RepositoryDatabase } from '../support/repository-db.js';

let rdb: RepositoryDatabase;
let repo: CourseWriteRepository;
let publicationId: string;
beforeAll(async () => {
  rdb = await openRepositoryDatabase();
  repo = new CourseWriteRepository(rdb.db);
});
afterAll(() => rdb?.close());
beforeEach(async () => {
  await rdb.reset();
  publicationId = (await newPublication(rdb.db)).id;
});

const MISSING = '7d0f4c62-3b7e-4f7a-9a57-0b6f0a0e9d11';
const content = (title: string, moduleIds: string[], extra: Partial<CourseVersionContent> = {}): CourseVersionContent => ({
  title,
  summary: 'Summary',
  audience: 'Police',
  objectives: ['Spot the signs'],
  passMark: 80,
  defaultDuePeriodDays: null,
  validityMonths: null,
  moduleIds,
  ...extra,
});

describe('availableModulesBySlugs', () => {
  it('any: every live module asked for', async () => {
    await newModule(rdb.db, { publicationId, slug: 'a' });
    await newModule(rdb.db, { publicationId, slug: 'b' });
    await newModule(rdb.db, { publicationId, slug: 'gone', retiredAt: new Date() });
    expect((await repo.availableModulesBySlugs(['a', 'b', 'gone', 'unknown'], { kind: 'any' })).map((m) => m.slug).sort()).toEqual(['a', 'b']);
  });

  it('organisation: modules released in a published public course, or in one of its own tailored courses; never another organisation’s', async () => {
    const org = await newOrganisation(rdb.db);
    const otherOrg = await newOrganisation(rdb.db);
    const released = await newModule(rdb.db, { publicationId, slug: 'released' });
    const inDraft = await newModule(rdb.db, { publicationId, slug: 'in-draft' });
    const inRetired = await newModule(rdb.db, { publicationId, slug: 'in-retired' });
    const own = await newModule(rdb.db, { publicationId, slug: 'own' });
    const theirs = await newModule(rdb.db, { publicationId, slug: 'theirs' });
    const droppedFromPublic = await newModule(rdb.db, { publicationId, slug: 'dropped' });
    await newModule(rdb.db, { publicationId, slug: 'loose' });
    const pub = await newCourse(rdb.db, { moduleIds: [released.id, droppedFromPublic.id] });
    // Version 2 of the public course no longer holds 'dropped': only the current version releases.
    await newCourseVersion(rdb.db, pub.id, { moduleIds: [released.id] });
    await newCourse(rdb.db, { status: 'draft', moduleIds: [inDraft.id] });
    await newCourse(rdb.db, { retiredAt: new Date(), moduleIds: [inRetired.id] });
    await newCourse(rdb.db, { organisationId: org.id, status: 'draft', moduleIds: [own.id] });
    await newCourse(rdb.db, { organisationId: otherOrg.id, moduleIds: [theirs.id] });
    const slugs = ['released', 'in-draft', 'in-retired', 'own', 'theirs', 'dropped', 'loose'];
    expect((await repo.availableModulesBySlugs(slugs, { kind: 'organisation', organisationId: org.id })).map((m) => m.slug).sort()).toEqual([
      'own',
      'released',
    ]);
    expect((await repo.availableModulesBySlugs(slugs, { kind: 'organisation', organisationId: otherOrg.id })).map((m) => m.slug).sort()).toEqual([
      'released',
      'theirs',
    ]);
  });
});

describe('findCourse and listOrganisationCourses', () => {
  it('findCourse answers the current version with its modules in order; null when retired or unknown', async () => {
    const m1 = await newModule(rdb.db, { publicationId, slug: 'm1', title: 'M1' });
    const m2 = await newModule(rdb.db, { publicationId, slug: 'm2', title: 'M2' });
    await newCourse(rdb.db, { slug: 'c', title: 'C', moduleIds: [m2.id, m1.id], defaultDuePeriodDays: 7 });
    await newCourse(rdb.db, { slug: 'r', retiredAt: new Date() });
    expect(await repo.findCourse('c')).toMatchObject({
      slug: 'c',
      title: 'C',
      version: 1,
      status: 'published',
      visibility: 'public',
      defaultDuePeriodDays: 7,
      modules: [
        { position: 1, slug: 'm2', title: 'M2', id: m2.id },
        { position: 2, slug: 'm1', title: 'M1', id: m1.id },
      ],
    });
    expect(await repo.findCourse('r')).toBeNull();
    expect(await repo.findCourse('unknown')).toBeNull();
    await newCourse(rdb.db, { slug: 'empty' });
    expect((await repo.findCourse('empty'))!.modules).toEqual([]);
  });

  it('listOrganisationCourses: that organisation’s live tailored courses by title, drafts only when asked, keyset by (title, slug)', async () => {
    const org = await newOrganisation(rdb.db);
    const other = await newOrganisation(rdb.db);
    await newCourse(rdb.db, { organisationId: org.id, slug: 'b', title: 'Same' });
    await newCourse(rdb.db, { organisationId: org.id, slug: 'a', title: 'Same' });
    await newCourse(rdb.db, { organisationId: org.id, slug: 'draft', title: 'Draft', status: 'draft' });
    await newCourse(rdb.db, { organisationId: org.id, slug: 'retired', title: 'Aaa', retiredAt: new Date() });
    await newCourse(rdb.db, { organisationId: other.id, slug: 'theirs', title: 'Aaa' });
    await newCourse(rdb.db, { slug: 'public', title: 'Aaa' });
    const slugs = async (after: { title: string; slug: string } | null, drafts: boolean, limit = 10) =>
      (await repo.listOrganisationCourses(org.id, after, limit, drafts ? null : [])).map((c) => c.slug);
    expect(await slugs(null, false)).toEqual(['a', 'b']);
    expect(await slugs(null, true)).toEqual(['draft', 'a', 'b']);
    expect(await slugs(null, true, 1)).toEqual(['draft', 'a']);
    expect(await slugs({ title: 'Same', slug: 'a' }, true, 1)).toEqual(['b']);
    expect(await slugs({ title: 'Same', slug: 'b' }, true, 1)).toEqual([]);
  });

  it('listOrganisationCourses: a learner’s list leaves out the courses published to cohorts other than theirs', async () => {
    const org = await newOrganisation(rdb.db);
    await newCourse(rdb.db, { organisationId: org.id, slug: 'everyone', title: 'A' });
    const mine = await newCourse(rdb.db, { organisationId: org.id, slug: 'my-cohort', title: 'B', audience: 'cohorts' });
    await newCourse(rdb.db, { organisationId: org.id, slug: 'their-cohort', title: 'C', audience: 'cohorts' });
    const slugs = async (cohortCourseIds: string[] | null) => (await repo.listOrganisationCourses(org.id, null, 10, cohortCourseIds)).map((c) => c.slug);
    expect(await slugs([])).toEqual(['everyone']);
    expect(await slugs([mine.id])).toEqual(['everyone', 'my-cohort']);
    expect(await slugs(null)).toEqual(['everyone', 'my-cohort', 'their-cohort']);
    expect((await repo.findCourse('my-cohort'))!.publishedTo).toBe('cohorts');
  });
});

describe('createCourse', () => {
  it('writes the course, version 1 with its modules in order, and a snapshot of their lessons', async () => {
    const m1 = await newModule(rdb.db, { publicationId, slug: 'first' });
    const m2 = await newModule(rdb.db, { publicationId, slug: 'second' });
    const l = await newLesson(rdb.db, { moduleId: m1.id, position: 1, slug: 'l1' });
    await newLesson(rdb.db, { moduleId: m1.id, position: 0, retired: true });
    const org = await newOrganisation(rdb.db);
    const id = await repo.createCourse(
      { slug: 'new', status: 'draft', visibility: 'organisation', organisationId: org.id },
      content('New', [m2.id, m1.id], { defaultDuePeriodDays: 30 }),
      'hash-1',
    );
    expect(id).not.toBeNull();
    expect(await repo.findCourse('new')).toMatchObject({
      id,
      origin: 'authored',
      status: 'draft',
      organisationId: org.id,
      version: 1,
      versionHash: 'hash-1',
      passMark: 80,
      objectives: ['Spot the signs'],
      defaultDuePeriodDays: 30,
      modules: [expect.objectContaining({ position: 1, slug: 'second' }), expect.objectContaining({ position: 2, slug: 'first' })],
    });
    const [{ snapshot }] = await rdb.db.query(`SELECT snapshot FROM course_versions WHERE course_id = $1`, [id]);
    expect(snapshot.modules.map((m: { slug: string; lessons: { id: string }[] }) => [m.slug, m.lessons.map((x) => x.id)])).toEqual([
      ['second', []],
      ['first', [l.id]],
    ]);
  });

  it('answers null and writes nothing when the slug is taken', async () => {
    await newCourse(rdb.db, { slug: 'taken' });
    expect(await repo.createCourse({ slug: 'taken', status: 'draft', visibility: 'public', organisationId: null }, content('X', []), 'h')).toBeNull();
    expect(await rdb.db.query(`SELECT count(*)::int AS n FROM course_versions`)).toEqual([{ n: 1 }]);
  });

  it('of two concurrent creates with one slug exactly one succeeds', async () => {
    const results = await Promise.all(
      [1, 2].map((i) => repo.createCourse({ slug: 'race', status: 'draft', visibility: 'public', organisationId: null }, content(`R${i}`, []), `h${i}`)),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await rdb.db.query(`SELECT count(*)::int AS n FROM course_versions`)).toEqual([{ n: 1 }]);
  });

  it('a tailored course without an organisation breaks chk_courses_organisation_id and leaves no row', async () => {
    await expect(repo.createCourse({ slug: 'bad', status: 'draft', visibility: 'organisation', organisationId: null }, content('X', []), 'h')).rejects.toThrow(
      /chk_courses_organisation_id/,
    );
    expect(await repo.findCourse('bad')).toBeNull();
  });
});

describe('updateCourse and setStatus', () => {
  async function authored(slug = 'editable') {
    const m = await newModule(rdb.db, { publicationId });
    const id = (await repo.createCourse({ slug, status: 'published', visibility: 'public', organisationId: null }, content('V1', [m.id]), 'h1'))!;
    return { id, moduleId: m.id };
  }

  it('writes version 2 when the content changes, leaving version 1 as it was', async () => {
    const { id, moduleId } = await authored();
    const m2 = await newModule(rdb.db, { publicationId });
    expect(await repo.updateCourse(id, (cur) => ({ content: content(`${cur.title}→V2`, [m2.id, moduleId]), hash: 'h2' }))).toEqual({ changed: true });
    expect(await repo.findCourse('editable')).toMatchObject({
      version: 2,
      title: 'V1→V2',
      versionHash: 'h2',
      modules: [expect.objectContaining({ id: m2.id }), expect.objectContaining({ id: moduleId })],
    });
    const versions = await rdb.db.query(`SELECT version, title FROM course_versions WHERE course_id = $1 ORDER BY version`, [id]);
    expect(versions).toEqual([
      { version: 1, title: 'V1' },
      { version: 2, title: 'V1→V2' },
    ]);
    const [{ n }] = await rdb.db.query(
      `SELECT count(*)::int AS n FROM course_modules cm JOIN course_versions v ON v.id = cm.course_version_id WHERE v.course_id = $1 AND v.version = 1`,
      [id],
    );
    expect(n).toBe(1);
  });

  it('writes nothing when the hash is unchanged; null for an unknown or retired course', async () => {
    const { id } = await authored();
    expect(await repo.updateCourse(id, (cur) => ({ content: content(cur.title, []), hash: cur.versionHash }))).toEqual({ changed: false });
    expect((await repo.findCourse('editable'))!.version).toBe(1);
    expect(await repo.updateCourse(MISSING, () => ({ content: content('x', []), hash: 'x' }))).toBeNull();
    await rdb.db.query(`UPDATE courses SET retired_at = now() WHERE id = $1`, [id]);
    expect(await repo.updateCourse(id, () => ({ content: content('x', []), hash: 'x' }))).toBeNull();
  });

  it('sets whom the course is published to with the change, without a new version; a refused change sets nothing', async () => {
    const { id } = await authored();
    const same = (cur: { title: string; versionHash: string }) => ({ content: content(cur.title, []), hash: cur.versionHash });
    expect(await repo.updateCourse(id, same, 'cohorts')).toEqual({ changed: false });
    expect(await repo.findCourse('editable')).toMatchObject({ publishedTo: 'cohorts', version: 1 });
    await expect(
      repo.updateCourse(
        id,
        () => {
          throw new Error('precondition failed');
        },
        'organisation',
      ),
    ).rejects.toThrow('precondition failed');
    expect((await repo.findCourse('editable'))!.publishedTo).toBe('cohorts');
  });

  it('a change that throws writes nothing', async () => {
    const { id } = await authored();
    await expect(
      repo.updateCourse(id, () => {
        throw new Error('stale');
      }),
    ).rejects.toThrow('stale');
    expect((await repo.findCourse('editable'))!.version).toBe(1);
  });

  it('concurrent edits are applied one after the other: versions 2 and 3, the second built on the first', async () => {
    const { id } = await authored();
    const results = await Promise.all(
      ['A', 'B'].map((tag) => repo.updateCourse(id, (cur) => ({ content: content(`${cur.title}+${tag}`, []), hash: `h-${cur.version}-${tag}` }))),
    );
    expect(results).toEqual([{ changed: true }, { changed: true }]);
    const course = (await repo.findCourse('editable'))!;
    expect(course.version).toBe(3);
    expect(course.title === 'V1+A+B' || course.title === 'V1+B+A').toBe(true);
  });

  it('updateCourse waits for the course lock and reads what was committed meanwhile', async () => {
    const { id } = await authored();
    const other = await rdb.connect();
    try {
      await other.query('BEGIN');
      await other.query(`SELECT id FROM courses WHERE id = $1 FOR UPDATE`, [id]);
      const seen: number[] = [];
      const pending = repo.updateCourse(id, (cur) => {
        seen.push(cur.passMark);
        return { content: content('Mine', [], { passMark: cur.passMark }), hash: 'mine' };
      });
      expect(await stillPendingAfter(pending, 300)).toBe(true);
      await other.query(`UPDATE course_versions SET pass_mark = 55 WHERE course_id = $1`, [id]);
      await other.query('COMMIT');
      expect(await pending).toEqual({ changed: true });
      expect(seen).toEqual([55]);
    } finally {
      await other.end();
    }
  });

  it('setStatus publishes or withdraws that course only', async () => {
    const { id } = await authored('one');
    await authored('two');
    await repo.setStatus(id, 'draft');
    expect((await repo.findCourse('one'))!.status).toBe('draft');
    expect((await repo.findCourse('two'))!.status).toBe('published');
  });
});
