// The assessment module's face: what other modules (and the composition root, the CLI, the content
// import) may use. Nothing else in this folder is imported from outside it.
export { AssessmentModule } from './assessment.module.js';
export { AssessmentErrors } from './assessment.errors.js';
export { ASSESSMENT_JOBS } from './assessment.jobs.js';
export {
  QuestionBankStore,
  questionVersionHash,
  type QuestionInput,
  type QuestionWriteOutcome,
  type QuizSettingsInput,
  type SlotInput,
} from './question-bank.store.js';
export { normaliseShortText, scoreAnswer } from './scoring.js';
// Item analysis over a set of learners another module names in SQL (the cohorts' item analysis).
export { ItemAnalysisService, type LearnerSetAnalysis } from './item-analysis.service.js';
export type { LearnerSet } from './learner-set.js';
export { AnalysisSourceDto, ItemAnalysisQuestionDto, OptionFrequencyDto } from './item-analysis.dto.js';
export {
  QUESTION_TYPES,
  GRADING_METHODS,
  REVIEW_TIMINGS,
  DEFAULT_REVIEW_POLICY,
  type AnswerKey,
  type AnswerValue,
  type Choice,
  type GradingMethod,
  type QuestionDefinition,
  type QuestionSource,
  type QuestionType,
  type ReviewPolicy,
  type ReviewTiming,
} from './assessment.types.js';
// Entity types for other modules' relations (string targets, type-only: no import at run time).
export type { Question, QuestionVersion, Quiz, QuizSlot, QuizAttempt, AttemptItem, AssessmentAccommodation } from './assessment.entities.js';
// The quiz files of backend/content (and of a private bank) as part of the content import.
export { questionBankImport, type QuestionBankImportOptions } from './content/question-bank.import.js';
