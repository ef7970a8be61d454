import { describe, expect, it } from 'vitest';
import { checkQuestionInput, inputOf, textsOf, type QuestionInput } from './question-input.js';

const source = { publication: 'ilo-global-estimates', passage: 'an estimated 40.3 million people were in modern slavery' };
const base = { prompt: 'How many people were in modern slavery?', source, tags: ['figures'] };

function refused(input: QuestionInput): Record<string, string[]> {
  const outcome = checkQuestionInput(input);
  if (outcome.ok) throw new Error('expected a refusal');
  return Object.fromEntries(outcome.errors.map((e) => [e.field, e.reasons]));
}

function accepted(input: QuestionInput) {
  const outcome = checkQuestionInput(input);
  if (!outcome.ok) throw new Error(JSON.stringify(outcome.errors));
  return outcome.question;
}

describe('checkQuestionInput: per type', () => {
  it('splits a single-choice question into public options and a private key with feedback', () => {
    const q = accepted({
      ...base,
      type: 'single',
      options: [
        { id: 'a', text: '40.3 million', feedback: 'Yes: the estimate for 2016.' },
        { id: 'b', text: '25 million', feedback: null },
      ],
      correctOptionIds: ['a'],
    });
    expect(q.definition).toEqual({
      options: [
        { id: 'a', text: '40.3 million' },
        { id: 'b', text: '25 million' },
      ],
    });
    expect(q.answerKey).toEqual({ optionId: 'a', optionFeedback: { a: 'Yes: the estimate for 2016.' } });
    expect(JSON.stringify(q.definition)).not.toContain('feedback');
  });

  it('refuses a single-choice key naming two options, an unknown option, or duplicate ids', () => {
    const options = [
      { id: 'a', text: 'One' },
      { id: 'b', text: 'Two' },
    ];
    expect(refused({ ...base, type: 'single', options, correctOptionIds: ['a', 'b'] }).correctOptionIds).toEqual(['must name exactly one option']);
    expect(refused({ ...base, type: 'single', options, correctOptionIds: ['z'] }).correctOptionIds).toEqual(['z is not an option']);
    expect(refused({ ...base, type: 'single', options: [...options, { id: 'a', text: 'Three' }], correctOptionIds: ['a'] })['options[2].id']).toEqual([
      '"a" is used twice',
    ]);
  });

  it('refuses a multiple-response question where every option is correct', () => {
    const options = [
      { id: 'a', text: 'One' },
      { id: 'b', text: 'Two' },
    ];
    expect(refused({ ...base, type: 'multiple', options, correctOptionIds: ['a', 'b'] }).correctOptionIds?.[0]).toMatch(/at least one option incorrect/);
    expect(accepted({ ...base, type: 'multiple', options, correctOptionIds: ['b'] }).answerKey.optionIds).toEqual(['b']);
  });

  it('keeps true/false feedback per answer and needs a boolean key', () => {
    expect(refused({ ...base, type: 'true_false' }).correctValue).toEqual(['must be true or false']);
    const q = accepted({ ...base, type: 'true_false', correctValue: false, falseFeedback: 'Right.' });
    expect(q.answerKey).toEqual({ value: false, optionFeedback: { false: 'Right.' } });
    expect(q.definition).toEqual({});
  });

  it('numeric: tolerance must be at least 0, the unit is public, the value private', () => {
    expect(refused({ ...base, type: 'numeric', value: 40.3, tolerance: -1 }).tolerance).toEqual(['must be a number of at least 0']);
    const q = accepted({ ...base, type: 'numeric', value: 40.3, tolerance: 0.1, unit: 'million' });
    expect(q.definition).toEqual({ unit: 'million' });
    expect(q.answerKey).toEqual({ value: 40.3, tolerance: 0.1 });
  });

  it('short text: at least one accepted answer; answers equal after normalisation are kept once', () => {
    expect(refused({ ...base, type: 'short_text', acceptedAnswers: [] }).acceptedAnswers).toHaveLength(1);
    const q = accepted({ ...base, type: 'short_text', acceptedAnswers: ['Forced labour', '  forced   LABOUR', 'forced labor'] });
    expect(q.answerKey.accepted).toEqual(['Forced labour', 'forced labor']);
  });

  it('matching: every item paired with one of the choices; extra choices allowed as distractors', () => {
    const items = [
      { id: 'i1', text: 'Forced labour' },
      { id: 'i2', text: 'Forced marriage' },
    ];
    const choices = [
      { id: 'c1', text: '24.9 million' },
      { id: 'c2', text: '15.4 million' },
      { id: 'c3', text: '4 million' },
    ];
    expect(refused({ ...base, type: 'matching', items, choices, pairs: [{ itemId: 'i1', choiceId: 'c1' }] }).pairs).toEqual([
      'every item needs its choice; unpaired: i2',
    ]);
    expect(refused({ ...base, type: 'matching', items, choices, pairs: [{ itemId: 'i1', choiceId: 'c9' }] })['pairs[0].choiceId']).toEqual([
      'is not one of the choices',
    ]);
    const q = accepted({
      ...base,
      type: 'matching',
      items,
      choices,
      pairs: [
        { itemId: 'i1', choiceId: 'c1' },
        { itemId: 'i2', choiceId: 'c2' },
      ],
    });
    expect(q.answerKey.pairs).toEqual({ i1: 'c1', i2: 'c2' });
    expect(q.definition.choices).toHaveLength(3);
  });

  it('ordering: at least three items; the order given is the key', () => {
    expect(
      refused({
        ...base,
        type: 'ordering',
        items: [
          { id: 'a', text: 'One' },
          { id: 'b', text: 'Two' },
        ],
      }).items,
    ).toEqual(['must have 3 to 8 entries']);
    const q = accepted({
      ...base,
      type: 'ordering',
      items: [
        { id: 'c', text: 'Third' },
        { id: 'a', text: 'First' },
        { id: 'b', text: 'Second' },
      ],
    });
    expect(q.answerKey.order).toEqual(['c', 'a', 'b']);
  });

  it('refuses a field of another type instead of dropping it', () => {
    expect(refused({ ...base, type: 'true_false', correctValue: true, acceptedAnswers: ['x'] }).acceptedAnswers).toEqual([
      'is not a field of a true_false question',
    ]);
  });
});

