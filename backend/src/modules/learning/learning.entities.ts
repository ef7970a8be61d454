import { Enrolment } from './enrolment.entity.js';
import { LearningStatement } from './learning-statement.entity.js';
import { LessonReflection } from './lesson-reflection.entity.js';

export { Enrolment, LearningStatement, LessonReflection };
/** Every entity of the learning module, for TypeOrmModule.forFeature and the data source. */
export const LEARNING_ENTITIES = [Enrolment, LessonReflection, LearningStatement];
