/**
 * The question editor's form: what the editor holds (a draft), read from a posted form, turned
 * into the API's body, and the API's refusals put on the editor's controls. Pure, shared by the
 * page's actions and the editor component (question-form.spec.ts).
 */
import type { components } from '#lib/api/schema.js';

export type QuestionInput = components['schemas']['QuestionInputDto'];
export type AuthoredQuestion = components['schemas']['AuthoredQuestionDto'];
export type QuestionType = QuestionInput['type'];

export const QUESTION_TYPES: { value: QuestionType; label: string }[] = [
  { value: 'single', label: 'Single choice' },
  { value: 'multiple', label: 'Multiple response' },
  { value: 'true_false', label: 'True or false' },
  { value: 'numeric', label: 'Numeric' },
  { value: 'short_text', label: 'Short text' },
  { value: 'matching', label: 'Matching' },
  { value: 'ordering', label: 'Ordering' }
];

export const typeLabel = (type: string) => QUESTION_TYPES.find((t) => t.value === type)?.label ?? type;

export interface OptionRow {
  id: string;
  text: string;
  feedback: string;
  correct: boolean;
}

export interface ItemRow {
  id: string;
  text: string;
  /** matching: the id of the choice it goes with */
  match: string;
}

export interface ChoiceRow {
  id: string;
  text: string;
}

export interface QuestionDraft {
  type: QuestionType;
  slug: string;
  prompt: string;
  generalFeedback: string;
  /** Comma-separated. */
  tags: string;
  sourcePublication: string;
  sourcePassage: string;
  options: OptionRow[];
  correctValue: '' | 'true' | 'false';
  trueFeedback: string;
  falseFeedback: string;
  value: string;
  tolerance: string;
  unit: string;
  /** One per line. */
  acceptedAnswers: string;
  items: ItemRow[];
  choices: ChoiceRow[];
  /** The revision loaded (editing). */
  revision: string;
}

const IDS = 'abcdefghijklmnopqrstuvwxyz';

/** The first id not taken: a, b, c… then a1, b1… */
export function nextId(taken: readonly { id: string }[]): string {
  const used = new Set(taken.map((t) => t.id));
  for (let round = 0; ; round++) {
    for (const letter of IDS) {
      const id = round === 0 ? letter : `${letter}${round}`;
      if (!used.has(id)) return id;
    }
  }
}

/** The list with the row at `index` moved one place up (-1) or down (+1); unchanged at the ends. */
export function moveRow<T>(rows: readonly T[], index: number, delta: -1 | 1): T[] {
  const to = index + delta;
  if (index < 0 || index >= rows.length || to < 0 || to >= rows.length) return [...rows];
  const out = [...rows];
  [out[index], out[to]] = [out[to]!, out[index]!];
  return out;
}

export function emptyDraft(type: QuestionType, publication: string): QuestionDraft {
  const draft: QuestionDraft = {
    type,
    slug: '',
    prompt: '',
    generalFeedback: '',
    tags: '',
    sourcePublication: publication,
    sourcePassage: '',
    options: [],
    correctValue: '',
    trueFeedback: '',
    falseFeedback: '',
    value: '',
    tolerance: '0',
    unit: '',
    acceptedAnswers: '',
    items: [],
    choices: [],
    revision: ''
  };
  return withRowsFor(draft);
}

/** The first id `prefix1`, `prefix2`… not taken (matching items i1…, choices c1…, so the two never share one). */
export function nextPrefixedId(prefix: string, taken: readonly { id: string }[]): string {
  const used = new Set(taken.map((t) => t.id));
  for (let n = 1; ; n++) if (!used.has(`${prefix}${n}`)) return `${prefix}${n}`;
}

/** A new item's id: i1, i2… for matching, a, b… for ordering. */
export const newItemId = (type: QuestionType, items: readonly { id: string }[]) => (type === 'matching' ? nextPrefixedId('i', items) : nextId(items));

/** Enough empty rows for the type to be written (kept when there are already some). */
export function withRowsFor(draft: QuestionDraft): QuestionDraft {
  const out = { ...draft, options: [...draft.options], items: [...draft.items], choices: [...draft.choices] };
  if (out.type === 'single' || out.type === 'multiple')
    while (out.options.length < 3) out.options.push({ id: nextId(out.options), text: '', feedback: '', correct: false });
  if (out.type === 'matching' || out.type === 'ordering') {
    const min = out.type === 'ordering' ? 3 : 2;
    while (out.items.length < min) out.items.push({ id: newItemId(out.type, out.items), text: '', match: '' });
  }
  if (out.type === 'matching') while (out.choices.length < 2) out.choices.push({ id: nextPrefixedId('c', out.choices), text: '' });
  return out;
}

