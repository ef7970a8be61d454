import { Global, Module, type OnApplicationBootstrap } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { LearningRecordsReader } from '../../common/auth/learning-records-reader.js';
import { CatalogueLearningRecordsReader } from './learning-records.reader.js';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthoringController } from './authoring.controller.js';
import { AuthoringRepository } from './authoring.repository.js';
import { AuthoringService } from './authoring.service.js';
import { LessonAccessPolicy } from './catalogue.access.js';
import { CoursesController, LessonsController, PublicationsController } from './catalogue.controller.js';
import { CATALOGUE_ENTITIES } from './catalogue.entities.js';
import { CatalogueRepository } from './catalogue.repository.js';
import { CatalogueService } from './catalogue.service.js';
import { CourseAuthoringService } from './course-authoring.service.js';
import { CourseWriteRepository } from './course-writer.repository.js';
import { EnrolmentsController } from './enrolments.controller.js';
import { EnrolmentsRepository } from './enrolments.repository.js';
import { EnrolmentsService } from './enrolments.service.js';
import { LessonRenderer } from './lesson-renderer.js';
import { TailoredCoursesController } from './tailored-courses.controller.js';
import { OrganisationStorageController, UploadsController } from './uploads.controller.js';
import { UploadsRepository } from './uploads.repository.js';
import { UploadsService } from './uploads.service.js';

/**
 * The publications library, courses, modules and lessons: the public read side, enrolments
 * (pinned to a course version), tailored courses and the authoring API. Content from
 * backend/content is written by the importer; authored rows by the authoring services.
 */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature(CATALOGUE_ENTITIES)],
  controllers: [
    PublicationsController,
    CoursesController,
    LessonsController,
    EnrolmentsController,
    TailoredCoursesController,
    AuthoringController,
    UploadsController,
    OrganisationStorageController,
  ],
  providers: [
    CatalogueRepository,
    CatalogueService,
    LessonAccessPolicy,
    EnrolmentsRepository,
    EnrolmentsService,
    CourseWriteRepository,
    CourseAuthoringService,
    AuthoringRepository,
    AuthoringService,
    UploadsRepository,
    UploadsService,
    // One pool of render threads per process, started on first use and ended with the app.
    { provide: LessonRenderer, useFactory: () => new LessonRenderer() },
    // Global, read by the account export (identity) without a module dependency.
    { provide: LearningRecordsReader, useClass: CatalogueLearningRecordsReader },
  ],
  exports: [CatalogueService, LearningRecordsReader],
})
export class CatalogueModule implements OnApplicationBootstrap {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly renderer: LessonRenderer,
  ) {}

  /** The HTTP API starts its render threads at boot, so the first save or preview need not wait for them; the queue worker never renders. */
  onApplicationBootstrap(): void {
    if (this.adapterHost.httpAdapter) this.renderer.warm();
  }
}
