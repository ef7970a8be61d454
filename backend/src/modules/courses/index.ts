// The courses module's face: what other modules may use. Nothing else in this folder is imported from outside it.
export { CoursesModule } from './courses.module.js';
export { CoursesService } from './courses.service.js';
