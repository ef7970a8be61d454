import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LearningRecordsReader } from '../../common/auth/learning-records-reader.js';
import { CompletionReader } from '../../common/ports/completion-reader.js';
import { QuizGradeListener } from '../../common/ports/quiz-grade-listener.js';
import { AssignedEnrolments } from './assigned-enrolments.js';
import { LearningCompletionReader } from './completion.reader.js';
import { CompletionRepository } from './completion.repository.js';
import { CompletionService } from './completion.service.js';
import { EnrolmentsController } from './enrolments.controller.js';
import { EnrolmentsRepository } from './enrolments.repository.js';
import { EnrolmentsService } from './enrolments.service.js';
import { LEARNING_ENTITIES } from './learning.entities.js';
import { EnrolmentLearningRecordsReader } from './learning-records.reader.js';
import { ProgressController } from './progress.controller.js';
import { ProgressRepository } from './progress.repository.js';
import { ProgressService } from './progress.service.js';
import { RecertificationRepository } from './recertification.repository.js';
import { RecertificationService } from './recertification.service.js';
import { ReflectionsController } from './reflections.controller.js';
import { ReflectionsRepository } from './reflections.repository.js';
import { ReflectionsService } from './reflections.service.js';
import { RecordsController } from './records.controller.js';
import { RecordsService } from './records.service.js';
import { StatementsRepository } from './statements.repository.js';
import { LearningStatements } from './statements.service.js';

/**
 * The learner's side of a course: enrolments (pinned to a course version), private lesson
 * reflections, lesson progress, module and course completion (with the `course.completed`
 * outbox event), recertification (expiry reminders, re-takes). docs/progress.md.
 */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature(LEARNING_ENTITIES)],
  controllers: [EnrolmentsController, ReflectionsController, ProgressController, RecordsController],
  providers: [
    EnrolmentsRepository,
    EnrolmentsService,
    ReflectionsRepository,
    ReflectionsService,
    ProgressRepository,
    ProgressService,
    CompletionRepository,
    CompletionService,
    RecertificationRepository,
    RecertificationService,
    LearningStatements,
    StatementsRepository,
    AssignedEnrolments,
    RecordsService,
    // Global, read by the account export (identity) without a module dependency.
    { provide: LearningRecordsReader, useClass: EnrolmentLearningRecordsReader },
    // Global: the assessment module tells completion of every grade change, without depending on this module.
    { provide: QuizGradeListener, useExisting: CompletionService },
    // Global: the certificates module reads completions through it.
    { provide: CompletionReader, useClass: LearningCompletionReader },
  ],
  exports: [LearningRecordsReader, LearningStatements, QuizGradeListener, CompletionReader, AssignedEnrolments],
})
export class LearningModule {}
