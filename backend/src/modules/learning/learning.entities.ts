import { Enrolment } from './enrolment.entity.js';
import { LearningStatement } from './learning-statement.entity.js';
import { LessonReflection } from './lesson-reflection.entity.js';
import { CompletionReminder, CourseCompletion, LessonProgress, LessonTimeInterval, QuizGradeRecord } from './progress.entities.js';

export { Enrolment, LearningStatement, LessonReflection, LessonProgress, LessonTimeInterval, QuizGradeRecord, CourseCompletion, CompletionReminder };
/** Every entity of the learning module, for TypeOrmModule.forFeature and the data source. */
export const LEARNING_ENTITIES = [
  Enrolment,
  LessonReflection,
  LearningStatement,
  LessonProgress,
  LessonTimeInterval,
  QuizGradeRecord,
  CourseCompletion,
  CompletionReminder,
];
