import { describe, expect, it, vi } from 'vitest';
import type { Actor } from '../../common/auth/actor.js';
import type { MembershipReader } from '../../common/auth/membership-reader.js';
import type { CohortCourses } from '../../common/ports/cohort-courses.js';
import { ANONYMOUS_VIEWER, canSeeCourse, CourseViewers, viewerOf, visibleTo, type CourseVisibilityFields, type Viewer } from './course-visibility.js';

const ORG_A = '00000000-0000-4000-8000-00000000000a';
const ORG_B = '00000000-0000-4000-8000-00000000000b';
const COHORT_COURSE = '00000000-0000-4000-8000-0000000000c1';
const OTHER_COHORT_COURSE = '00000000-0000-4000-8000-0000000000c2';

const member = { userId: 'u', allOrganisations: false, managedOrganisationIds: [], cohortCourseIds: [] };
const viewers: Record<string, Viewer> = {
  anonymous: ANONYMOUS_VIEWER,
  'member of A': { ...member, organisationIds: [ORG_A] },
  'member of A in the cohort': { ...member, organisationIds: [ORG_A], cohortCourseIds: [COHORT_COURSE] },
  'trainer of A': { ...member, organisationIds: [ORG_A], managedOrganisationIds: [ORG_A] },
  // A cohort course id without membership of its organisation (left it): the organisation check still holds.
  'member of nothing with a stale cohort': { ...member, organisationIds: [], cohortCourseIds: [COHORT_COURSE] },
  'platform admin': { ...ANONYMOUS_VIEWER, userId: 'u', allOrganisations: true },
};
const courses: Record<string, CourseVisibilityFields> = {
  public: { id: 'p', visibility: 'public', organisationId: null, audience: 'organisation' },
  "A's tailored": { id: 'a', visibility: 'organisation', organisationId: ORG_A, audience: 'organisation' },
  "A's for cohorts": { id: COHORT_COURSE, visibility: 'organisation', organisationId: ORG_A, audience: 'cohorts' },
  "A's for other cohorts": { id: OTHER_COHORT_COURSE, visibility: 'organisation', organisationId: ORG_A, audience: 'cohorts' },
  "B's tailored": { id: 'b', visibility: 'organisation', organisationId: ORG_B, audience: 'organisation' },
};
const expected: Record<string, string[]> = {
  anonymous: ['public'],
  'member of A': ['public', "A's tailored"],
  'member of A in the cohort': ['public', "A's tailored", "A's for cohorts"],
  'trainer of A': ['public', "A's tailored", "A's for cohorts", "A's for other cohorts"],
  'member of nothing with a stale cohort': ['public'],
  'platform admin': ['public', "A's tailored", "A's for cohorts", "A's for other cohorts", "B's tailored"],
};

const SQL_SHAPE =
  "($1::boolean OR c.visibility = 'public' OR (c.organisation_id = ANY($2::uuid[]) AND " +
  "(c.audience = 'organisation' OR c.organisation_id = ANY($3::uuid[]) OR c.id = ANY($4::uuid[]))))";

/**
 * visibleTo's SQL evaluated for one course row: the condition has exactly the shape SQL_SHAPE, so
 * it is read back with its parameters and evaluated as PostgreSQL would (the integration tier
 * runs it for real).
 */
function sqlAllows(viewer: Viewer, course: CourseVisibilityFields): boolean {
  const params: unknown[] = [];
  const sql = visibleTo(viewer, (value) => `$${params.push(value)}`);
  expect(sql).toBe(SQL_SHAPE);
  const [all, organisationIds, managed, cohortCourses] = params as [boolean, string[], string[], string[]];
  return (
    all ||
    course.visibility === 'public' ||
    (course.organisationId !== null &&
      organisationIds.includes(course.organisationId) &&
      (course.audience === 'organisation' || managed.includes(course.organisationId) || cohortCourses.includes(course.id)))
  );
}

