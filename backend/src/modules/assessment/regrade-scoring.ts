import type { AnswerKey, AnswerValue, QuestionDefinition, QuestionType } from './assessment.types.js';
import type { ScoreFraction } from './regrade-plan.js';
import { scoreAnswer } from './scoring.js';

/** The quiz engine's scoring (scoring.ts), as the regrade plan calls it: a regrade marks exactly as a submit does. */
export const regradeScore: ScoreFraction = (type, answerKey, answer, definition) =>
  scoreAnswer(type as QuestionType, definition as QuestionDefinition, answerKey as AnswerKey, answer as AnswerValue | null);
