import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Viewer } from '../../src/modules/courses/index.js';
import { EnrolmentsRepository } from '../../src/modules/learning/enrolments.repository.js';
import { EnrolmentLearningRecordsReader } from '../../src/modules/learning/learning-records.reader.js';
import { ProgressRepository } from '../../src/modules/learning/progress.repository.js';
import { ReflectionsRepository } from '../../src/modules/learning/reflections.repository.js';
import { StatementsRepository } from '../../src/modules/learning/statements.repository.js';
import { newCourse, newCourseVersion, newEnrolment, newOrganisation, newUser } from '../support/factories.js';
import { openRepositoryDatabase, type RepositoryDatabase } from '../support/repository-db.js';

let rdb: RepositoryDatabase;
let repo: EnrolmentsRepository;
beforeAll(async () => {
  rdb = await openRepositoryDatabase();
  repo = new EnrolmentsRepository(rdb.db);
});
afterAll(() => rdb?.close());
beforeEach(() => rdb.reset());

const MISSING = '7d0f4c62-3b7e-4f7a-9a57-0b6f0a0e9d11';
/** A platform admin's view: every course (listOwn's visibility filter has nothing to leave out). */
const ALL: Viewer = { userId: null, allOrganisations: true, organisationIds: [], managedOrganisationIds: [], cohortCourseIds: [] };

describe('findEnrollableCourse', () => {
  it('answers a published, live course at its current version, with the due period and owner', async () => {
    const org = await newOrganisation(rdb.db);
    const course = await newCourse(rdb.db, { slug: 'tailored', organisationId: org.id, defaultDuePeriodDays: 14 });
    expect(await repo.findEnrollableCourse('tailored')).toEqual({
      id: course.id,
      slug: 'tailored',
      title: expect.any(String),
      versionNumber: 1,
      currentVersionId: course.versionId,
      visibility: 'organisation',
      organisationId: org.id,
      audience: 'organisation',
      defaultDuePeriodDays: 14,
    });
  });

  it('answers null for a draft, a retired or an unknown course', async () => {
    await newCourse(rdb.db, { slug: 'draft', status: 'draft' });
    await newCourse(rdb.db, { slug: 'retired', retiredAt: new Date() });
    expect(await repo.findEnrollableCourse('draft')).toBeNull();
    expect(await repo.findEnrollableCourse('retired')).toBeNull();
    expect(await repo.findEnrollableCourse('unknown')).toBeNull();
  });
});

describe('insertIfAbsent', () => {
  it('enrols on the current version with a due date from the period; a second time answers null', async () => {
    const user = await newUser(rdb.db);
    await newCourse(rdb.db, { slug: 'due', defaultDuePeriodDays: 10 });
    const course = (await repo.findEnrollableCourse('due'))!;
    const id = (await repo.insertIfAbsent(user.id, course))?.id;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(await repo.insertIfAbsent(user.id, course)).toBeNull();
    const row = (await repo.findOwn(user.id, id!))!;
    expect(row.versionNumber).toBe(1);
    const days = (new Date(row.dueAt!).getTime() - new Date(row.enrolledAt).getTime()) / 86_400_000;
    expect(days).toBeCloseTo(10, 3);
  });

  it('no due period, no due date', async () => {
    const user = await newUser(rdb.db);
    await newCourse(rdb.db, { slug: 'open' });
    const id = (await repo.insertIfAbsent(user.id, (await repo.findEnrollableCourse('open'))!))?.id;
    expect((await repo.findOwn(user.id, id!))!.dueAt).toBeNull();
  });

  it('of concurrent enrolments of one learner on one course exactly one row is made', async () => {
    const user = await newUser(rdb.db);
    await newCourse(rdb.db, { slug: 'race' });
    const course = (await repo.findEnrollableCourse('race'))!;
    const ids = await Promise.all([1, 2, 3].map(() => repo.insertIfAbsent(user.id, course)));
    expect(ids.filter(Boolean)).toHaveLength(1);
  });
});

