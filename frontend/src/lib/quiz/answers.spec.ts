import { describe, expect, it } from 'vitest';
import { answerFromForm, currentOrder, describeAnswer, isAnswered, moveItem, parseNumber } from './answers';
import type { AttemptItemView } from './types';

const options = [
  { id: 'a', text: 'Four million' },
  { id: 'b', text: 'Twenty-five million' }
];
const items = [
  { id: 'i1', text: 'First' },
  { id: 'i2', text: 'Second' },
  { id: 'i3', text: 'Third' }
];
const choices = [
  { id: 'c1', text: 'One' },
  { id: 'c2', text: 'Two' }
];
const item = (type: AttemptItemView['type'], extra: Partial<AttemptItemView> = {}) => ({ type, ...extra });

function form(entries: Array<[string, string]>): FormData {
  const data = new FormData();
  for (const [k, v] of entries) data.append(k, v);
  return data;
}

describe('answerFromForm', () => {
  it('reads single choice, ignoring an option the question does not have', () => {
    expect(answerFromForm(item('single', { options }), form([['answer', 'b']]))).toEqual({ ok: true, value: { optionId: 'b' } });
    expect(answerFromForm(item('single', { options }), form([['answer', 'zz']]))).toEqual({ ok: true, value: null });
    expect(answerFromForm(item('single', { options }), form([]))).toEqual({ ok: true, value: null });
  });

  it('reads multiple response as a de-duplicated list, empty as no answer', () => {
    expect(
      answerFromForm(
        item('multiple', { options }),
        form([
          ['answer', 'a'],
          ['answer', 'b'],
          ['answer', 'a'],
          ['answer', 'x']
        ])
      )
    ).toEqual({ ok: true, value: { optionIds: ['a', 'b'] } });
    expect(answerFromForm(item('multiple', { options }), form([]))).toEqual({ ok: true, value: null });
  });

  it('reads true/false', () => {
    expect(answerFromForm(item('true_false'), form([['answer', 'false']]))).toEqual({ ok: true, value: { value: false } });
    expect(answerFromForm(item('true_false'), form([['answer', 'true']]))).toEqual({ ok: true, value: { value: true } });
    expect(answerFromForm(item('true_false'), form([['answer', 'maybe']]))).toEqual({ ok: true, value: null });
  });

  it('reads numbers as typed, and refuses what is not a number with a reason', () => {
    expect(answerFromForm(item('numeric'), form([['answer', ' 12.5 ']]))).toEqual({ ok: true, value: { value: 12.5 } });
    expect(answerFromForm(item('numeric'), form([['answer', '']]))).toEqual({ ok: true, value: null });
    expect(answerFromForm(item('numeric'), form([['answer', 'twelve']]))).toEqual({ ok: false, error: 'Enter a number, like 12 or 12.5' });
  });

  it('trims short text and refuses more than 500 characters', () => {
    expect(answerFromForm(item('short_text'), form([['answer', '  debt bondage ']]))).toEqual({ ok: true, value: { text: 'debt bondage' } });
    expect(answerFromForm(item('short_text'), form([['answer', '   ']]))).toEqual({ ok: true, value: null });
    expect(answerFromForm(item('short_text'), form([['answer', 'x'.repeat(501)]])).ok).toBe(false);
    expect(answerFromForm(item('short_text'), form([['answer', 'x'.repeat(500)]])).ok).toBe(true);
  });

  it('reads matching pairs, skipping unmatched items and unknown choices', () => {
    const matching = item('matching', { items, choices });
    expect(
      answerFromForm(
        matching,
        form([
          ['pair:i1', 'c2'],
          ['pair:i2', ''],
          ['pair:i3', 'nope']
        ])
      )
    ).toEqual({ ok: true, value: { pairs: { i1: 'c2' } } });
    expect(answerFromForm(matching, form([['pair:i1', '']]))).toEqual({ ok: true, value: null });
  });

  it('reads an ordering only when it is every item exactly once', () => {
    const ordering = item('ordering', { items });
    const order = (ids: string[]) => form(ids.map((id) => ['order', id] as [string, string]));
    expect(answerFromForm(ordering, order(['i3', 'i1', 'i2']))).toEqual({ ok: true, value: { order: ['i3', 'i1', 'i2'] } });
    expect(answerFromForm(ordering, order(['i3', 'i1']))).toEqual({ ok: true, value: null });
    expect(answerFromForm(ordering, order(['i3', 'i3', 'i1']))).toEqual({ ok: true, value: null });
    expect(answerFromForm(ordering, order([]))).toEqual({ ok: true, value: null });
  });
});

