import { describe, expect, it } from 'vitest';
import { analyseItems, chosenKeys, mean, MIN_RESPONSES_TO_FLAG, pearson, type AnalysedAttempt, type ItemAnswer } from './item-statistics.js';

/** One attempt of right/wrong questions q1..qn worth 1 point each, with the option chosen. */
function attempt(id: string, scores: number[], answers: (ItemAnswer | null)[] = []): AnalysedAttempt {
  return {
    attemptId: id,
    items: scores.map((score, i) => ({
      questionId: `q${i + 1}`,
      type: 'single',
      score,
      maxScore: 1,
      answer: i < answers.length ? answers[i]! : { optionId: score ? 'a' : 'b' },
    })),
  };
}

describe('pearson', () => {
  it('is 1 for a perfect positive relation and -1 for a perfect negative one', () => {
    expect(pearson([0, 1, 2], [10, 20, 30])).toBeCloseTo(1, 12);
    expect(pearson([1, 2, 3], [3, 2, 1])).toBeCloseTo(-1, 12);
  });

  it('is 0 for unrelated series: x = 0,0,1,1 against y = 0,1,0,1', () => {
    expect(pearson([0, 0, 1, 1], [0, 1, 0, 1])).toBe(0);
  });

  it('is null without spread or with fewer than two pairs (not a division by zero)', () => {
    expect(pearson([1, 1, 1], [0, 1, 2])).toBeNull();
    expect(pearson([1], [1])).toBeNull();
    expect(mean([])).toBeNull();
  });
});

describe('analyseItems', () => {
  // Five learners, three one-point questions. Hand computation for q3 (x: q3 score, y: the rest,
  // (q1 + q2) / 2):
  //   x = 0, 0, 1, 1, 1 (mean 0.6)      y = 1, 1, 0.5, 0, 0.5 (mean 0.6)
  //   dx = -.6, -.6, .4, .4, .4         dy = .4, .4, -.1, -.6, -.1
  //   Σdxdy = -.24 -.24 -.04 -.24 -.04 = -0.8;  Σdx² = 1.2;  Σdy² = 0.7
  //   r = -0.8 / √(1.2 × 0.7) = -0.8 / 0.91652 = -0.873
  // For q1 (y = (q2 + q3) / 2 = .5, .5, .5, .5, 1): Σdxdy = -0.3, Σdx² = 1.2, Σdy² = 0.2, r = -0.612.
  const attempts = [attempt('A', [1, 1, 0]), attempt('B', [1, 1, 0]), attempt('C', [1, 0, 1]), attempt('D', [0, 0, 1]), attempt('E', [0, 1, 1])];
  const stats = analyseItems(attempts);
  const q = (id: string) => stats.find((s) => s.questionId === id)!;

  it('computes the facility index as the mean fraction of points', () => {
    expect(q('q1').facility).toBe(0.6);
    expect(q('q2').facility).toBe(0.6);
    expect(q('q3').facility).toBe(0.6);
    expect(q('q3').responses).toBe(5);
  });

  it('computes the discrimination index against the rest of the attempt (hand-computed above)', () => {
    expect(q('q3').discrimination).toBe(-0.873);
    expect(q('q1').discrimination).toBe(-0.612);
  });

  it('flags a question that the strongest 27% got wrong, with negative discrimination', () => {
    // Upper group: round(5 × 0.27) = 1 response, the highest rest score: A (rest 1), who got q3 wrong.
    expect(q('q3').upperFacility).toBe(0);
    expect(q('q3').flaggedForReview).toBe(true);
    expect(q('q3').flagReasons).toEqual(['strong learners mostly got it wrong', 'negative discrimination: weaker learners did better on it']);
  });

  it('does not flag a question that strong learners get right and that discriminates', () => {
    // q1's rest is q2 and q2's rest is q1: x = 1,1,0,0,1, y = 1,1,0,1,0, both means 0.6:
    // Σdxdy = .16 + .16 + .36 - .24 - .24 = 0.2, Σdx² = Σdy² = 1.2, r = 0.2 / 1.2 = 0.167.
    const good = analyseItems([attempt('A', [1, 1]), attempt('B', [1, 1]), attempt('C', [0, 0]), attempt('D', [0, 1]), attempt('E', [1, 0])]);
    expect(good[0]!.discrimination).toBe(0.167);
    expect(good[0]!.upperFacility).toBe(1);
    expect(good[0]!.flaggedForReview).toBe(false);
    expect(good[0]!.flagReasons).toEqual([]);
  });

  it('does not flag on too few responses, however they look', () => {
    const few = analyseItems(attempts.slice(0, MIN_RESPONSES_TO_FLAG - 1));
    expect(few.find((s) => s.questionId === 'q3')!.upperFacility).toBe(0);
    expect(few.every((s) => !s.flaggedForReview)).toBe(true);
  });

  it('takes partial credit as a fraction of the question’s points', () => {
    const partial = analyseItems([
      { attemptId: 'A', items: [{ questionId: 'm', type: 'multiple', score: 1, maxScore: 2, answer: { optionIds: ['a', 'c'] } }] },
      { attemptId: 'B', items: [{ questionId: 'm', type: 'multiple', score: 2, maxScore: 2, answer: { optionIds: ['a', 'b'] } }] },
    ]);
    expect(partial[0]!.facility).toBe(0.75);
    // One question only: there is no rest of the attempt to compare with.
    expect(partial[0]!.discrimination).toBeNull();
    expect(partial[0]!.optionCounts).toEqual([
      { key: 'a', count: 2, share: 1 },
      { key: 'b', count: 1, share: 0.5 },
      { key: 'c', count: 1, share: 0.5 },
    ]);
  });

  it('counts how often each option is chosen, and unanswered questions apart', () => {
    const counted = analyseItems([
      attempt('A', [1, 1], [{ optionId: 'a' }]),
      attempt('B', [1, 1], [{ optionId: 'a' }]),
      attempt('C', [1, 0], [{ optionId: 'a' }]),
      attempt('D', [0, 0], [{ optionId: 'c' }]),
      attempt('E', [0, 1], [null]),
    ]);
    expect(counted[0]!.optionCounts).toEqual([
      { key: 'a', count: 3, share: 0.6 },
      { key: 'c', count: 1, share: 0.2 },
    ]);
    expect(counted[0]!.unanswered).toBe(1);
  });

  it('leaves ungraded items out', () => {
    const s = analyseItems([{ attemptId: 'A', items: [{ questionId: 'x', type: 'single', score: null, maxScore: 1, answer: null }] }]);
    expect(s).toEqual([]);
  });
});

describe('chosenKeys', () => {
  it('names what was chosen for every answer shape', () => {
    expect(chosenKeys({ optionIds: ['a', 'a', 'b'] })).toEqual(['a', 'b']);
    expect(chosenKeys({ value: false })).toEqual(['false']);
    expect(chosenKeys({ value: 25 })).toEqual(['25']);
    expect(chosenKeys({ text: '  Modern   SLAVERY ' })).toEqual(['modern slavery']);
    expect(chosenKeys({ pairs: { i1: 'c2' } })).toEqual(['i1→c2']);
    expect(chosenKeys({ order: ['b', 'a'] })).toEqual(['b@1', 'a@2']);
    expect(chosenKeys(null)).toEqual([]);
  });
});
