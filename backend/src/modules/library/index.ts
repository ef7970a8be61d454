// The library's face: what other modules may use. Nothing else in this folder is imported from outside it.
export { LibraryModule } from './library.module.js';
export { PublicationsService } from './publications.service.js';
export { PublicationCourses } from './publication-courses.js';
export { CourseRefDto, PublicationRefDto } from './publications.dto.js';
