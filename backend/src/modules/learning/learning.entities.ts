import { Enrolment } from './enrolment.entity.js';
import { LessonReflection } from './lesson-reflection.entity.js';

export { Enrolment, LessonReflection };
/** Every entity of the learning module, for TypeOrmModule.forFeature and the data source. */
export const LEARNING_ENTITIES = [Enrolment, LessonReflection];
