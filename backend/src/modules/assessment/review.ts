import type { AnswerKey, AnswerValue, GradingMethod, QuestionType, ReviewPolicy, ReviewTiming } from './assessment.types.js';

export interface Shown {
  score: boolean;
  correctness: boolean;
  correctAnswers: boolean;
  feedback: boolean;
}

/**
 * What of a submitted attempt the learner sees now. 'after_close' shows from the quiz's close
 * date on; a quiz without one never reaches it (like 'never'). Nothing is shown before submit.
 */
export function shownNow(policy: ReviewPolicy, submitted: boolean, closesAt: Date | null, now: Date): Shown {
  const show = (timing: ReviewTiming) =>
    submitted && (timing === 'immediately' || (timing === 'after_close' && closesAt !== null && now.getTime() >= closesAt.getTime()));
  return { score: show(policy.score), correctness: show(policy.correctness), correctAnswers: show(policy.correctAnswers), feedback: show(policy.feedback) };
}

/** The correct answer, as an answer value of the type (what review shows when correct answers are shown). */
export function correctAnswerOf(type: QuestionType, key: AnswerKey): AnswerValue | null {
  switch (type) {
    case 'single':
      return key.optionId === undefined ? null : { optionId: key.optionId };
    case 'multiple':
      return { optionIds: key.optionIds ?? [] };
    case 'true_false':
      return typeof key.value === 'boolean' ? { value: key.value } : null;
    case 'numeric':
      return typeof key.value === 'number' ? { value: key.value } : null;
    case 'short_text':
      return key.accepted?.[0] === undefined ? null : { text: key.accepted[0] };
    case 'matching':
      return { pairs: key.pairs ?? {} };
    case 'ordering':
      return { order: key.order ?? [] };
  }
}

/** Feedback for the options the learner picked (single, multiple, true/false), keyed by option id. */
export function pickedOptionFeedback(type: QuestionType, key: AnswerKey, answer: AnswerValue | null): Record<string, string> | undefined {
  const feedback = key.optionFeedback;
  if (!feedback || !answer) return undefined;
  let picked: string[] = [];
  if (type === 'single' && 'optionId' in answer) picked = [answer.optionId];
  else if (type === 'multiple' && 'optionIds' in answer) picked = answer.optionIds;
  else if (type === 'true_false' && 'value' in answer) picked = [String(answer.value)];
  const entries = picked.flatMap((id) => (typeof feedback[id] === 'string' ? [[id, feedback[id]] as const] : []));
  return entries.length ? Object.fromEntries(entries) : undefined;
}

export interface GradedAttempt {
  number: number;
  percent: number;
}

/** The learner's grade for the quiz across submitted attempts, by the quiz's grading method; null before the first. */
export function overallPercent(method: GradingMethod, attempts: GradedAttempt[]): number | null {
  if (attempts.length === 0) return null;
  const byNumber = [...attempts].sort((a, b) => a.number - b.number);
  switch (method) {
    case 'highest':
      return Math.max(...byNumber.map((a) => a.percent));
    case 'first':
      return byNumber[0]!.percent;
    case 'last':
      return byNumber.at(-1)!.percent;
    case 'average':
      return Math.round((byNumber.reduce((sum, a) => sum + a.percent, 0) / byNumber.length) * 100) / 100;
  }
}
