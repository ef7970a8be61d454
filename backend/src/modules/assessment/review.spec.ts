import { describe, expect, it } from 'vitest';
import type { ReviewPolicy } from './assessment.types.js';
import { deadlineFor, isOverdue, ATTEMPT_GRACE_MS } from './attempt-rules.js';
import { correctAnswerOf, overallPercent, pickedOptionFeedback, shownNow } from './review.js';
import { shuffled, shuffledNotInOrder } from './shuffle.js';

const policy: ReviewPolicy = { score: 'immediately', correctness: 'after_close', correctAnswers: 'never', feedback: 'after_close' };
const now = new Date('2026-12-02T10:00:00Z');

describe('shownNow', () => {
  it('shows nothing before submission, whatever the policy', () => {
    expect(shownNow({ score: 'immediately', correctness: 'immediately', correctAnswers: 'immediately', feedback: 'immediately' }, false, null, now)).toEqual({
      score: false,
      correctness: false,
      correctAnswers: false,
      feedback: false,
    });
  });
  it('shows after_close items from the close date on, and never without one', () => {
    expect(shownNow(policy, true, new Date('2026-12-02T11:00:00Z'), now)).toEqual({ score: true, correctness: false, correctAnswers: false, feedback: false });
    expect(shownNow(policy, true, now, now)).toEqual({ score: true, correctness: true, correctAnswers: false, feedback: true });
    expect(shownNow(policy, true, null, now)).toEqual({ score: true, correctness: false, correctAnswers: false, feedback: false });
  });
});

describe('overallPercent (grading method across attempts)', () => {
  const attempts = [
    { number: 2, percent: 90 },
    { number: 1, percent: 40 },
    { number: 3, percent: 65 },
  ];
  it('takes the highest, first, last or the average', () => {
    expect(overallPercent('highest', attempts)).toBe(90);
    expect(overallPercent('first', attempts)).toBe(40);
    expect(overallPercent('last', attempts)).toBe(65);
    expect(overallPercent('average', attempts)).toBe(65);
    expect(
      overallPercent('average', [
        { number: 1, percent: 50 },
        { number: 2, percent: 50 },
        { number: 3, percent: 51 },
      ]),
    ).toBe(50.33);
  });
  it('is null before any submitted attempt', () => {
    expect(overallPercent('highest', [])).toBeNull();
  });
});

describe('correctAnswerOf and pickedOptionFeedback', () => {
  it('answers the key in the answer’s shape, never the feedback', () => {
    expect(correctAnswerOf('single', { optionId: 'a', optionFeedback: { a: 'yes' } })).toEqual({ optionId: 'a' });
    expect(correctAnswerOf('numeric', { value: 4, tolerance: 1 })).toEqual({ value: 4 });
    expect(correctAnswerOf('short_text', { accepted: ['Forced labour', 'forced work'] })).toEqual({ text: 'Forced labour' });
    expect(correctAnswerOf('true_false', { value: false })).toEqual({ value: false });
  });
  it('gives feedback for the options picked only', () => {
    const key = { optionIds: ['a'], optionFeedback: { a: 'Right', b: 'Not quite', c: 'No' } };
    expect(pickedOptionFeedback('multiple', key, { optionIds: ['a', 'b'] })).toEqual({ a: 'Right', b: 'Not quite' });
    expect(pickedOptionFeedback('true_false', { value: true, optionFeedback: { false: 'It is true' } }, { value: false })).toEqual({ false: 'It is true' });
    expect(pickedOptionFeedback('multiple', key, null)).toBeUndefined();
  });
});

describe('time limits', () => {
  const start = new Date('2026-12-02T10:00:00Z');
  it('sets the deadline at start + limit + extra time (a percentage of the limit, rounded up to a second)', () => {
    expect(deadlineFor(start, null, 50)).toBeNull();
    expect(deadlineFor(start, 600, 0)!.toISOString()).toBe('2026-12-02T10:10:00.000Z');
    expect(deadlineFor(start, 600, 25)!.toISOString()).toBe('2026-12-02T10:12:30.000Z');
    expect(deadlineFor(start, 61, 50)!.toISOString()).toBe('2026-12-02T10:01:32.000Z');
  });
  it('is overdue only after the deadline plus the grace period', () => {
    const deadline = new Date('2026-12-02T10:10:00Z');
    expect(isOverdue(null, new Date('2030-01-01'))).toBe(false);
    expect(isOverdue(deadline, new Date(deadline.getTime() + ATTEMPT_GRACE_MS))).toBe(false);
    expect(isOverdue(deadline, new Date(deadline.getTime() + ATTEMPT_GRACE_MS + 1))).toBe(true);
  });
});

describe('shuffle', () => {
  it('keeps every element (a permutation)', () => {
    const ids = ['a', 'b', 'c', 'd', 'e'];
    expect(shuffled(ids).sort()).toEqual(ids);
  });
  it('never shows items to order already in order, even when the random source keeps returning it', () => {
    const identity = (max: number) => max - 1; // swaps each element with itself: the order never changes
    expect(shuffled(['a', 'b', 'c'], identity)).toEqual(['a', 'b', 'c']);
    expect(shuffledNotInOrder(['a', 'b', 'c'], identity)).toEqual(['b', 'c', 'a']);
    expect(shuffledNotInOrder(['a'], identity)).toEqual(['a']);
  });
});
