/**
 * A learner's answer to one question: read from the question page's form (with or without
 * JavaScript), tested for being answered, moved (ordering) and put into words. Field names:
 * `answer` (single, multiple, true/false, numeric, short text), `pair:<itemId>` (matching),
 * `order` in sequence (ordering).
 */
import type { AnswerValue, AttemptItemView, Choice, QuestionType } from './types';

export const SHORT_TEXT_MAX = 500;

type Item = Pick<AttemptItemView, 'type' | 'options' | 'items' | 'choices' | 'unit'>;

export type ParsedAnswer = { ok: true; value: AnswerValue | null } | { ok: false; error: string };

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Is this answer a real one (not blank)? Matching counts as answered once any item is paired. */
export function isAnswered(type: QuestionType, value: AnswerValue | null | undefined): boolean {
  if (!isRecord(value)) return false;
  switch (type) {
    case 'single':
      return 'optionId' in value && typeof value.optionId === 'string' && value.optionId !== '';
    case 'multiple':
      return 'optionIds' in value && Array.isArray(value.optionIds) && value.optionIds.length > 0;
    case 'true_false':
      return 'value' in value && typeof value.value === 'boolean';
    case 'numeric':
      return 'value' in value && typeof value.value === 'number' && Number.isFinite(value.value);
    case 'short_text':
      return 'text' in value && typeof value.text === 'string' && value.text.trim() !== '';
    case 'matching':
      return 'pairs' in value && isRecord(value.pairs) && Object.keys(value.pairs).length > 0;
    case 'ordering':
      return 'order' in value && Array.isArray(value.order) && value.order.length > 0;
  }
}

/**
 * Reads a number as people type it: "12", "-3.5", "1,5" (a decimal comma), "1 000" or
 * "1,000,000" (grouping). Anything else is not a number; an empty field is no answer.
 */
export function parseNumber(raw: string): number | null | undefined {
  const text = raw.trim().replace(/[\s\u00a0\u202f]/g, '');
  if (text === '') return null;
  let normalised = text;
  if (/^-?\d{1,3}(,\d{3})+(\.\d+)?$/.test(text)) normalised = text.replace(/,/g, '');
  else if (/^-?\d*,\d+$/.test(text)) normalised = text.replace(',', '.');
  if (!/^-?(\d+\.?\d*|\.\d+)(e-?\d+)?$/i.test(normalised)) return undefined;
  const value = Number(normalised);
  return Number.isFinite(value) ? value : undefined;
}

const ids = (list: Choice[] | undefined) => new Set((list ?? []).map((c) => c.id));

/**
 * The answer a submitted form holds for `item`. Values that are not among the question's
 * options are ignored (a hand-edited form), never sent: the API would refuse the whole save.
 */
export function answerFromForm(item: Item, form: FormData): ParsedAnswer {
  const text = (name: string) => {
    const v = form.get(name);
    return typeof v === 'string' ? v : '';
  };
  switch (item.type) {
    case 'single': {
      const id = text('answer');
      return { ok: true, value: id && ids(item.options).has(id) ? { optionId: id } : null };
    }
    case 'multiple': {
      const known = ids(item.options);
      const chosen = [...new Set(form.getAll('answer').filter((v): v is string => typeof v === 'string' && known.has(v)))];
      return { ok: true, value: chosen.length > 0 ? { optionIds: chosen } : null };
    }
    case 'true_false': {
      const v = text('answer');
      return { ok: true, value: v === 'true' ? { value: true } : v === 'false' ? { value: false } : null };
    }
    case 'numeric': {
      const value = parseNumber(text('answer'));
      if (value === undefined) return { ok: false, error: 'Enter a number, like 12 or 12.5' };
      return { ok: true, value: value === null ? null : { value } };
    }
    case 'short_text': {
      const v = text('answer').trim();
      if ([...v].length > SHORT_TEXT_MAX) return { ok: false, error: `Your answer must be ${SHORT_TEXT_MAX} characters or fewer` };
      return { ok: true, value: v ? { text: v } : null };
    }
    case 'matching': {
      const choices = ids(item.choices);
      const pairs: Record<string, string> = {};
      for (const left of item.items ?? []) {
        const choice = text(`pair:${left.id}`);
        if (choice && choices.has(choice)) pairs[left.id] = choice;
      }
      return { ok: true, value: Object.keys(pairs).length > 0 ? { pairs } : null };
    }
    case 'ordering': {
      const order = form.getAll('order').filter((v): v is string => typeof v === 'string');
      const valid = isPermutation(order, item.items ?? []);
      return { ok: true, value: valid ? { order } : null };
    }
  }
}

function isPermutation(order: string[], items: Choice[]): boolean {
  if (order.length !== items.length || order.length === 0) return false;
  const want = ids(items);
  return new Set(order).size === order.length && order.every((id) => want.has(id));
}

/** The order to show for an ordering question: the learner's, or the order the API gave. */
export function currentOrder(item: Item, value: AnswerValue | null): string[] {
  const shown = (item.items ?? []).map((i) => i.id);
  if (value && 'order' in value && isPermutation(value.order, item.items ?? [])) return [...value.order];
  return shown;
}

/** `order` with `id` moved one place up (-1) or down (+1); unchanged at either end. */
export function moveItem(order: readonly string[], id: string, direction: -1 | 1): string[] {
  const from = order.indexOf(id);
  const to = from + direction;
  if (from < 0 || to < 0 || to >= order.length) return [...order];
  const next = [...order];
  [next[from], next[to]] = [next[to]!, next[from]!];
  return next;
}

const textOf = (list: Choice[] | undefined, id: string) => list?.find((c) => c.id === id)?.text ?? id;

/** The answer in words, for the summary and the review ("No answer" when blank). */
export function describeAnswer(item: Item, value: AnswerValue | null | undefined): string {
  if (!value || !isAnswered(item.type, value)) return 'No answer';
  if ('optionId' in value) return textOf(item.options, value.optionId);
  if ('optionIds' in value) return value.optionIds.map((id) => textOf(item.options, id)).join('; ');
  if ('text' in value) return value.text;
  if ('pairs' in value) {
    return (item.items ?? [])
      .filter((left) => value.pairs[left.id])
      .map((left) => `${left.text} → ${textOf(item.choices, value.pairs[left.id]!)}`)
      .join('; ');
  }
  if ('order' in value) return value.order.map((id, i) => `${i + 1}. ${textOf(item.items, id)}`).join('; ');
  if (typeof value.value === 'boolean') return value.value ? 'True' : 'False';
  return item.unit ? `${value.value} ${item.unit}` : String(value.value);
}

/** The words for each question type, as the navigator and the summary name them. */
export const TYPE_HINTS: Record<QuestionType, string> = {
  single: 'Choose one answer.',
  multiple: 'Choose all that apply.',
  true_false: 'Choose true or false.',
  numeric: 'Enter a number.',
  short_text: 'Type a short answer.',
  matching: 'Choose a match for each item.',
  ordering: 'Put the items in order with the Move up and Move down buttons.'
};
