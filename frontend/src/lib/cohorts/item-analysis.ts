import type { components } from '#lib/api/schema.js';

type Analysis = components['schemas']['CohortItemAnalysisDto'];
type Question = components['schemas']['CohortItemAnalysisQuestionDto'];

/** A share (0..1) as a whole percentage; a dash when there is none. */
export function percentText(share: number | null | undefined): string {
  return share === null || share === undefined ? '—' : `${Math.round(share * 100)}%`;
}

/** What the cohort's analysis page shows: nothing taken yet, too few learners to show figures, or the figures. */
export function analysisState(analysis: Pick<Analysis, 'learners' | 'tooFewLearners'>): 'none' | 'too-few' | 'figures' {
  if (analysis.learners === 0) return 'none';
  return analysis.tooFewLearners ? 'too-few' : 'figures';
}

/** Why no figures are shown to a small group, in words. */
export function tooFewText(learners: number, minLearners: number): string {
  const who = learners === 1 ? 'Only 1 learner in this cohort has' : `Only ${learners} learners in this cohort have`;
  return `${who} taken this quiz. Figures are shown once ${minLearners} have, so that no one’s answers can be picked out.`;
}

/** The questions with their number in the quiz, the lowest share right first (flagged first among equals; no figure last). */
export function hardestFirst<T extends Pick<Question, 'facility' | 'flaggedForReview'>>(questions: readonly T[]): (T & { number: number })[] {
  return questions
    .map((q, i) => ({ ...q, number: i + 1 }))
    .sort((a, b) => (a.facility ?? Infinity) - (b.facility ?? Infinity) || Number(b.flaggedForReview) - Number(a.flaggedForReview) || a.number - b.number);
}

/** The wrong answer chosen most often, with how many chose it. */
export function wrongAnswerText(q: Pick<Question, 'mostChosenWrong' | 'type'>): string {
  const wrong = q.mostChosenWrong;
  if (!wrong) return q.type === 'numeric' || q.type === 'short_text' ? 'Not counted for typed answers' : 'None chosen';
  return `${wrong.label}: ${wrong.count} (${percentText(wrong.share)})`;
}
