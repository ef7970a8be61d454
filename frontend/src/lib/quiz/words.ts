/** How the quiz pages say grades, policies and results. */
import { countText } from '#lib/duration.js';
import type { GradingMethod, QuizView, ReviewPolicy, ReviewWhen } from './types';

/** "85%", "66.7%": at most one decimal. */
export function percentText(percent: number): string {
  return `${Math.round(percent * 10) / 10}%`;
}

export const GRADING_TEXT: Record<GradingMethod, string> = {
  highest: 'Your grade is your best attempt.',
  last: 'Your grade is your most recent attempt.',
  first: 'Your grade is your first attempt.',
  average: 'Your grade is the average of your attempts.'
};

/** "3 attempts allowed: 1 used, 2 left", "Unlimited attempts (2 used)". */
export function attemptsText(quiz: Pick<QuizView, 'maxAttempts' | 'attemptsUsed' | 'attemptsLeft'>): string {
  if (quiz.maxAttempts === null) return quiz.attemptsUsed === 0 ? 'Unlimited attempts' : `Unlimited attempts (${quiz.attemptsUsed} used)`;
  const left = quiz.attemptsLeft ?? Math.max(0, quiz.maxAttempts - quiz.attemptsUsed);
  return `${countText(quiz.maxAttempts, 'attempt')} allowed: ${quiz.attemptsUsed} used, ${left} left`;
}

const WHEN: Record<ReviewWhen, string> = {
  immediately: 'as soon as you submit',
  after_close: 'after the quiz closes',
  never: 'not shown'
};

/** What the review shows and when, one line per part, in the policy's words. */
export function reviewPolicyLines(policy: ReviewPolicy): string[] {
  return [
    `Your score: ${WHEN[policy.score]}`,
    `Which answers were right: ${WHEN[policy.correctness]}`,
    `The correct answers: ${WHEN[policy.correctAnswers]}`,
    `Feedback: ${WHEN[policy.feedback]}`
  ];
}

export type StartState =
  | { kind: 'continue'; attemptId: string }
  | { kind: 'start'; number: number }
  | { kind: 'closed' }
  | { kind: 'no-attempts-left' }
  | { kind: 'wait'; until: string };

/** Can the learner start (or continue) an attempt now, and if not, why not. */
export function startState(quiz: QuizView, nowMs: number): StartState {
  if (quiz.inProgressAttemptId) return { kind: 'continue', attemptId: quiz.inProgressAttemptId };
  if (quiz.closesAt && Date.parse(quiz.closesAt) <= nowMs) return { kind: 'closed' };
  if (quiz.attemptsLeft !== null && quiz.attemptsLeft <= 0) return { kind: 'no-attempts-left' };
  if (quiz.nextAttemptAt && Date.parse(quiz.nextAttemptAt) > nowMs) return { kind: 'wait', until: quiz.nextAttemptAt };
  return { kind: 'start', number: quiz.attemptsUsed + 1 };
}
