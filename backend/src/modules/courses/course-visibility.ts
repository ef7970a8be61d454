import type { Actor } from '../../common/auth/actor.js';
import type { MembershipReader } from '../../common/auth/membership-reader.js';

/**
 * Who is looking, for the visibility of organisation-only (tailored) courses: platform admins see
 * every course; others see public courses and those of their own organisations.
 */
export interface Viewer {
  userId: string | null;
  allOrganisations: boolean;
  organisationIds: string[];
}

export const ANONYMOUS_VIEWER: Viewer = { userId: null, allOrganisations: false, organisationIds: [] };

/** Who the caller is, for course visibility: their organisations, or all for a platform admin. */
export async function viewerOf(actor: Actor | undefined, memberships: MembershipReader): Promise<Viewer> {
  if (!actor) return ANONYMOUS_VIEWER;
  if (actor.isPlatformAdmin) return { userId: actor.userId, allOrganisations: true, organisationIds: [] };
  // The session check already read the caller's memberships (Actor.memberships): no query then.
  const organisations = actor.memberships ?? (await memberships.listForUser(actor.userId));
  return { userId: actor.userId, allOrganisations: false, organisationIds: organisations.map((o) => o.organisationId) };
}

/** What the visibility rule reads of a course. */
export interface CourseVisibilityFields {
  visibility: 'public' | 'organisation';
  organisationId: string | null;
}

/**
 * The course visibility rule, in one place and in its two forms: a viewer sees public courses,
 * the courses of their organisations, and, as a platform admin, all of them. `canSeeCourse` is
 * the in-memory form (enrolments), `visibleTo` the SQL form (every course query in
 * CoursesRepository ends with it); course-visibility.spec.ts checks they agree.
 */
export function canSeeCourse(viewer: Viewer, course: CourseVisibilityFields): boolean {
  return (
    viewer.allOrganisations || course.visibility === 'public' || (course.organisationId !== null && viewer.organisationIds.includes(course.organisationId))
  );
}

/** The SQL form of the rule, on the course aliased `c`: see canSeeCourse. */
export function visibleTo(viewer: Viewer, param: (value: unknown) => string): string {
  return `(${param(viewer.allOrganisations)}::boolean OR c.visibility = 'public' OR c.organisation_id = ANY(${param(viewer.organisationIds)}::uuid[]))`;
}