export function draftFromQuestion(q: AuthoredQuestion): QuestionDraft {
  const correct = new Set(q.correctOptionIds ?? []);
  const pairs = new Map((q.pairs ?? []).map((p) => [p.itemId, p.choiceId]));
  return {
    type: q.type,
    slug: q.slug,
    prompt: q.prompt,
    generalFeedback: q.generalFeedback ?? '',
    tags: (q.tags ?? []).join(', '),
    sourcePublication: q.source.publication,
    sourcePassage: q.source.passage,
    options: (q.options ?? []).map((o) => ({ id: o.id, text: o.text, feedback: o.feedback ?? '', correct: correct.has(o.id) })),
    correctValue: q.correctValue === undefined ? '' : q.correctValue ? 'true' : 'false',
    trueFeedback: q.trueFeedback ?? '',
    falseFeedback: q.falseFeedback ?? '',
    value: q.value === undefined ? '' : String(q.value),
    tolerance: q.tolerance === undefined ? '0' : String(q.tolerance),
    unit: q.unit ?? '',
    acceptedAnswers: (q.acceptedAnswers ?? []).join('\n'),
    items: (q.items ?? []).map((i) => ({ id: i.id, text: i.text, match: pairs.get(i.id) ?? '' })),
    choices: (q.choices ?? []).map((c) => ({ id: c.id, text: c.text })),
    revision: q.revision
  };
}

const text = (data: FormData, name: string) => {
  const v = data.get(name);
  return typeof v === 'string' ? v.replace(/\r\n?/g, '\n').trim() : '';
};
const texts = (data: FormData, name: string) => data.getAll(name).map((v) => (typeof v === 'string' ? v.replace(/\r\n?/g, '\n').trim() : ''));

/** What the editor posted. Rows left wholly empty are dropped (an added row not used). */
export function draftFromForm(data: FormData): QuestionDraft {
  const type = (QUESTION_TYPES.find((t) => t.value === text(data, 'type'))?.value ?? 'single') as QuestionType;
  const correct = new Set(texts(data, 'correct'));
  const optionIds = texts(data, 'optionId');
  const optionTexts = texts(data, 'optionText');
  const optionFeedback = texts(data, 'optionFeedback');
  const itemIds = texts(data, 'itemId');
  const itemTexts = texts(data, 'itemText');
  const itemMatches = texts(data, 'itemMatch');
  const choiceIds = texts(data, 'choiceId');
  const choiceTexts = texts(data, 'choiceText');
  const correctValue = text(data, 'correctValue');
  return {
    type,
    slug: text(data, 'slug'),
    prompt: text(data, 'prompt'),
    generalFeedback: text(data, 'generalFeedback'),
    tags: text(data, 'tags'),
    sourcePublication: text(data, 'sourcePublication'),
    sourcePassage: text(data, 'sourcePassage'),
    options: optionIds
      .map((id, i) => ({ id, text: optionTexts[i] ?? '', feedback: optionFeedback[i] ?? '', correct: correct.has(id) }))
      .filter((o) => o.text || o.feedback),
    correctValue: correctValue === 'true' || correctValue === 'false' ? correctValue : '',
    trueFeedback: text(data, 'trueFeedback'),
    falseFeedback: text(data, 'falseFeedback'),
    value: text(data, 'value'),
    tolerance: text(data, 'tolerance'),
    unit: text(data, 'unit'),
    acceptedAnswers: text(data, 'acceptedAnswers'),
    items: itemIds.map((id, i) => ({ id, text: itemTexts[i] ?? '', match: itemMatches[i] ?? '' })).filter((r) => r.text),
    choices: choiceIds.map((id, i) => ({ id, text: choiceTexts[i] ?? '' })).filter((c) => c.text),
    revision: text(data, 'revision')
  };
}

const NUMBER = /^-?\d+(\.\d+)?$/;