describe('parseNumber', () => {
  it('accepts decimal commas and grouping, refuses the rest', () => {
    expect(parseNumber('1,5')).toBe(1.5);
    expect(parseNumber('1,000,000')).toBe(1_000_000);
    expect(parseNumber('1 000')).toBe(1000);
    expect(parseNumber('-3')).toBe(-3);
    expect(parseNumber('.5')).toBe(0.5);
    expect(parseNumber('')).toBeNull();
    expect(parseNumber('1.2.3')).toBeUndefined();
    expect(parseNumber('Infinity')).toBeUndefined();
    expect(parseNumber('0x10')).toBeUndefined();
  });
});

describe('isAnswered', () => {
  it('tells blank answers from real ones for every type', () => {
    expect(isAnswered('single', { optionId: 'a' })).toBe(true);
    expect(isAnswered('single', null)).toBe(false);
    expect(isAnswered('multiple', { optionIds: [] })).toBe(false);
    expect(isAnswered('true_false', { value: false })).toBe(true);
    expect(isAnswered('numeric', { value: 0 })).toBe(true);
    expect(isAnswered('short_text', { text: ' ' })).toBe(false);
    expect(isAnswered('matching', { pairs: {} })).toBe(false);
    expect(isAnswered('ordering', { order: ['i1'] })).toBe(true);
  });
});

describe('ordering', () => {
  it('moves an item one place, and not past either end', () => {
    expect(moveItem(['a', 'b', 'c'], 'b', -1)).toEqual(['b', 'a', 'c']);
    expect(moveItem(['a', 'b', 'c'], 'b', 1)).toEqual(['a', 'c', 'b']);
    expect(moveItem(['a', 'b', 'c'], 'a', -1)).toEqual(['a', 'b', 'c']);
    expect(moveItem(['a', 'b', 'c'], 'c', 1)).toEqual(['a', 'b', 'c']);
    expect(moveItem(['a', 'b', 'c'], 'x', 1)).toEqual(['a', 'b', 'c']);
  });

  it("shows the learner's order, or the order given when there is none or it is stale", () => {
    const ordering = item('ordering', { items });
    expect(currentOrder(ordering, null)).toEqual(['i1', 'i2', 'i3']);
    expect(currentOrder(ordering, { order: ['i2', 'i3', 'i1'] })).toEqual(['i2', 'i3', 'i1']);
    expect(currentOrder(ordering, { order: ['i2'] })).toEqual(['i1', 'i2', 'i3']);
  });
});

describe('describeAnswer', () => {
  it('puts every type of answer into words', () => {
    expect(describeAnswer(item('single', { options }), { optionId: 'a' })).toBe('Four million');
    expect(describeAnswer(item('multiple', { options }), { optionIds: ['a', 'b'] })).toBe('Four million; Twenty-five million');
    expect(describeAnswer(item('true_false'), { value: false })).toBe('False');
    expect(describeAnswer(item('numeric', { unit: 'million' }), { value: 25 })).toBe('25 million');
    expect(describeAnswer(item('numeric', { unit: null }), { value: 28 })).toBe('28');
    expect(describeAnswer(item('short_text'), { text: 'debt bondage' })).toBe('debt bondage');
    expect(describeAnswer(item('matching', { items, choices }), { pairs: { i2: 'c1' } })).toBe('Second → One');
    expect(describeAnswer(item('ordering', { items }), { order: ['i2', 'i1', 'i3'] })).toBe('1. Second; 2. First; 3. Third');
    expect(describeAnswer(item('single', { options }), null)).toBe('No answer');
  });
});
