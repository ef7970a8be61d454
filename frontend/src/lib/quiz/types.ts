/**
 * The learner's side of the assessment API (docs: /work/notes/assessment-contract.md until the
 * API lands; then these become the generated client's schemas).
 */

export type QuestionType = 'single' | 'multiple' | 'true_false' | 'numeric' | 'short_text' | 'matching' | 'ordering';

export type AnswerValue =
  | { optionId: string }
  | { optionIds: string[] }
  | { value: boolean }
  | { value: number }
  | { text: string }
  | { pairs: Record<string, string> }
  | { order: string[] };

export interface Choice {
  id: string;
  text: string;
}

export type ReviewWhen = 'immediately' | 'after_close' | 'never';

export interface ReviewPolicy {
  score: ReviewWhen;
  correctness: ReviewWhen;
  correctAnswers: ReviewWhen;
  feedback: ReviewWhen;
}

export type GradingMethod = 'highest' | 'last' | 'first' | 'average';

export interface QuizAttemptSummary {
  id: string;
  number: number;
  status: 'in_progress' | 'submitted';
  startedAt: string;
  submittedAt: string | null;
  percent: number | null;
  passed: boolean | null;
}

export interface QuizView {
  id: string;
  moduleId: string;
  title: string;
  questionCount: number;
  passMark: number;
  maxAttempts: number | null;
  attemptsUsed: number;
  attemptsLeft: number | null;
  waitSeconds: number;
  nextAttemptAt: string | null;
  timeLimitSeconds: number | null;
  extraTimeSeconds: number;
  gradingMethod: GradingMethod;
  reviewPolicy: ReviewPolicy;
  closesAt: string | null;
  inProgressAttemptId: string | null;
  grade: { percent: number; passed: boolean } | null;
  attempts: QuizAttemptSummary[];
}

export interface ItemReview {
  correct: boolean | null;
  score: number | null;
  maxScore: number;
  correctAnswer?: AnswerValue;
  feedback?: string;
  optionFeedback?: Record<string, string>;
}

export interface AttemptItemView {
  id: string;
  position: number;
  type: QuestionType;
  prompt: string;
  options?: Choice[];
  items?: Choice[];
  choices?: Choice[];
  unit?: string | null;
  answer: AnswerValue | null;
  flagged: boolean;
  review?: ItemReview;
}

export interface AttemptResult {
  closedBy: 'learner' | 'time_limit';
  score: number | null;
  maxScore: number;
  percent: number | null;
  passed: boolean | null;
  shown: { score: boolean; correctness: boolean; correctAnswers: boolean; feedback: boolean };
}

export interface AttemptView {
  id: string;
  quizId: string;
  quizTitle: string;
  number: number;
  status: 'in_progress' | 'submitted';
  version: number;
  startedAt: string;
  deadlineAt: string | null;
  submittedAt: string | null;
  items: AttemptItemView[];
  result: AttemptResult | null;
}

export interface SaveAnswersBody {
  version: number;
  answers: Array<{ itemId: string; value: AnswerValue | null }>;
  flags?: Array<{ itemId: string; flagged: boolean }>;
}

export interface SaveAnswersResult {
  version: number;
  savedAt: string;
  items: Array<{ itemId: string; answered: boolean; flagged: boolean }>;
}
