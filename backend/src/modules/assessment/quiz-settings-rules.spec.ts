import { describe, expect, it } from 'vitest';
import { checkQuizSettings } from './quiz-settings-rules.js';

const live = [
  { id: 'q1', tags: ['figures'] },
  { id: 'q2', tags: ['figures'] },
  { id: 'q3', tags: ['figures', 'practice'] },
  { id: 'q4', tags: ['practice'] },
];
const review = { score: 'immediately', correctness: 'immediately', correctAnswers: 'never', feedback: 'immediately' };
const check = (slots: Parameters<typeof checkQuizSettings>[0]['slots'], extra: Partial<Parameters<typeof checkQuizSettings>[0]> = {}) =>
  checkQuizSettings({ slots, reviewPolicy: review, closesAt: null, ...extra }, live);

describe('checkQuizSettings', () => {
  it('accepts fixed questions and draws that the bank can meet', () => {
    expect(
      check([
        { questionId: 'q1', points: 1 },
        { tag: 'figures', drawCount: 2, points: 1 },
        { tag: 'practice', drawCount: 1, points: 2 },
      ]),
    ).toEqual([]);
  });

  it('refuses a slot that is both or neither', () => {
    expect(check([{ questionId: 'q1', tag: 'figures', drawCount: 1, points: 1 }])[0]!.field).toBe('slots[0]');
    expect(check([{ points: 1 }])[0]!.field).toBe('slots[0]');
  });

  it('refuses a question of another module (or retired) and a question used twice', () => {
    expect(check([{ questionId: 'elsewhere', points: 1 }])).toEqual([{ field: 'slots[0].questionId', reasons: ['is not a live question of this module'] }]);
    expect(
      check([
        { questionId: 'q1', points: 1 },
        { questionId: 'q1', points: 1 },
      ]),
    ).toEqual([{ field: 'slots[1].questionId', reasons: ['is already in the quiz'] }]);
  });

  it('refuses draws the bank cannot meet, not counting the fixed questions', () => {
    // "figures" has 3 questions; q1 and q2 are fixed, so 1 is left to draw from.
    expect(
      check([
        { questionId: 'q1', points: 1 },
        { questionId: 'q2', points: 1 },
        { tag: 'figures', drawCount: 2, points: 1 },
      ]),
    ).toEqual([{ field: 'slots[2].drawCount', reasons: ['draws 2 from tag "figures", which has 1 live question outside the fixed ones'] }]);
    // Two draws of one tag add up.
    expect(
      check([
        { tag: 'practice', drawCount: 1, points: 1 },
        { tag: 'practice', drawCount: 2, points: 1 },
      ]),
    ).toHaveLength(1);
  });

  it('needs a close date for review after the close date', () => {
    expect(check([{ questionId: 'q1', points: 1 }], { reviewPolicy: { ...review, correctAnswers: 'after_close' } })).toEqual([
      { field: 'closesAt', reasons: ['is required when review is "after the close date" (correctAnswers)'] },
    ]);
    expect(check([{ questionId: 'q1', points: 1 }], { reviewPolicy: { ...review, correctAnswers: 'after_close' }, closesAt: '2027-01-01T00:00:00Z' })).toEqual(
      [],
    );
  });
});
