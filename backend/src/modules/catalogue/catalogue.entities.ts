import { Course, CourseModule, CourseModulePrerequisite, CourseVersion } from './course.entity.js';
import { Enrolment } from './enrolment.entity.js';
import { LearningModule, Lesson, QuizQuestion } from './module.entity.js';
import { Publication, PublicationFigure } from './publication.entity.js';
import { Upload } from './upload.entity.js';

/** Every entity of the catalogue, for infra/database/entities.ts and TypeOrmModule.forFeature. */
export const CATALOGUE_ENTITIES = [
  Publication,
  PublicationFigure,
  LearningModule,
  Lesson,
  QuizQuestion,
  Course,
  CourseVersion,
  CourseModule,
  CourseModulePrerequisite,
  Enrolment,
  Upload,
];
