/**
 * Regrading after a question was fixed: which attempts' scores change, and by how much. Pure
 * (regrade-plan.spec.ts); the service reads the rows under lock, applies the plan in one
 * transaction and audits it.
 *
 * The fix is the question's current version. An attempt item given an older version is scored
 * again with the current version's key when the two versions are compatible: the same type and
 * the same option, item and choice ids, so the learner's answer means the same thing under both.
 * An incompatible item (an option removed or added, the type changed) keeps its score and is
 * reported as skipped: an answer to a different question cannot be marked against a new key.
 */

export interface VersionShape {
  id: string;
  type: string;
  definition: { options?: { id: string }[]; items?: { id: string }[]; choices?: { id: string }[] };
  answerKey: unknown;
}

export interface RegradeItemRow {
  itemId: string;
  questionVersionId: string;
  answer: unknown;
  score: number | null;
  maxScore: number;
}

export interface RegradeAttemptRow {
  attemptId: string;
  userId: string;
  passMark: number;
  /** Every graded item of the attempt (the question's and the others), for the new totals. */
  items: (RegradeItemRow & { questionId: string })[];
  score: number | null;
  maxScore: number;
  percent: number | null;
  passed: boolean | null;
}

export interface AttemptGrade {
  score: number;
  percent: number;
  passed: boolean;
}

export interface RegradeChange {
  attemptId: string;
  userId: string;
  before: AttemptGrade;
  after: AttemptGrade;
  /** after.score - before.score, in points. */
  delta: number;
  /** The items re-scored (their new score), for the write. */
  items: { itemId: string; score: number }[];
}

export interface RegradePlan {
  changes: RegradeChange[];
  /** Items of this question left as they were, with why. */
  skipped: { attemptId: string; itemId: string; reason: string }[];
  /** Compatible items on an older version: moved to the current one (scores unchanged or not). */
  moved: { attemptId: string; itemId: string }[];
}

/** Scores one answer against a key, as a fraction 0..1 of the item's points (the quiz engine's scoring). */
export type ScoreFraction = (type: string, answerKey: unknown, answer: unknown, definition: VersionShape['definition']) => number;

const idsOf = (list: { id: string }[] | undefined) => (list ?? []).map((x) => x.id).sort();

export function compatible(a: VersionShape, b: VersionShape): boolean {
  const same = (x: string[], y: string[]) => x.length === y.length && x.every((v, i) => v === y[i]);
  return (
    a.type === b.type &&
    same(idsOf(a.definition.options), idsOf(b.definition.options)) &&
    same(idsOf(a.definition.items), idsOf(b.definition.items)) &&
    same(idsOf(a.definition.choices), idsOf(b.definition.choices))
  );
}

/** The attempt's percent, as the quiz engine computes it: 100 × score / max, 2 decimals. */
export function percentOf(score: number, maxScore: number): number {
  if (maxScore <= 0) return 0;
  return Math.round((10000 * score) / maxScore) / 100;
}

const roundPoints = (x: number) => Math.round(x * 10000) / 10000;

export function planRegrade(
  questionId: string,
  current: VersionShape,
  versions: ReadonlyMap<string, VersionShape>,
  attempts: readonly RegradeAttemptRow[],
  scoreFraction: ScoreFraction,
): RegradePlan {
  const plan: RegradePlan = { changes: [], skipped: [], moved: [] };
  for (const attempt of attempts) {
    const rescored: { itemId: string; score: number }[] = [];
    let total = 0;
    for (const item of attempt.items) {
      let score = item.score ?? 0;
      if (item.questionId === questionId) {
        const given = versions.get(item.questionVersionId);
        if (!given || !compatible(given, current)) {
          plan.skipped.push({ attemptId: attempt.attemptId, itemId: item.itemId, reason: 'the version answered has other options or another type' });
        } else {
          const fresh = roundPoints(item.maxScore * Math.min(1, Math.max(0, scoreFraction(current.type, current.answerKey, item.answer, current.definition))));
          if (item.questionVersionId !== current.id) plan.moved.push({ attemptId: attempt.attemptId, itemId: item.itemId });
          if (fresh !== (item.score ?? 0)) rescored.push({ itemId: item.itemId, score: fresh });
          score = fresh;
        }
      }
      total += score;
    }
    if (rescored.length === 0) continue;
    const maxScore = attempt.maxScore;
    const beforeScore = attempt.score ?? 0;
    const before = { score: beforeScore, percent: attempt.percent ?? percentOf(beforeScore, maxScore), passed: attempt.passed ?? false };
    const afterScore = roundPoints(total);
    const afterPercent = percentOf(afterScore, maxScore);
    const after = { score: afterScore, percent: afterPercent, passed: afterPercent >= attempt.passMark };
    plan.changes.push({ attemptId: attempt.attemptId, userId: attempt.userId, before, after, delta: roundPoints(afterScore - beforeScore), items: rescored });
  }
  return plan;
}