describe('checkQuestionInput: text', () => {
  it('trims, turns CRLF into LF, and refuses control and direction-override characters', () => {
    const q = accepted({ ...base, type: 'true_false', correctValue: true, prompt: '  Line one\r\nline two  ' });
    expect(q.prompt).toBe('Line one\nline two');
    expect(refused({ ...base, type: 'true_false', correctValue: true, prompt: 'Say \u0007 this' }).prompt).toHaveLength(1);
    expect(refused({ ...base, type: 'true_false', correctValue: true, prompt: 'abc \u202e fed' }).prompt).toHaveLength(1);
  });

  it('keeps markup as text: nothing is interpreted, the web escapes it', () => {
    const q = accepted({ ...base, type: 'true_false', correctValue: true, prompt: '<img src=x onerror=alert(1)> is it?' });
    expect(q.prompt).toBe('<img src=x onerror=alert(1)> is it?');
  });

  it('needs a prompt and a passage long enough to be a quotation', () => {
    const errors = refused({ type: 'true_false', correctValue: true, prompt: '   ', source: { publication: '', passage: 'short' } });
    expect(errors.prompt).toEqual(['must not be empty']);
    expect(errors['source.publication']).toEqual(['is required']);
    expect(errors['source.passage']?.[0]).toMatch(/at least 10 characters/);
  });

  it('lists every text a learner reads, for the figures check', () => {
    const q = accepted({ ...base, type: 'numeric', value: 40.3, tolerance: 0, generalFeedback: 'See 2016.' });
    expect(textsOf(q).map((t) => t.field)).toEqual(['prompt', 'generalFeedback', 'value']);
  });
});

describe('inputOf', () => {
  it('gives back what was checked, for every type (the editor round trip)', () => {
    const inputs: QuestionInput[] = [
      {
        ...base,
        type: 'single',
        options: [
          { id: 'a', text: 'One', feedback: 'fb' },
          { id: 'b', text: 'Two', feedback: null },
        ],
        correctOptionIds: ['a'],
      },
      { ...base, type: 'true_false', correctValue: true, trueFeedback: 'Yes', falseFeedback: null },
      { ...base, type: 'numeric', value: 4, tolerance: 0.5, unit: null },
      { ...base, type: 'short_text', acceptedAnswers: ['x'] },
      {
        ...base,
        type: 'ordering',
        items: [
          { id: 'b', text: 'B' },
          { id: 'a', text: 'A' },
          { id: 'c', text: 'C' },
        ],
      },
    ];
    for (const input of inputs) {
      const q = accepted(input);
      expect(inputOf(q)).toEqual({ generalFeedback: null, ...input });
    }
  });
});
