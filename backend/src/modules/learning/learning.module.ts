import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LearningRecordsReader } from '../../common/auth/learning-records-reader.js';
import { EnrolmentsController } from './enrolments.controller.js';
import { EnrolmentsRepository } from './enrolments.repository.js';
import { EnrolmentsService } from './enrolments.service.js';
import { LEARNING_ENTITIES } from './learning.entities.js';
import { EnrolmentLearningRecordsReader } from './learning-records.reader.js';
import { ReflectionsController } from './reflections.controller.js';
import { ReflectionsRepository } from './reflections.repository.js';
import { ReflectionsService } from './reflections.service.js';
import { RecordsController } from './records.controller.js';
import { RecordsService } from './records.service.js';
import { StatementsRepository } from './statements.repository.js';
import { LearningStatements } from './statements.service.js';

/**
 * The learner's side of a course: enrolments (pinned to a course version) and private lesson
 * reflections now; progress and completion next.
 */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature(LEARNING_ENTITIES)],
  controllers: [EnrolmentsController, ReflectionsController, RecordsController],
  providers: [
    EnrolmentsRepository,
    EnrolmentsService,
    ReflectionsRepository,
    ReflectionsService,
    LearningStatements,
    StatementsRepository,
    RecordsService,
    // Global, read by the account export (identity) without a module dependency.
    { provide: LearningRecordsReader, useClass: EnrolmentLearningRecordsReader },
  ],
  exports: [LearningRecordsReader, LearningStatements],
})
export class LearningModule {}
