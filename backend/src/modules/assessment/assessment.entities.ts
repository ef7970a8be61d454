import { AssessmentAccommodation } from './accommodation.entity.js';
import { AttemptItem, QuizAttempt } from './attempt.entity.js';
import { Question, QuestionVersion } from './question.entity.js';
import { Quiz, QuizSlot } from './quiz.entity.js';

export { AssessmentAccommodation, AttemptItem, Question, QuestionVersion, Quiz, QuizAttempt, QuizSlot };
/** Every entity of the assessment module, for TypeOrmModule.forFeature and the data source. */
export const ASSESSMENT_ENTITIES = [Question, QuestionVersion, Quiz, QuizSlot, QuizAttempt, AttemptItem, AssessmentAccommodation];
