// The library's face: what other modules may use. Nothing else in this folder is imported from outside it.
export { LibraryModule } from './library.module.js';
export { PublicationsService } from './publications.service.js';
export { PublicationCourses } from './publication-courses.js';
export { CourseRefDto, PublicationRefDto } from './publications.dto.js';
// Entity types for other modules' relations (string targets, type-only: no import at run time).
export type { Publication } from './publication.entity.js';
export { FINDING_KINDS, type FindingKind, type PublicationCredit, type PublicationFinding } from './publication.entity.js';
