import { describe, expect, it } from 'vitest';
import {
  bodyOf,
  controlOf,
  draftFromForm,
  draftFromQuestion,
  draftProblems,
  emptyDraft,
  moveRow,
  nextId,
  passageHref,
  questionFieldErrors,
  withRowsFor
} from './question-form';

function form(entries: [string, string][]): FormData {
  const data = new FormData();
  for (const [k, v] of entries) data.append(k, v);
  return data;
}

describe('rows', () => {
  it('moves a row up or down one place, and not past either end', () => {
    expect(moveRow(['a', 'b', 'c'], 2, -1)).toEqual(['a', 'c', 'b']);
    expect(moveRow(['a', 'b', 'c'], 0, 1)).toEqual(['b', 'a', 'c']);
    expect(moveRow(['a', 'b', 'c'], 0, -1)).toEqual(['a', 'b', 'c']);
    expect(moveRow(['a', 'b', 'c'], 2, 1)).toEqual(['a', 'b', 'c']);
  });

  it('gives new rows the first free id', () => {
    expect(nextId([{ id: 'a' }, { id: 'c' }])).toBe('b');
    expect(nextId([...'abcdefghijklmnopqrstuvwxyz'].map((id) => ({ id })))).toBe('a1');
  });

  it('starts each type with enough empty rows to write it', () => {
    expect(emptyDraft('single', 'p').options.map((o) => o.id)).toEqual(['a', 'b', 'c']);
    expect(emptyDraft('ordering', 'p').items.map((o) => o.id)).toEqual(['a', 'b', 'c']);
    const matching = emptyDraft('matching', 'p');
    expect(matching.items.map((o) => o.id)).toEqual(['i1', 'i2']);
    expect(matching.choices.map((o) => o.id)).toEqual(['c1', 'c2']);
    expect(withRowsFor({ ...matching, type: 'true_false' }).items).toHaveLength(2);
  });
});

describe('draftFromForm and bodyOf', () => {
  it('reads a single-choice question, dropping empty rows, and sends only its type’s fields', () => {
    const draft = draftFromForm(
      form([
        ['type', 'single'],
        ['prompt', ' Which figure?\r\n '],
        ['tags', 'Figures, ilo'],
        ['sourcePublication', 'ilo'],
        ['sourcePassage', 'an estimated 40.3 million people'],
        ['optionId', 'a'],
        ['optionText', '40.3 million'],
        ['optionFeedback', 'Yes.'],
        ['optionId', 'b'],
        ['optionText', '25 million'],
        ['optionFeedback', ''],
        ['optionId', 'c'],
        ['optionText', ''],
        ['optionFeedback', ''],
        ['correct', 'a'],
        ['value', '12']
      ])
    );
    expect(draft.options).toHaveLength(2);
    expect(draftProblems(draft, { creating: true })).toEqual({});
    expect(bodyOf(draft)).toEqual({
      type: 'single',
      prompt: 'Which figure?',
      generalFeedback: null,
      tags: ['figures', 'ilo'],
      source: { publication: 'ilo', passage: 'an estimated 40.3 million people' },
      options: [
        { id: 'a', text: '40.3 million', feedback: 'Yes.' },
        { id: 'b', text: '25 million', feedback: null }
      ],
      correctOptionIds: ['a']
    });
  });

  it('reads a matching question’s pairs from each item’s chosen match', () => {
    const draft = draftFromForm(
      form([
        ['type', 'matching'],
        ['prompt', 'Match'],
        ['sourcePassage', 'passage text here'],
        ['itemId', 'i1'],
        ['itemText', 'Forced labour'],
        ['itemMatch', 'c2'],
        ['itemId', 'i2'],
        ['itemText', 'Forced marriage'],
        ['itemMatch', 'c1'],
        ['choiceId', 'c1'],
        ['choiceText', '15.4 million'],
        ['choiceId', 'c2'],
        ['choiceText', '24.9 million']
      ])
    );
    expect(bodyOf(draft).pairs).toEqual([
      { itemId: 'i1', choiceId: 'c2' },
      { itemId: 'i2', choiceId: 'c1' }
    ]);
  });

  it('says what is missing before asking the API, per type', () => {
    expect(draftProblems({ ...emptyDraft('single', 'p'), prompt: 'Q', sourcePassage: 'P' }, { creating: false })).toEqual({
      options: 'Write at least two options'
    });
    expect(draftProblems({ ...emptyDraft('numeric', 'p'), prompt: 'Q', sourcePassage: 'P', value: 'forty' }, { creating: false }).value).toMatch(/number/);
    expect(draftProblems({ ...emptyDraft('true_false', 'p'), prompt: 'Q', sourcePassage: 'P' }, { creating: false }).correctValue).toBeDefined();
  });

  it('round-trips a saved question into the editor', () => {
    const saved = {
      id: 'x',
      moduleId: 'm',
      slug: 'q-1',
      origin: 'authored' as const,
      version: 2,
      revision: 'r',
      attemptCount: 0,
      retiredAt: null,
      updatedAt: '',
      type: 'ordering' as const,
      prompt: 'Order',
      tags: ['steps'],
      source: { publication: 'p', passage: 'the passage' },
      items: [
        { id: 'b', text: 'Second' },
        { id: 'a', text: 'First' },
        { id: 'c', text: 'Third' }
      ]
    };
    const draft = draftFromQuestion(saved);
    expect(draft.items.map((i) => i.id)).toEqual(['b', 'a', 'c']);
    expect(bodyOf(draft)).toEqual({ type: 'ordering', prompt: 'Order', generalFeedback: null, tags: ['steps'], source: saved.source, items: saved.items });
  });
});

describe('the API’s refusals', () => {
  it('puts each field on its control, with the row named', () => {
    expect(controlOf('source.passage')).toBe('sourcePassage');
    expect(controlOf('correctOptionIds')).toBe('correct');
    expect(controlOf('pairs[0].choiceId')).toBe('items');
    expect(
      questionFieldErrors({ 'options[1].text': ['must not be empty'], 'source.passage': ['does not occur in ilo’s source text: copy it exactly'] })
    ).toEqual({
      options: 'Options 2: text must not be empty',
      sourcePassage: 'Does not occur in ilo’s source text: copy it exactly'
    });
  });

  it('links a passage to its place in the publication', () => {
    expect(passageHref('ilo', 'an estimated 40.3 million people were in modern slavery in 2016')).toBe(
      '/library/ilo#:~:text=an%20estimated%2040.3%20million,modern%20slavery%20in%202016'
    );
  });
});
