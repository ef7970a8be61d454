// TEMPORARY: the engine's types as the contract gives them, until the assessment module's
// assessment.types.ts (quiz-engine's step 1) is on this branch; then this file re-exports them.
export type QuestionType = 'single' | 'multiple' | 'true_false' | 'numeric' | 'short_text' | 'matching' | 'ordering';
export interface Choice {
  id: string;
  text: string;
}
export interface QuestionSource {
  publication: string;
  passage: string;
}
export interface QuestionDefinition {
  options?: Choice[];
  items?: Choice[];
  choices?: Choice[];
  unit?: string | null;
}
export interface AnswerKey {
  optionId?: string;
  optionIds?: string[];
  value?: boolean | number;
  tolerance?: number;
  accepted?: string[];
  pairs?: Record<string, string>;
  order?: string[];
  optionFeedback?: Record<string, string>;
}
export type GradingMethod = 'highest' | 'last' | 'first' | 'average';
export type ReviewTiming = 'immediately' | 'after_close' | 'never';
export interface ReviewPolicy {
  score: ReviewTiming;
  correctness: ReviewTiming;
  correctAnswers: ReviewTiming;
  feedback: ReviewTiming;
}
export const QUESTION_TYPES = ['single', 'multiple', 'true_false', 'numeric', 'short_text', 'matching', 'ordering'] as const;
export const GRADING_METHODS = ['highest', 'last', 'first', 'average'] as const;
export const REVIEW_TIMINGS = ['immediately', 'after_close', 'never'] as const;
