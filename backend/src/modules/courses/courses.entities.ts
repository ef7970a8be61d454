import { Course, CourseModule, CourseModulePrerequisite, CourseVersion } from './course.entity.js';
import { LearningModule, Lesson } from './module.entity.js';
import { Upload } from './upload.entity.js';
import { GlossaryTerm } from './glossary-term.entity.js';

export * from './course.entity.js';
export * from './module.entity.js';
export * from './upload.entity.js';
export * from './glossary-term.entity.js';
/** Every entity of the courses module, for TypeOrmModule.forFeature and the data source. */
export const COURSES_ENTITIES = [LearningModule, Lesson, Course, CourseVersion, CourseModule, CourseModulePrerequisite, Upload, GlossaryTerm];
