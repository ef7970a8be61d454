import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthoringController } from './authoring.controller.js';
import { AuthoringRepository } from './authoring.repository.js';
import { AuthoringService } from './authoring.service.js';
import { LibraryModule, PublicationCourses } from '../library/index.js';
import { LessonAccessPolicy } from './courses.access.js';
import { CourseModulesController, CoursesController, LessonsController } from './courses.controller.js';
import { COURSES_ENTITIES } from './courses.entities.js';
import { CoursesRepository } from './courses.repository.js';
import { CoursesService } from './courses.service.js';
import { CourseAuthoringService } from './course-authoring.service.js';
import { CourseViewers } from './course-visibility.js';
import { CourseWriteRepository } from './course-writer.repository.js';
import { GlossaryController } from './glossary.controller.js';
import { GlossaryRepository } from './glossary.repository.js';
import { GlossaryService } from './glossary.service.js';
import { LessonRenderer } from './lesson-renderer.js';
import { PublicationCoursesReader } from './publication-courses.reader.js';
import { TailoredCoursesController } from './tailored-courses.controller.js';
import { OrganisationStorageController, UploadsController } from './uploads.controller.js';
import { UploadsRepository } from './uploads.repository.js';
import { UploadsService } from './uploads.service.js';

/**
 * Courses, modules, lessons and their versions: the published read side, tailored courses, the
 * authoring API, image uploads and the content import (content/). Content from backend/content
 * is written by the importer; authored rows by the authoring services.
 */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature(COURSES_ENTITIES), LibraryModule],
  controllers: [
    CoursesController,
    CourseModulesController,
    LessonsController,
    GlossaryController,
    TailoredCoursesController,
    AuthoringController,
    UploadsController,
    OrganisationStorageController,
  ],
  providers: [
    CoursesRepository,
    CoursesService,
    GlossaryRepository,
    GlossaryService,
    LessonAccessPolicy,
    CourseViewers,
    CourseWriteRepository,
    CourseAuthoringService,
    AuthoringRepository,
    AuthoringService,
    UploadsRepository,
    UploadsService,
    // One pool of render threads per process: threads start on first use, end when idle (lesson-renderer.ts) or with the app.
    { provide: LessonRenderer, useFactory: () => new LessonRenderer() },
    // Global, so the library asks which courses teach from a publication without depending on this module.
    { provide: PublicationCourses, useClass: PublicationCoursesReader },
  ],
  exports: [CoursesService, PublicationCourses, CourseViewers],
})
export class CoursesModule {}
