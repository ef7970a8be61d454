import { describe, expect, it } from 'vitest';
import { compatible, percentOf, planRegrade, type RegradeAttemptRow, type ScoreFraction, type VersionShape } from './regrade-plan.js';

// A stand-in scorer for single choice (the real one is the quiz engine's): 1 when the option is the key.
const single: ScoreFraction = (_type, key, answer) => ((answer as { optionId?: string } | null)?.optionId === (key as { optionId: string }).optionId ? 1 : 0);

const options = [{ id: 'a' }, { id: 'b' }, { id: 'c' }];
const v1: VersionShape = { id: 'v1', type: 'single', definition: { options }, answerKey: { optionId: 'a' } };
const v2: VersionShape = { id: 'v2', type: 'single', definition: { options }, answerKey: { optionId: 'b' } };
const v3: VersionShape = { id: 'v3', type: 'single', definition: { options: [{ id: 'a' }, { id: 'b' }] }, answerKey: { optionId: 'b' } };
const versions = new Map([v1, v2, v3].map((v) => [v.id, v]));

/** An attempt of two one-point questions: q (the fixed one, answered `choice` on v1) and o (scored `other`). */
function attempt(id: string, choice: string, other: number, passMark = 50): RegradeAttemptRow {
  const qScore = choice === 'a' ? 1 : 0;
  const score = qScore + other;
  return {
    attemptId: id,
    userId: `user-${id}`,
    passMark,
    items: [
      { itemId: `${id}-q`, questionId: 'q', questionVersionId: 'v1', answer: { optionId: choice }, score: qScore, maxScore: 1 },
      { itemId: `${id}-o`, questionId: 'o', questionVersionId: 'ov', answer: null, score: other, maxScore: 1 },
    ],
    score,
    maxScore: 2,
    percent: percentOf(score, 2),
    passed: percentOf(score, 2) >= passMark,
  };
}

describe('planRegrade', () => {
  it('lists only the attempts whose score changes, with before, after and delta', () => {
    // The key was wrong (a); the fix says b. A chose a (loses a point), B chose b (gains one), C chose c (no change).
    const plan = planRegrade('q', v2, versions, [attempt('A', 'a', 1), attempt('B', 'b', 0), attempt('C', 'c', 1)], single);
    expect(plan.changes).toEqual([
      {
        attemptId: 'A',
        userId: 'user-A',
        before: { score: 2, percent: 100, passed: true },
        after: { score: 1, percent: 50, passed: true },
        delta: -1,
        items: [{ itemId: 'A-q', score: 0 }],
      },
      {
        attemptId: 'B',
        userId: 'user-B',
        before: { score: 0, percent: 0, passed: false },
        after: { score: 1, percent: 50, passed: true },
        delta: 1,
        items: [{ itemId: 'B-q', score: 1 }],
      },
    ]);
    // Every compatible item moves to the fixed version, C's too: its review then shows the right key.
    expect(plan.moved.map((m) => m.itemId)).toEqual(['A-q', 'B-q', 'C-q']);
    expect(plan.skipped).toEqual([]);
  });

  it('recomputes passed against the pass mark', () => {
    const plan = planRegrade('q', v2, versions, [attempt('A', 'a', 1, 75)], single);
    expect(plan.changes[0]!.after).toEqual({ score: 1, percent: 50, passed: false });
  });

  it('changes nothing when the fix does not change any score (the dry run is empty)', () => {
    const plan = planRegrade('q', v1, versions, [attempt('A', 'a', 1), attempt('B', 'b', 0)], single);
    expect(plan.changes).toEqual([]);
  });

  it('skips an item answered on a version with other options, keeping its score', () => {
    const plan = planRegrade('q', v3, versions, [attempt('A', 'a', 1)], single);
    expect(plan.changes).toEqual([]);
    expect(plan.skipped).toEqual([{ attemptId: 'A', itemId: 'A-q', reason: 'the version answered has other options or another type' }]);
  });

  it('clamps a scorer’s fraction to 0..1 of the item’s points', () => {
    const plan = planRegrade('q', v2, versions, [attempt('A', 'c', 0)], () => 1.5);
    expect(plan.changes[0]!.after.score).toBe(1);
  });
});

describe('compatible', () => {
  it('needs the same type and the same ids, in any order', () => {
    expect(compatible(v1, { ...v2, definition: { options: [{ id: 'c' }, { id: 'a' }, { id: 'b' }] } })).toBe(true);
    expect(compatible(v1, v3)).toBe(false);
    expect(compatible(v1, { ...v1, type: 'multiple' })).toBe(false);
  });
});