describe('the course visibility rule', () => {
  for (const [who, viewer] of Object.entries(viewers)) {
    it(`lets ${who} see ${expected[who]!.join(', ')}, in memory and in SQL alike`, () => {
      const seen = Object.entries(courses)
        .filter(([, course]) => canSeeCourse(viewer, course))
        .map(([name]) => name);
      expect(seen).toEqual(expected[who]);
      for (const course of Object.values(courses)) expect(sqlAllows(viewer, course)).toBe(canSeeCourse(viewer, course));
    });
  }

  it('names the course by another alias when asked (the learner’s lists join courses as c0)', () => {
    expect(visibleTo(ANONYMOUS_VIEWER, () => '$9', 'c0')).toBe(SQL_SHAPE.replace(/\bc\./g, 'c0.').replace(/\$\d/g, '$9'));
  });

  it('builds the viewer from the caller: nobody, a learner (organisations read once, cohorts asked), a trainer (cohorts not asked) or a platform admin (no lookup)', async () => {
    const memberships = { listForUser: vi.fn(async () => [{ organisationId: ORG_A, organisationName: 'A', role: 'learner' as const }]) };
    const cohorts = { visibleThroughCohorts: vi.fn(async () => [COHORT_COURSE]) };
    const reader = memberships as unknown as MembershipReader;
    const actor: Actor = { userId: 'u1', sessionId: 's', isPlatformAdmin: false, via: 'bearer' };
    expect(await viewerOf(undefined, reader, cohorts)).toEqual(ANONYMOUS_VIEWER);
    expect(await viewerOf({ ...actor, isPlatformAdmin: true }, reader, cohorts)).toEqual({ ...ANONYMOUS_VIEWER, userId: 'u1', allOrganisations: true });
    expect(memberships.listForUser).not.toHaveBeenCalled();
    expect(cohorts.visibleThroughCohorts).not.toHaveBeenCalled();
    expect(await viewerOf(actor, reader, cohorts)).toEqual({
      userId: 'u1',
      allOrganisations: false,
      organisationIds: [ORG_A],
      managedOrganisationIds: [],
      cohortCourseIds: [COHORT_COURSE],
    });
    expect(memberships.listForUser).toHaveBeenCalledTimes(1);
    expect(cohorts.visibleThroughCohorts).toHaveBeenCalledWith('u1');

    // The session's memberships: no membership query; a trainer everywhere needs no cohort either.
    cohorts.visibleThroughCohorts.mockClear();
    const trainer = await viewerOf({ ...actor, memberships: [{ organisationId: ORG_A, role: 'trainer' }] }, reader, cohorts);
    expect(trainer).toMatchObject({ organisationIds: [ORG_A], managedOrganisationIds: [ORG_A], cohortCourseIds: [] });
    expect(cohorts.visibleThroughCohorts).not.toHaveBeenCalled();
    expect(memberships.listForUser).toHaveBeenCalledTimes(1);
  });

  it('judges one course asking the cohorts only for a course published to its cohorts alone', async () => {
    const memberships = { listForUser: vi.fn() };
    const cohorts = { visibleThroughCohorts: vi.fn(async () => [COHORT_COURSE]) } satisfies CohortCourses;
    const service = new CourseViewers(memberships as unknown as MembershipReader, cohorts);
    const learner: Actor = { userId: 'u1', sessionId: 's', isPlatformAdmin: false, via: 'bearer', memberships: [{ organisationId: ORG_A, role: 'learner' }] };
    expect(await service.canSee(learner, courses["A's tailored"]!)).toBe(true);
    expect(await service.canSee(learner, courses.public!)).toBe(true);
    expect(await service.canSee(undefined, courses.public!)).toBe(true);
    expect(await service.canSee(undefined, courses["A's tailored"]!)).toBe(false);
    expect(cohorts.visibleThroughCohorts).not.toHaveBeenCalled();
    expect(await service.canSee(learner, courses["A's for cohorts"]!)).toBe(true);
    expect(await service.canSee(learner, courses["A's for other cohorts"]!)).toBe(false);
    expect(cohorts.visibleThroughCohorts).toHaveBeenCalledTimes(2);
    expect(memberships.listForUser).not.toHaveBeenCalled();
  });
});
