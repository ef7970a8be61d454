/** The seven question types (docs/assessment.md). */
export const QUESTION_TYPES = ['single', 'multiple', 'true_false', 'numeric', 'short_text', 'matching', 'ordering'] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

export interface Choice {
  id: string;
  text: string;
}

/** A passage of a publication that supports a question (as lessons cite theirs). */
export interface QuestionSource {
  /** The publication's slug. */
  publication: string;
  passage: string;
}

/**
 * What a learner may see of a question (question_versions.definition). Only the fields of the
 * question's type are present.
 */
export interface QuestionDefinition {
  /** single, multiple */
  options?: Choice[];
  /** matching (left side), ordering (the items to put in order) */
  items?: Choice[];
  /** matching (right side) */
  choices?: Choice[];
  /** numeric */
  unit?: string | null;
}

/**
 * The private part (question_versions.answer_key): never sent to a learner before review allows.
 * Its answer fields have the shape of the type's AnswerValue, so "the correct answer" shown in
 * review is read straight from it.
 */
export interface AnswerKey {
  /** single */
  optionId?: string;
  /** multiple */
  optionIds?: string[];
  /** true_false (value), numeric (value, with tolerance >= 0, inclusive) */
  value?: boolean | number;
  tolerance?: number;
  /** short_text: accepted answers, compared after normalisation (normaliseShortText) */
  accepted?: string[];
  /** matching: itemId -> choiceId */
  pairs?: Record<string, string>;
  /** ordering: item ids in the correct order */
  order?: string[];
  /** Feedback per option id (single, multiple; 'true'/'false' for true_false). */
  optionFeedback?: Record<string, string>;
}

/** What a learner sends for one question; the shape depends on the type (contract table). */
export type AnswerValue =
  | { optionId: string }
  | { optionIds: string[] }
  | { value: boolean }
  | { value: number }
  | { text: string }
  | { pairs: Record<string, string> }
  | { order: string[] };

export const GRADING_METHODS = ['highest', 'last', 'first', 'average'] as const;
export type GradingMethod = (typeof GRADING_METHODS)[number];

export const REVIEW_TIMINGS = ['immediately', 'after_close', 'never'] as const;
export type ReviewTiming = (typeof REVIEW_TIMINGS)[number];

/** What a learner is shown of a submitted attempt, and when. */
export interface ReviewPolicy {
  score: ReviewTiming;
  correctness: ReviewTiming;
  correctAnswers: ReviewTiming;
  feedback: ReviewTiming;
}

export const DEFAULT_REVIEW_POLICY: ReviewPolicy = { score: 'immediately', correctness: 'immediately', correctAnswers: 'immediately', feedback: 'immediately' };

export type AttemptStatus = 'in_progress' | 'submitted';
export type ClosedBy = 'learner' | 'time_limit';
