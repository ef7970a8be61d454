/**
 * Item analysis: how each question of a quiz performed, from submitted attempts. Pure functions
 * (item-statistics.spec.ts checks them against figures computed by hand).
 *
 * - Facility index: the mean score on the question as a fraction of its points (0..1); 1 means
 *   everyone got it right. Moodle's "facility index" is the same figure as a percentage.
 * - Discrimination index: the Pearson correlation between the score on the question and the
 *   score on the rest of the attempt (the attempt without this question, so the question does
 *   not correlate with itself: the "corrected item-total correlation"). For a question scored
 *   right or wrong it is the point-biserial correlation. From -1 to 1: high when learners who
 *   did well elsewhere got this question right; negative when they got it wrong more often than
 *   weaker learners. Null when it cannot be computed (fewer than 2 responses, or no spread).
 * - Strong learners: the upper 27% of responses by rest-of-attempt score (Kelley's groups, at
 *   least one response). Their facility on the question is `upperFacility`.
 * - Flagged for review, when at least MIN_RESPONSES_TO_FLAG responses exist and either the
 *   strong learners got it wrong more often than right (upperFacility < 0.5) or the
 *   discrimination index is negative: both usually mean a wrong key, an ambiguous prompt or a
 *   distractor that is defensible from the source.
 */

export const UPPER_GROUP_SHARE = 0.27;
export const MIN_RESPONSES_TO_FLAG = 5;
/** Free answers (numeric, short text) reported by frequency: only the most common. */
export const TOP_FREE_ANSWERS = 5;

export type ItemAnswer =
  | { optionId: string }
  | { optionIds: string[] }
  | { value: boolean }
  | { value: number }
  | { text: string }
  | { pairs: Record<string, string> }
  | { order: string[] };

export interface ItemResponse {
  questionId: string;
  type: string;
  /** Score obtained on the item and its points (score null: not graded; left out). */
  score: number | null;
  maxScore: number;
  answer: ItemAnswer | null;
}

export interface AnalysedAttempt {
  attemptId: string;
  items: ItemResponse[];
}

export interface OptionCount {
  /** An option id, 'true'/'false', "itemId→choiceId" for matching, "itemId@position" for ordering, or a free answer. */
  key: string;
  count: number;
  /** count / responses of the question (0..1). */
  share: number;
}

export interface ItemStatistics {
  questionId: string;
  responses: number;
  unanswered: number;
  facility: number | null;
  discrimination: number | null;
  upperFacility: number | null;
  optionCounts: OptionCount[];
  flaggedForReview: boolean;
  flagReasons: string[];
}

export function mean(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  return values.reduce((a, b) => a + b, 0) / values.length;
}

/** Pearson correlation of two paired series; null with fewer than 2 pairs or no spread in either. */
export function pearson(xs: readonly number[], ys: readonly number[]): number | null {
  const n = Math.min(xs.length, ys.length);
  if (n < 2) return null;
  const mx = mean(xs.slice(0, n))!;
  const my = mean(ys.slice(0, n))!;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = xs[i]! - mx;
    const dy = ys[i]! - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx < 1e-12 || syy < 1e-12) return null;
  return sxy / Math.sqrt(sxx * syy);
}

/** The keys an answer counts towards (what was chosen). */
export function chosenKeys(answer: ItemAnswer | null): string[] {
  if (!answer) return [];
  if ('optionId' in answer) return [answer.optionId];
  if ('optionIds' in answer) return [...new Set(answer.optionIds)];
  if ('pairs' in answer) return Object.entries(answer.pairs).map(([item, choice]) => `${item}→${choice}`);
  if ('order' in answer) return answer.order.map((item, i) => `${item}@${i + 1}`);
  if ('text' in answer) return [answer.text.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase()];
  if ('value' in answer) return [String(answer.value)];
  return [];
}

/** Why a question is flagged for review (none: not flagged); the same rule wherever the figures were computed (here or in SQL). */
export function flagReasonsOf(responses: number, upperFacility: number | null, discrimination: number | null): string[] {
  const reasons: string[] = [];
  if (responses < MIN_RESPONSES_TO_FLAG) return reasons;
  if (upperFacility !== null && upperFacility < 0.5) reasons.push('strong learners mostly got it wrong');
  if (discrimination !== null && discrimination < 0) reasons.push('negative discrimination: weaker learners did better on it');
  return reasons;
}

export const round = (x: number | null, digits = 3) => (x === null ? null : Math.round(x * 10 ** digits) / 10 ** digits);

/** Statistics of every question met in the attempts, in first-seen order. */
export function analyseItems(attempts: readonly AnalysedAttempt[]): ItemStatistics[] {
  const order: string[] = [];
  const byQuestion = new Map<string, { fraction: number; rest: number; item: ItemResponse }[]>();
  for (const attempt of attempts) {
    const graded = attempt.items.filter((i) => i.score !== null && i.maxScore > 0);
    const total = graded.reduce((s, i) => s + i.score!, 0);
    const totalMax = graded.reduce((s, i) => s + i.maxScore, 0);
    for (const item of graded) {
      const restMax = totalMax - item.maxScore;
      // A one-question attempt has no rest: it cannot say who is strong.
      const rest = restMax > 0 ? (total - item.score!) / restMax : NaN;
      if (!byQuestion.has(item.questionId)) {
        byQuestion.set(item.questionId, []);
        order.push(item.questionId);
      }
      byQuestion.get(item.questionId)!.push({ fraction: item.score! / item.maxScore, rest, item });
    }
  }
  return order.map((questionId) => statisticsOf(questionId, byQuestion.get(questionId)!));
}

function statisticsOf(questionId: string, rows: { fraction: number; rest: number; item: ItemResponse }[]): ItemStatistics {
  const responses = rows.length;
  const facility = mean(rows.map((r) => r.fraction));
  const withRest = rows.filter((r) => !Number.isNaN(r.rest));
  const discrimination = pearson(
    withRest.map((r) => r.fraction),
    withRest.map((r) => r.rest),
  );
  // Strong learners: the top 27% by rest-of-attempt score; ties at the boundary are broken by
  // input order (stable sort), which is the attempts' order.
  const upperSize = withRest.length ? Math.max(1, Math.round(withRest.length * UPPER_GROUP_SHARE)) : 0;
  const upper = [...withRest].sort((a, b) => b.rest - a.rest).slice(0, upperSize);
  const upperFacility = mean(upper.map((r) => r.fraction));

  const counts = new Map<string, number>();
  let unanswered = 0;
  for (const r of rows) {
    const keys = chosenKeys(r.item.answer);
    if (keys.length === 0) unanswered++;
    for (const k of keys) counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  const free = rows[0]?.item.type === 'numeric' || rows[0]?.item.type === 'short_text';
  let optionCounts = [...counts.entries()].map(([key, count]) => ({ key, count, share: round(count / responses)! }));
  optionCounts.sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
  if (free) optionCounts = optionCounts.slice(0, TOP_FREE_ANSWERS);

  const flagReasons = flagReasonsOf(responses, upperFacility, discrimination);
  return {
    questionId,
    responses,
    unanswered,
    facility: round(facility),
    discrimination: round(discrimination),
    upperFacility: round(upperFacility),
    optionCounts,
    flaggedForReview: flagReasons.length > 0,
    flagReasons,
  };
}
