import { Injectable } from '@nestjs/common';
import { hasOrgRole } from '../../common/auth/access.js';
import type { Actor } from '../../common/auth/actor.js';
import { MembershipReader } from '../../common/auth/membership-reader.js';
import { CohortCourses } from '../../common/ports/cohort-courses.js';
import type { CourseAudience } from './course.entity.js';

/**
 * Who is looking, for the visibility of organisation-only (tailored) courses: platform admins see
 * every course; others see public courses and those of their own organisations, except that a
 * course published only to its cohorts is seen by the organisation's trainers and org admins and
 * by members of the cohorts it is assigned to.
 */
export interface Viewer {
  userId: string | null;
  allOrganisations: boolean;
  organisationIds: string[];
  /** Of organisationIds, those where the viewer is a trainer or org admin: they see all its courses, whoever they are published to. */
  managedOrganisationIds: string[];
  /** Courses published only to their cohorts that a cohort of the viewer's has assigned (the CohortCourses port). */
  cohortCourseIds: string[];
}

export const ANONYMOUS_VIEWER: Viewer = { userId: null, allOrganisations: false, organisationIds: [], managedOrganisationIds: [], cohortCourseIds: [] };

/** A CohortCourses that knows no cohort: for a viewer built to judge courses published to the whole organisation only. */
const NO_COHORT_COURSES: CohortCourses = { visibleThroughCohorts: () => Promise.resolve([]) };

/**
 * Who the caller is, for course visibility: their organisations (and where they manage courses),
 * the cohort-only courses their cohorts give them, or all for a platform admin. The cohorts are
 * asked only when the caller is a learner somewhere (a trainer or org admin sees their
 * organisation's courses anyway): at most one query, none for anonymous callers and admins.
 */
export async function viewerOf(actor: Actor | undefined, memberships: MembershipReader, cohorts: CohortCourses): Promise<Viewer> {
  if (!actor) return ANONYMOUS_VIEWER;
  if (actor.isPlatformAdmin) return { ...ANONYMOUS_VIEWER, userId: actor.userId, allOrganisations: true };
  // The session check already read the caller's memberships (Actor.memberships): no query then.
  const organisations = actor.memberships ?? (await memberships.listForUser(actor.userId));
  const learnerSomewhere = organisations.some((o) => !hasOrgRole(o.role, 'trainer'));
  return {
    userId: actor.userId,
    allOrganisations: false,
    organisationIds: organisations.map((o) => o.organisationId),
    managedOrganisationIds: organisations.filter((o) => hasOrgRole(o.role, 'trainer')).map((o) => o.organisationId),
    cohortCourseIds: learnerSomewhere ? await cohorts.visibleThroughCohorts(actor.userId) : [],
  };
}

/** What the visibility rule reads of a course. */
export interface CourseVisibilityFields {
  id: string;
  visibility: 'public' | 'organisation';
  organisationId: string | null;
  /** Whom an organisation course is published to; public courses ignore it. */
  audience: CourseAudience;
}

/**
 * The course visibility rule, in one place and in its two forms: a viewer sees public courses,
 * the courses of their organisations published to the whole organisation, those published only
 * to cohorts when they manage the organisation's courses (trainer, org admin) or one of their
 * cohorts has it assigned, and, as a platform admin, all of them. `canSeeCourse` is the in-memory
 * form (enrolments), `visibleTo` the SQL form (every course query ends with it);
 * course-visibility.spec.ts checks they agree.
 */
export function canSeeCourse(viewer: Viewer, course: CourseVisibilityFields): boolean {
  if (viewer.allOrganisations || course.visibility === 'public') return true;
  if (course.organisationId === null || !viewer.organisationIds.includes(course.organisationId)) return false;
  return course.audience === 'organisation' || viewer.managedOrganisationIds.includes(course.organisationId) || viewer.cohortCourseIds.includes(course.id);
}

/**
 * The SQL form of the rule, on the course aliased `alias` (default `c`): see canSeeCourse. Its
 * parameters are asked for in the order of visibilityParams (a prepared statement lists them so).
 */
export function visibleTo(viewer: Viewer, param: (value: unknown) => string, alias = 'c'): string {
  const [all, organisations, managed, cohortCourses] = visibilityParams(viewer).map(param);
  return (
    `(${all}::boolean OR ${alias}.visibility = 'public' OR (${alias}.organisation_id = ANY(${organisations}::uuid[]) AND ` +
    `(${alias}.audience = 'organisation' OR ${alias}.organisation_id = ANY(${managed}::uuid[]) OR ${alias}.id = ANY(${cohortCourses}::uuid[]))))`
  );
}

/** visibleTo's parameters, in the order it asks for them. */
export function visibilityParams(viewer: Viewer): unknown[] {
  return [viewer.allOrganisations, viewer.organisationIds, viewer.managedOrganisationIds, viewer.cohortCourseIds];
}

/**
 * The rule as a service, for the modules that judge courses (learning: enrolments, progress, the
 * learner's lists) without knowing where memberships and cohorts are read.
 */
@Injectable()
export class CourseViewers {
  constructor(
    private readonly memberships: MembershipReader,
    private readonly cohorts: CohortCourses,
  ) {}

  viewerOf(actor: Actor | undefined): Promise<Viewer> {
    return viewerOf(actor, this.memberships, this.cohorts);
  }

  /** One course, in memory; the cohorts are asked only for a course published to its cohorts alone. */
  async canSee(actor: Actor | undefined, course: CourseVisibilityFields): Promise<boolean> {
    if (course.visibility === 'public') return true;
    const viewer = await viewerOf(actor, this.memberships, course.audience === 'cohorts' ? this.cohorts : NO_COHORT_COURSES);
    return canSeeCourse(viewer, course);
  }
}