/** What the editor can say before asking the API (the API checks everything again). */
export function draftProblems(d: QuestionDraft, { creating }: { creating: boolean }): Record<string, string> {
  const errors: Record<string, string> = {};
  if (creating && d.slug && !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(d.slug))
    errors.slug = 'Enter a slug: lowercase letters, digits and single dashes, or leave it empty';
  if (!d.prompt) errors.prompt = 'Write the question';
  if (!d.sourcePassage) errors.sourcePassage = 'Copy the passage the question tests from the publication';
  const options = d.options.filter((o) => o.text);
  const items = d.items.filter((i) => i.text);
  if ((d.type === 'single' || d.type === 'multiple') && options.length < 2) errors.options = 'Write at least two options';
  else if (d.type === 'single' && options.filter((o) => o.correct).length !== 1) errors.correct = 'Choose the one right option';
  else if (d.type === 'multiple' && options.filter((o) => o.correct).length === 0) errors.correct = 'Tick at least one right option';
  if (d.type === 'true_false' && !d.correctValue) errors.correctValue = 'Choose whether the statement is true or false';
  if (d.type === 'numeric' && !NUMBER.test(d.value)) errors.value = 'Enter the right value as a number, like 40.3';
  if (d.type === 'numeric' && d.tolerance && (!NUMBER.test(d.tolerance) || Number(d.tolerance) < 0)) errors.tolerance = 'Enter a tolerance of 0 or more';
  if (d.type === 'short_text' && !d.acceptedAnswers) errors.acceptedAnswers = 'Write at least one accepted answer';
  if (d.type === 'ordering' && items.length < 3) errors.items = 'Write at least three items';
  if (d.type === 'matching') {
    if (items.length < 2) errors.items = 'Write at least two items';
    else if (items.some((i) => !d.choices.some((c) => c.id === i.match))) errors.items = 'Choose the match of every item';
    if (d.choices.filter((c) => c.text).length < 2) errors.choices = 'Write at least two choices';
  }
  return errors;
}

/** The API's body for a draft: only the fields of its type. */
export function bodyOf(d: QuestionDraft): QuestionInput {
  const tags = d.tags
    .split(',')
    .map((t) => t.trim().toLowerCase())
    .filter(Boolean);
  const base: QuestionInput = {
    type: d.type,
    prompt: d.prompt,
    generalFeedback: d.generalFeedback || null,
    tags,
    source: { publication: d.sourcePublication, passage: d.sourcePassage }
  };
  switch (d.type) {
    case 'single':
    case 'multiple':
      return {
        ...base,
        options: d.options.map((o) => ({ id: o.id, text: o.text, feedback: o.feedback || null })),
        correctOptionIds: d.options.filter((o) => o.correct).map((o) => o.id)
      };
    case 'true_false':
      return { ...base, correctValue: d.correctValue === 'true', trueFeedback: d.trueFeedback || null, falseFeedback: d.falseFeedback || null };
    case 'numeric':
      return { ...base, value: Number(d.value), tolerance: d.tolerance ? Number(d.tolerance) : 0, unit: d.unit || null };
    case 'short_text':
      return {
        ...base,
        acceptedAnswers: d.acceptedAnswers
          .split('\n')
          .map((a) => a.trim())
          .filter(Boolean)
      };
    case 'matching':
      return {
        ...base,
        items: d.items.map((i) => ({ id: i.id, text: i.text })),
        choices: d.choices.map((c) => ({ id: c.id, text: c.text })),
        pairs: d.items.map((i) => ({ itemId: i.id, choiceId: i.match }))
      };
    case 'ordering':
      return { ...base, items: d.items.map((i) => ({ id: i.id, text: i.text })) };
  }
}

/** The editor's control for an API field: "options[2].text" is the options list, "source.passage" the passage. */
export function controlOf(apiField: string): string {
  const head = apiField.split(/[.[]/)[0] ?? apiField;
  if (apiField.startsWith('source.passage')) return 'sourcePassage';
  if (apiField.startsWith('source')) return 'sourcePublication';
  if (head === 'correctOptionIds') return 'correct';
  if (head === 'pairs') return 'items';
  if (apiField.startsWith('feedback of')) return 'options';
  return head;
}

/** The API's refusal by field onto the editor's controls (first reason each, as a sentence). */
export function questionFieldErrors(fields: Record<string, string[]>): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const [field, reasons] of Object.entries(fields)) {
    const control = controlOf(field);
    const reason = reasons[0] ?? 'is not valid';
    const where = field.includes('[') ? `${field.replace(/\[(\d+)\]/g, (_m, n: string) => ` ${Number(n) + 1}`).replace('.', ': ')} ` : '';
    errors[control] ??= `${where ? where.charAt(0).toUpperCase() + where.slice(1) : ''}${where ? reason : reason.charAt(0).toUpperCase() + reason.slice(1)}`;
  }
  return errors;
}

/** Where a passage is in its publication, for a link that scrolls to it (a text fragment). */
export function passageHref(publication: string, passage: string): string {
  const words = passage.replace(/\s+/g, ' ').trim().split(' ');
  const fragment =
    words.length > 8
      ? `${encodeURIComponent(words.slice(0, 4).join(' '))},${encodeURIComponent(words.slice(-4).join(' '))}`
      : encodeURIComponent(words.join(' '));
  return `/library/${encodeURIComponent(publication)}#:~:text=${fragment.replace(/-/g, '%2D')}`;
}
