import { describe, expect, it } from 'vitest';
import type { QuestionDefinition } from './assessment.types.js';
import { answerProblems } from './answer-validation.js';

const choice = (id: string) => ({ id, text: id });
const options: QuestionDefinition = { options: ['a', 'b', 'c'].map(choice) };
const matching: QuestionDefinition = { items: ['i1', 'i2'].map(choice), choices: ['c1', 'c2', 'c3'].map(choice) };
const ordering: QuestionDefinition = { items: ['x', 'y', 'z'].map(choice) };

describe('answerProblems', () => {
  it('accepts null (no answer) for every type', () => {
    for (const type of ['single', 'multiple', 'true_false', 'numeric', 'short_text', 'matching', 'ordering'] as const) {
      expect(answerProblems(type, {}, null)).toEqual([]);
    }
  });

  it('accepts a well-formed answer of each type', () => {
    expect(answerProblems('single', options, { optionId: 'a' })).toEqual([]);
    expect(answerProblems('multiple', options, { optionIds: [] })).toEqual([]);
    expect(answerProblems('multiple', options, { optionIds: ['a', 'c'] })).toEqual([]);
    expect(answerProblems('true_false', {}, { value: false })).toEqual([]);
    expect(answerProblems('numeric', {}, { value: -2.5 })).toEqual([]);
    expect(answerProblems('short_text', {}, { text: 'x'.repeat(500) })).toEqual([]);
    expect(answerProblems('matching', matching, { pairs: { i1: 'c3' } })).toEqual([]);
    expect(answerProblems('ordering', ordering, { order: ['z', 'x', 'y'] })).toEqual([]);
  });

  it('refuses an option that is not this question’s', () => {
    expect(answerProblems('single', options, { optionId: 'z' })[0]).toMatch(/not an option of this question/);
    expect(answerProblems('multiple', options, { optionIds: ['a', 'z'] })[0]).toMatch(/"z" not an option/);
    expect(answerProblems('matching', matching, { pairs: { i9: 'c1' } })[0]).toMatch(/not an item/);
    expect(answerProblems('matching', matching, { pairs: { i1: 'c9' } })[0]).toMatch(/not a choice/);
  });

  it('refuses the wrong shape, extra fields and wrong value types', () => {
    expect(answerProblems('single', options, 'a')).toEqual(['must be an object or null']);
    expect(answerProblems('single', options, ['a'])).toEqual(['must be an object or null']);
    expect(answerProblems('single', options, { optionIds: ['a'] })[0]).toMatch(/unknown field/);
    expect(answerProblems('single', options, { optionId: 'a', correct: true })[0]).toMatch(/unknown field\(s\) correct/);
    expect(answerProblems('single', options, {})[0]).toMatch(/optionId is required/);
    expect(answerProblems('single', options, { optionId: 1 })).toEqual(['optionId must be a string']);
    expect(answerProblems('multiple', options, { optionIds: 'a' })).toEqual(['optionIds must be an array of strings']);
    expect(answerProblems('multiple', options, { optionIds: ['a', 'a'] })).toEqual(['optionIds must not repeat an option']);
    expect(answerProblems('true_false', {}, { value: 'true' })).toEqual(['value must be true or false']);
    expect(answerProblems('numeric', {}, { value: '4' })).toEqual(['value must be a finite number']);
    expect(answerProblems('short_text', {}, { text: 4 })).toEqual(['text must be a string']);
    expect(answerProblems('short_text', {}, { text: 'x'.repeat(501) })).toEqual(['text must be at most 500 characters']);
    expect(answerProblems('matching', matching, { pairs: [] })[0]).toMatch(/pairs must be an object/);
  });

  it('wants every item exactly once in an ordering', () => {
    const problem = ['order must list every item of this question exactly once'];
    expect(answerProblems('ordering', ordering, { order: ['x', 'y'] })).toEqual(problem);
    expect(answerProblems('ordering', ordering, { order: ['x', 'y', 'y'] })).toEqual(problem);
    expect(answerProblems('ordering', ordering, { order: ['x', 'y', 'q'] })).toEqual(problem);
    expect(answerProblems('ordering', ordering, { order: ['x', 'y', 'z', 'x'] })).toEqual(problem);
  });
});
