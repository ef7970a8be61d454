import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CohortCourses } from '../../common/ports/cohort-courses.js';
import { OrganisationMembershipListener } from '../../common/ports/organisation-people.js';
import { CohortCoursesReader } from './cohort-courses.reader.js';
import { CohortAccess } from './cohort-access.js';
import { CohortItemAnalysisService } from './cohort-item-analysis.service.js';
import { CohortProgressController } from './cohort-progress.controller.js';
import { CohortProgressRepository } from './cohort-progress.repository.js';
import { CohortProgressService } from './cohort-progress.service.js';
import { CohortsController } from './cohorts.controller.js';
import { COHORTS_ENTITIES } from './cohorts.entities.js';
import { CohortsRepository } from './cohorts.repository.js';
import { CohortsService } from './cohorts.service.js';
import { CohortsMembershipListener } from './membership-listener.js';
import { CohortsOpsModule } from './ops.module.js';

/**
 * Cohorts: an organisation's groups of people, their trainers, course assignments with due dates,
 * CSV import, the trainer's progress views and exports. docs/cohorts.md. Global because the
 * organisations module (global too) tells it of joins and removals through the
 * OrganisationMembershipListener port, without depending on it, and the courses module asks it
 * which cohort-only courses a person sees through the CohortCourses port.
 */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature(COHORTS_ENTITIES), CohortsOpsModule],
  controllers: [CohortsController, CohortProgressController],
  providers: [
    CohortsRepository,
    CohortProgressRepository,
    CohortAccess,
    CohortsService,
    CohortProgressService,
    CohortItemAnalysisService,
    { provide: OrganisationMembershipListener, useClass: CohortsMembershipListener },
    // Global: the course visibility rule (courses module) asks which cohort-only courses a person's cohorts give them.
    { provide: CohortCourses, useClass: CohortCoursesReader },
  ],
  exports: [OrganisationMembershipListener, CohortAccess, CohortsRepository, CohortCourses],
})
export class CohortsModule {}
