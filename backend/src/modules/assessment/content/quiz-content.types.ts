import type { AnswerKey, GradingMethod, QuestionDefinition, QuestionSource, QuestionType, ReviewPolicy } from '../assessment.types.js';

/** A quiz file (backend/content/quizzes/<module>.yaml) as validated, before it is written to the database. */

export interface QuizSettingsContent {
  title: string;
  passMark: number;
  maxAttempts: number | null;
  waitSeconds: number;
  timeLimitSeconds: number | null;
  gradingMethod: GradingMethod;
  reviewPolicy: ReviewPolicy;
  shuffleQuestions: boolean;
  shuffleOptions: boolean;
}

export interface QuestionBankEntry {
  /** Unique in its module: q1, q2... (questions.slug). */
  slug: string;
  type: QuestionType;
  tags: string[];
  prompt: string;
  /** What a learner may see. Ordering items and matching choices are stored in a fixed scrambled order, never the answer's. */
  definition: QuestionDefinition;
  /** What a learner may not see before review allows. */
  answerKey: AnswerKey;
  generalFeedback: string;
  source: QuestionSource;
}

/** A fixed question, or `draw` questions drawn at random from the module's live questions tagged `tag`. */
export type QuizSlotContent = { question: string; tag: null; draw: null; points: number } | { question: null; tag: string; draw: number; points: number };

export interface QuizContent {
  /** The module's slug (and the file's name). */
  module: string;
  settings: QuizSettingsContent;
  questions: QuestionBankEntry[];
  /** In order. When the file has no `slots`, one fixed slot of 1 point per question, in file order. */
  slots: QuizSlotContent[];
  /** The file it was read from, as shown in messages (the private bank's files override the public ones). */
  file: string;
}
