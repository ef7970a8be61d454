import { Injectable } from '@nestjs/common';
import { CohortCourses } from '../../common/ports/cohort-courses.js';
import { CohortsRepository } from './cohorts.repository.js';

/** The cohorts module's answer to the CohortCourses port: which cohort-only courses a person's cohorts give them. */
@Injectable()
export class CohortCoursesReader extends CohortCourses {
  constructor(private readonly repository: CohortsRepository) {
    super();
  }

  visibleThroughCohorts(userId: string): Promise<string[]> {
    return this.repository.cohortOnlyCoursesOf(userId);
  }
}