describe('reads', () => {
  it('findByUserAndCourse and findOwn answer the learner’s own enrolment only', async () => {
    const user = await newUser(rdb.db);
    const other = await newUser(rdb.db);
    const course = await newCourse(rdb.db, { slug: 'c', title: 'Course C' });
    const mine = await newEnrolment(rdb.db, { userId: user.id, courseId: course.id, versionId: course.versionId });
    const theirs = await newEnrolment(rdb.db, { userId: other.id, courseId: course.id, versionId: course.versionId });
    expect(await repo.findByUserAndCourse(user.id, course.id)).toMatchObject({ id: mine.id, courseSlug: 'c', courseTitle: 'Course C', published: true });
    expect(await repo.findOwn(user.id, mine.id)).toMatchObject({ id: mine.id, userId: user.id });
    expect(await repo.findOwn(user.id, theirs.id)).toBeNull();
    expect(await repo.findOwn(user.id, MISSING)).toBeNull();
    expect(await repo.findByUserAndCourse(user.id, MISSING)).toBeNull();
  });

  it('an enrolment shows its pinned version and title, the latest version, and whether the course is still published', async () => {
    const user = await newUser(rdb.db);
    const course = await newCourse(rdb.db, { slug: 'moved-on', title: 'Old title' });
    const e = await newEnrolment(rdb.db, { userId: user.id, courseId: course.id, versionId: course.versionId });
    const v2 = await newCourseVersion(rdb.db, course.id, { title: 'New title' });
    await rdb.db.query(`UPDATE courses SET status = 'draft' WHERE id = $1`, [course.id]);
    expect(await repo.findOwn(user.id, e.id)).toMatchObject({
      courseTitle: 'Old title',
      versionNumber: 1,
      latestVersion: 2,
      currentVersionId: v2,
      published: false,
    });
  });

  it('listOwn: newest first, limit + 1 rows, keyset through equal times by id, then empty', async () => {
    const user = await newUser(rdb.db);
    const other = await newUser(rdb.db);
    const T = '2026-02-01 09:00:00.000001+00';
    const enrolments = [];
    for (let i = 0; i < 4; i++) {
      const course = await newCourse(rdb.db);
      enrolments.push(
        await newEnrolment(rdb.db, { userId: user.id, courseId: course.id, versionId: course.versionId, enrolledAt: i === 3 ? '2026-01-01T00:00:00Z' : T }),
      );
      await newEnrolment(rdb.db, { userId: other.id, courseId: course.id, versionId: course.versionId, enrolledAt: T });
    }
    const expected = [
      ...enrolments
        .slice(0, 3)
        .map((e) => e.id)
        .sort()
        .reverse(),
      enrolments[3]!.id,
    ];
    const first = await repo.listOwn(user.id, null, 2, ALL);
    expect(first.map((e) => e.id)).toEqual(expected.slice(0, 3));
    const times: Record<string, string> = Object.fromEntries(
      ((await rdb.db.query(`SELECT id, enrolled_at::text AS t FROM enrolments WHERE user_id = $1`, [user.id])) as { id: string; t: string }[]).map((r) => [
        r.id,
        r.t,
      ]),
    );
    const cursor = (id: string) => ({ enrolledAt: times[id]!, id });
    expect((await repo.listOwn(user.id, cursor(expected[1]!), 2, ALL)).map((e) => e.id)).toEqual(expected.slice(2));
    expect(await repo.listOwn(user.id, cursor(expected[3]!), 2, ALL)).toEqual([]);
    expect(await repo.listOwn(MISSING, null, 2, ALL)).toEqual([]);
  });

  it('listAllForUser: every enrolment of the person, oldest first, drafts and retired courses included', async () => {
    const user = await newUser(rdb.db);
    const a = await newCourse(rdb.db, { slug: 'a' });
    const b = await newCourse(rdb.db, { slug: 'b' });
    await newEnrolment(rdb.db, { userId: user.id, courseId: b.id, versionId: b.versionId, enrolledAt: '2026-01-02T00:00:00Z' });
    await newEnrolment(rdb.db, { userId: user.id, courseId: a.id, versionId: a.versionId, enrolledAt: '2026-01-01T00:00:00Z' });
    await rdb.db.query(`UPDATE courses SET retired_at = now() WHERE id = $1`, [b.id]);
    await newEnrolment(rdb.db, { userId: (await newUser(rdb.db)).id, courseId: a.id, versionId: a.versionId });
    expect((await repo.listAllForUser(user.id)).map((e) => [e.courseSlug, e.published])).toEqual([
      ['a', true],
      ['b', false],
    ]);
  });
});

describe('moveToVersion', () => {
  it('moves the learner’s own enrolment to another version once; false when already there or not theirs', async () => {
    const user = await newUser(rdb.db);
    const other = await newUser(rdb.db);
    const course = await newCourse(rdb.db);
    const e = await newEnrolment(rdb.db, { userId: user.id, courseId: course.id, versionId: course.versionId });
    const v2 = await newCourseVersion(rdb.db, course.id);
    expect(await repo.moveToVersion(other.id, e.id, v2)).toBe(false);
    expect(await repo.moveToVersion(user.id, e.id, v2)).toBe(true);
    expect(await repo.moveToVersion(user.id, e.id, v2)).toBe(false);
    expect((await repo.findOwn(user.id, e.id))!.versionNumber).toBe(2);
  });
});

describe('EnrolmentLearningRecordsReader', () => {
  it('exports every enrolment of the person with ISO dates', async () => {
    const user = await newUser(rdb.db);
    const course = await newCourse(rdb.db, { slug: 'export-me', title: 'Export me' });
    await newEnrolment(rdb.db, {
      userId: user.id,
      courseId: course.id,
      versionId: course.versionId,
      enrolledAt: '2026-03-01T12:00:00Z',
      dueAt: new Date('2026-04-01T12:00:00Z'),
    });
    const reader = new EnrolmentLearningRecordsReader(
      repo,
      new ReflectionsRepository(rdb.db),
      new ProgressRepository(rdb.db),
      new StatementsRepository(rdb.db),
    );
    expect(await reader.exportFor(user.id)).toEqual([
      {
        kind: 'enrolment',
        courseSlug: 'export-me',
        courseTitle: 'Export me',
        versionNumber: 1,
        enrolledAt: '2026-03-01T12:00:00.000Z',
        dueAt: '2026-04-01T12:00:00.000Z',
        archivedAt: null,
        lessonProgress: [],
        completions: [],
      },
    ]);
    expect(await reader.exportFor(MISSING)).toEqual([]);
  });
});
