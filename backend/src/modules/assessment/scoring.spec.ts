import { describe, expect, it } from 'vitest';
import type { AnswerKey, QuestionDefinition } from './assessment.types.js';
import { normaliseShortText, scoreAnswer } from './scoring.js';

const options = (...ids: string[]): QuestionDefinition => ({ options: ids.map((id) => ({ id, text: `Option ${id}` })) });

describe('scoreAnswer: single', () => {
  const d = options('a', 'b', 'c');
  const key: AnswerKey = { optionId: 'b' };
  it('is 1 for the key and 0 for another option, no answer or a wrong shape', () => {
    expect(scoreAnswer('single', d, key, { optionId: 'b' })).toBe(1);
    expect(scoreAnswer('single', d, key, { optionId: 'a' })).toBe(0);
    expect(scoreAnswer('single', d, key, null)).toBe(0);
    expect(scoreAnswer('single', d, key, undefined)).toBe(0);
    expect(scoreAnswer('single', d, key, { optionIds: ['b'] } as never)).toBe(0);
  });
});

describe('scoreAnswer: multiple (partial credit, wrong picks penalised, floor at zero)', () => {
  // 2 correct (a, b), 3 incorrect (c, d, e).
  const d = options('a', 'b', 'c', 'd', 'e');
  const key: AnswerKey = { optionIds: ['a', 'b'] };
  const score = (ids: string[]) => scoreAnswer('multiple', d, key, { optionIds: ids });
  it('gives full marks for exactly the correct options, in any order', () => {
    expect(score(['b', 'a'])).toBe(1);
  });
  it('gives each right pick its share of the correct options', () => {
    expect(score(['a'])).toBe(0.5);
  });
  it('takes each wrong pick’s share of the incorrect options away', () => {
    expect(score(['a', 'b', 'c'])).toBeCloseTo(1 - 1 / 3, 10);
    expect(score(['a', 'c'])).toBeCloseTo(0.5 - 1 / 3, 10);
  });
  it('never goes below zero, and ticking every box earns nothing', () => {
    expect(score(['a', 'c', 'd'])).toBe(0);
    expect(score(['c', 'd', 'e'])).toBe(0);
    expect(score(['a', 'b', 'c', 'd', 'e'])).toBe(0);
  });
  it('gives 0 for an empty answer or none', () => {
    expect(score([])).toBe(0);
    expect(scoreAnswer('multiple', d, key, null)).toBe(0);
  });
  it('counts a repeated pick once', () => {
    expect(score(['a', 'a'])).toBe(0.5);
  });
  it('needs no penalty share when every option is correct', () => {
    expect(scoreAnswer('multiple', options('a', 'b'), { optionIds: ['a', 'b'] }, { optionIds: ['a'] })).toBe(0.5);
  });
});

describe('scoreAnswer: true/false', () => {
  it('is 1 only for the same boolean', () => {
    expect(scoreAnswer('true_false', {}, { value: false }, { value: false })).toBe(1);
    expect(scoreAnswer('true_false', {}, { value: false }, { value: true })).toBe(0);
    expect(scoreAnswer('true_false', {}, { value: false }, { value: 0 } as never)).toBe(0);
    expect(scoreAnswer('true_false', {}, { value: false }, null)).toBe(0);
  });
});

describe('scoreAnswer: numeric (tolerance bounds inclusive)', () => {
  const key: AnswerKey = { value: 25, tolerance: 0.5 };
  const score = (value: number) => scoreAnswer('numeric', { unit: 'million' }, key, { value });
  it('accepts the key and both bounds exactly', () => {
    expect(score(25)).toBe(1);
    expect(score(24.5)).toBe(1);
    expect(score(25.5)).toBe(1);
  });
  it('refuses just outside either bound', () => {
    expect(score(24.49)).toBe(0);
    expect(score(25.51)).toBe(0);
  });
  it('keeps a bound inclusive despite binary floating point (0.8 − 0.7 > 0.1)', () => {
    expect(0.8 - 0.7).toBeGreaterThan(0.1);
    expect(scoreAnswer('numeric', {}, { value: 0.7, tolerance: 0.1 }, { value: 0.8 })).toBe(1);
    expect(scoreAnswer('numeric', {}, { value: 0.7, tolerance: 0.1 }, { value: 0.8000001 })).toBe(0);
  });
  it('treats a missing tolerance as exact', () => {
    expect(scoreAnswer('numeric', {}, { value: 4 }, { value: 4 })).toBe(1);
    expect(scoreAnswer('numeric', {}, { value: 4 }, { value: 4.01 })).toBe(0);
  });
  it('gives 0 for no answer and for non-finite values', () => {
    expect(scoreAnswer('numeric', {}, key, null)).toBe(0);
    expect(score(Number.NaN)).toBe(0);
    expect(score(Number.POSITIVE_INFINITY)).toBe(0);
  });
});

