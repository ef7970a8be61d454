import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ModuleQuizzes } from '../courses/index.js';
import { AccommodationsRepository } from './accommodations.repository.js';
import { AccommodationsService } from './accommodations.service.js';
import { AccommodationsController, AttemptsController, QuizzesController } from './assessment.controller.js';
import { ASSESSMENT_ENTITIES } from './assessment.entities.js';
import { AttemptsRepository } from './attempts.repository.js';
import { AttemptSweeper } from './attempt-sweeper.js';
import { AttemptsService } from './attempts.service.js';
import { AUTHORING_CONTROLLERS, AUTHORING_PROVIDERS } from './authoring.parts.js';
import { ItemAnalysisService } from './item-analysis.service.js';
import { ModuleQuizzesReader } from './module-quizzes.reader.js';
import { QuizzesRepository } from './quizzes.repository.js';

/**
 * Questions (versioned), quizzes and their slots, attempts, grading and accommodations
 * (docs/assessment.md). Provides the courses module's ModuleQuizzes port.
 */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature(ASSESSMENT_ENTITIES)],
  // The authoring side (question bank, quiz settings, regrading, item analysis): authoring.parts.ts.
  controllers: [QuizzesController, AttemptsController, AccommodationsController, ...AUTHORING_CONTROLLERS],
  providers: [
    ...AUTHORING_PROVIDERS,
    AccommodationsRepository,
    AccommodationsService,
    QuizzesRepository,
    AttemptsRepository,
    AttemptsService,
    AttemptSweeper,
    // Global, so the course page shows each module's quiz without courses depending on this module.
    { provide: ModuleQuizzes, useClass: ModuleQuizzesReader },
  ],
  // ItemAnalysisService: the cohorts' item analysis (analyseLearnerSet) over a cohort's members.
  exports: [ModuleQuizzes, ItemAnalysisService],
})
export class AssessmentModule {}
