/**
 * Which courses published only to their cohorts (`courses.audience = 'cohorts'`) a person may
 * see because one of their cohorts has the course assigned: what the course visibility rule
 * (courses module) needs of cohorts, without depending on the cohorts module (which depends on
 * courses and provides the implementation, global).
 */
export abstract class CohortCourses {
  /**
   * Ids of the courses with audience 'cohorts' assigned to a cohort (not archived) of which the
   * user is a registered member. Courses published to the whole organisation are not listed: the
   * rule needs no cohort for them.
   */
  abstract visibleThroughCohorts(userId: string): Promise<string[]>;
}
