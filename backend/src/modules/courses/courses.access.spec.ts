import { describe, expect, it, vi } from 'vitest';
import type { MembershipReader } from '../../common/auth/membership-reader.js';
import { LessonAccessPolicy, type LessonAccessCourse } from './courses.access.js';

const learner = { userId: 'u1', sessionId: 's', isPlatformAdmin: false, via: 'bearer' as const };
const course = (over: Partial<LessonAccessCourse>): LessonAccessCourse => ({
  slug: 'c',
  versionId: 'v',
  visibility: 'public',
  organisationId: null,
  enrolled: false,
  ...over,
});
const tailored = course({ visibility: 'organisation', organisationId: 'org-a' });

function policy(role: 'learner' | 'trainer' | 'org_admin' | null = null) {
  const memberships = { roleOf: vi.fn(async () => role) };
  return new LessonAccessPolicy(memberships as unknown as MembershipReader);
}
const ctx = (courses: LessonAccessCourse[]) => ({ lessonId: 'l', moduleId: 'm', courses });

describe('LessonAccessPolicy', () => {
  it('lets anyone read a lesson of a public course, and nobody one in no published course', async () => {
    expect(await policy().canReadLesson(undefined, ctx([course({})]))).toBe(true);
    expect(await policy().canReadLesson(learner, ctx([]))).toBe(false);
  });

  it('requires enrolment on a tailored course, unless trainer of its organisation or platform admin', async () => {
    expect(await policy().canReadLesson(undefined, ctx([tailored]))).toBe(false);
    expect(await policy('learner').canReadLesson(learner, ctx([tailored]))).toBe(false);
    expect(await policy('learner').canReadLesson(learner, ctx([{ ...tailored, enrolled: true }]))).toBe(true);
    expect(await policy('trainer').canReadLesson(learner, ctx([tailored]))).toBe(true);
    expect(await policy(null).canReadLesson({ ...learner, isPlatformAdmin: true }, ctx([tailored]))).toBe(true);
  });

  it("asks for the actor's role once per organisation, however many of its courses contain the lesson", async () => {
    const memberships = { roleOf: vi.fn(async () => 'trainer' as const) };
    const access = new LessonAccessPolicy(memberships as unknown as MembershipReader);
    const courses = [tailored, { ...tailored, slug: 'c2', versionId: 'v2' }, course({ slug: 'c3', visibility: 'organisation', organisationId: 'org-b' })];
    expect(await access.readableCourses(learner, ctx(courses))).toHaveLength(3);
    expect(memberships.roleOf.mock.calls).toEqual([
      ['u1', 'org-a'],
      ['u1', 'org-b'],
    ]);
  });
});
