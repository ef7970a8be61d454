import { describe, expect, it, vi } from 'vitest';
import type { Actor } from '../../common/auth/actor.js';
import type { MembershipReader } from '../../common/auth/membership-reader.js';
import { ANONYMOUS_VIEWER, canSeeCourse, viewerOf, visibleTo, type CourseVisibilityFields, type Viewer } from './course-visibility.js';

const ORG_A = '00000000-0000-4000-8000-00000000000a';
const ORG_B = '00000000-0000-4000-8000-00000000000b';

const viewers: Record<string, Viewer> = {
  anonymous: ANONYMOUS_VIEWER,
  'member of A': { userId: 'u', allOrganisations: false, organisationIds: [ORG_A] },
  'member of nothing': { userId: 'u', allOrganisations: false, organisationIds: [] },
  'platform admin': { userId: 'u', allOrganisations: true, organisationIds: [] },
};
const courses: Record<string, CourseVisibilityFields> = {
  public: { visibility: 'public', organisationId: null },
  "A's tailored": { visibility: 'organisation', organisationId: ORG_A },
  "B's tailored": { visibility: 'organisation', organisationId: ORG_B },
};
const expected: Record<string, string[]> = {
  anonymous: ['public'],
  'member of A': ['public', "A's tailored"],
  'member of nothing': ['public'],
  'platform admin': ['public', "A's tailored", "B's tailored"],
};

/**
 * visibleTo's SQL evaluated for one course row: the condition has exactly the shape
 * `($1::boolean OR c.visibility = 'public' OR c.organisation_id = ANY($2::uuid[]))`, so it is read
 * back with its parameters and evaluated as PostgreSQL would (the integration tier runs it for real).
 */
function sqlAllows(viewer: Viewer, course: CourseVisibilityFields): boolean {
  const params: unknown[] = [];
  const sql = visibleTo(viewer, (value) => `$${params.push(value)}`);
  expect(sql).toBe("($1::boolean OR c.visibility = 'public' OR c.organisation_id = ANY($2::uuid[]))");
  const [all, organisationIds] = params as [boolean, string[]];
  return all || course.visibility === 'public' || (course.organisationId !== null && organisationIds.includes(course.organisationId));
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

  it('builds the viewer from the caller: nobody, a member (their organisations, read once) or a platform admin (no lookup)', async () => {
    const memberships = { listForUser: vi.fn(async () => [{ organisationId: ORG_A, organisationName: 'A', role: 'learner' as const }]) };
    const reader = memberships as unknown as MembershipReader;
    const actor: Actor = { userId: 'u1', sessionId: 's', isPlatformAdmin: false, via: 'bearer' };
    expect(await viewerOf(undefined, reader)).toEqual(ANONYMOUS_VIEWER);
    expect(await viewerOf({ ...actor, isPlatformAdmin: true }, reader)).toEqual({ userId: 'u1', allOrganisations: true, organisationIds: [] });
    expect(memberships.listForUser).not.toHaveBeenCalled();
    expect(await viewerOf(actor, reader)).toEqual({ userId: 'u1', allOrganisations: false, organisationIds: [ORG_A] });
    expect(memberships.listForUser).toHaveBeenCalledTimes(1);
  });
});