describe('normaliseShortText and short text scoring', () => {
  it('applies NFKC, trims, collapses inner whitespace and lowercases', () => {
    expect(normaliseShortText('  Forced\u00a0\tLABOUR \n')).toBe('forced labour');
    // NFKC folds compatibility forms: full-width letters and the "ﬁ" ligature.
    expect(normaliseShortText('ＩＬＯ')).toBe('ilo');
    expect(normaliseShortText('ﬁnding')).toBe('finding');
  });
  const key: AnswerKey = { accepted: ['Forced labour', 'forced work'] };
  const score = (text: string) => scoreAnswer('short_text', {}, key, { text });
  it('accepts any accepted answer after normalisation on both sides', () => {
    expect(score('forced LABOUR')).toBe(1);
    expect(score('  forced   work ')).toBe(1);
  });
  it('refuses other text, an empty answer and whitespace only', () => {
    expect(score('forced labourer')).toBe(0);
    expect(score('')).toBe(0);
    expect(score('   ')).toBe(0);
    expect(scoreAnswer('short_text', {}, key, null)).toBe(0);
  });
  it('never accepts an empty answer, even if an accepted answer normalises to empty', () => {
    expect(scoreAnswer('short_text', {}, { accepted: [' '] }, { text: '' })).toBe(0);
  });
});

describe('scoreAnswer: matching', () => {
  const d: QuestionDefinition = {
    items: [
      { id: 'i1', text: 'One' },
      { id: 'i2', text: 'Two' },
      { id: 'i3', text: 'Three' },
      { id: 'i4', text: 'Four' },
    ],
    choices: [
      { id: 'c1', text: 'A' },
      { id: 'c2', text: 'B' },
      { id: 'c3', text: 'C' },
      { id: 'c4', text: 'D' },
    ],
  };
  const key: AnswerKey = { pairs: { i1: 'c1', i2: 'c2', i3: 'c3', i4: 'c4' } };
  it('gives the share of items paired correctly', () => {
    expect(scoreAnswer('matching', d, key, { pairs: { i1: 'c1', i2: 'c2', i3: 'c3', i4: 'c4' } })).toBe(1);
    expect(scoreAnswer('matching', d, key, { pairs: { i1: 'c1', i2: 'c3', i3: 'c2', i4: 'c4' } })).toBe(0.5);
    expect(scoreAnswer('matching', d, key, { pairs: { i1: 'c1' } })).toBe(0.25);
  });
  it('gives 0 for no pairs or no answer', () => {
    expect(scoreAnswer('matching', d, key, { pairs: {} })).toBe(0);
    expect(scoreAnswer('matching', d, key, null)).toBe(0);
  });
});

describe('scoreAnswer: ordering', () => {
  const d: QuestionDefinition = { items: ['a', 'b', 'c', 'd'].map((id) => ({ id, text: id })) };
  const key: AnswerKey = { order: ['a', 'b', 'c', 'd'] };
  it('gives the share of items in their correct position', () => {
    expect(scoreAnswer('ordering', d, key, { order: ['a', 'b', 'c', 'd'] })).toBe(1);
    expect(scoreAnswer('ordering', d, key, { order: ['a', 'b', 'd', 'c'] })).toBe(0.5);
    expect(scoreAnswer('ordering', d, key, { order: ['d', 'c', 'b', 'a'] })).toBe(0);
  });
  it('gives 0 for an empty order or no answer', () => {
    expect(scoreAnswer('ordering', d, key, { order: [] })).toBe(0);
    expect(scoreAnswer('ordering', d, key, null)).toBe(0);
  });
});
