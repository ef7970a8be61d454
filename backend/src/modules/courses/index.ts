// The courses module's face: what other modules (and the composition root, the CLI, migrations)
// may use. Nothing else in this folder is imported from outside it.
export { CoursesModule } from './courses.module.js';
export { CoursesService } from './courses.service.js';
export { runContentImport } from './content/content-import.command.js';
export { importContent } from './content/content.importer.js';
export { rerenderAllLessons } from './lesson-html.js';
export { CoursesErrors } from './courses.errors.js';
export { canSeeCourse, CourseViewers, visibleTo, type CourseVisibilityFields, type Viewer } from './course-visibility.js';
export { ModuleQuizzes, type ModuleQuizSummary } from './module-quizzes.js';
// Entity types for other modules' relations (string targets, type-only: no import at run time).
export type { Course, CourseVersion } from './course.entity.js';
export type { LearningModule } from './module.entity.js';
// The content kit other modules' content files are read and checked with (assessment's quiz files and authored questions).
export { YamlFile, formatProblem, type ContentProblem, type YamlPath } from './content/yaml-file.js';
export { containsPassage, normaliseSpace, unsupportedNumbers } from './content/content-text.js';
export { ContentValidationError } from './content/content.loader.js';
export type { ContentBundle } from './content/content.types.js';
export type { ContentExtension, PreparedContentExtension, ContentWriteContext, ContentExtensionReport } from './content/content-extension.js';
export type { Lesson } from './module.entity.js';
