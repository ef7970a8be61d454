/**
 * The learner's side of the assessment API, as the generated client types it
 * (backend/src/modules/assessment/assessment.dto.ts; docs/assessment.md).
 */
import type { components } from '#lib/api/schema.js';

type Schemas = components['schemas'];

export type QuizView = Schemas['QuizViewDto'];
export type QuizAttemptSummary = Schemas['QuizAttemptSummaryDto'];
export type ReviewPolicy = Schemas['ReviewPolicyDto'];
export type ReviewWhen = ReviewPolicy['score'];
export type GradingMethod = QuizView['gradingMethod'];
export type AttemptView = Schemas['AttemptViewDto'];
export type AttemptItemView = Schemas['AttemptItemViewDto'];
export type AttemptResult = Schemas['AttemptResultDto'];
export type ItemReview = Schemas['ItemReviewDto'];
export type Choice = Schemas['ChoiceDto'];
export type QuestionType = AttemptItemView['type'];
/** What a learner sends for one question; its shape depends on the question's type. */
export type AnswerValue = NonNullable<AttemptItemView['answer']>;
export type SaveAnswersBody = Schemas['SaveAnswersDto'];
export type SaveAnswersResult = Schemas['SaveAnswersResponseDto'];
