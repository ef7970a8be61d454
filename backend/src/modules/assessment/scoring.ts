import type { AnswerKey, AnswerValue, QuestionDefinition, QuestionType } from './assessment.types.js';

/**
 * Scoring: pure functions, the one place the rules live (docs/assessment.md#scoring). Each
 * answers the fraction (0..1) of the slot's points an answer earns. No answer earns 0. Answers
 * reaching here have been validated against the question (validateAnswer), but each function
 * still reads defensively: a stored answer from an older version must never throw.
 */

/** NFKC, trimmed, inner whitespace collapsed to one space, lower case: "  Forced\u00a0LABOUR " equals "forced labour". */
export function normaliseShortText(text: string): string {
  return text.normalize('NFKC').trim().replace(/\s+/gu, ' ').toLowerCase();
}

/**
 * Numbers in binary floating point: 0.8 - 0.7 is 0.10000000000000009. A tolerance bound is
 * inclusive, so allow for that rounding (a millionth of a millionth of the key's magnitude).
 */
function withinTolerance(value: number, key: number, tolerance: number): boolean {
  return Math.abs(value - key) <= tolerance + 1e-12 * Math.max(1, Math.abs(key));
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function scoreAnswer(type: QuestionType, definition: QuestionDefinition, key: AnswerKey, value: AnswerValue | null | undefined): number {
  const answer: unknown = value;
  if (!isRecord(answer)) return 0;
  switch (type) {
    case 'single':
      return typeof answer.optionId === 'string' && answer.optionId === key.optionId ? 1 : 0;
    case 'multiple': {
      // Right picks earn their share of the correct options; wrong picks take away their share
      // of the incorrect ones; never below zero. Picking everything therefore earns 0.
      if (!Array.isArray(answer.optionIds)) return 0;
      const correct = new Set(key.optionIds ?? []);
      const incorrect = (definition.options ?? []).filter((o) => !correct.has(o.id)).length;
      const picked = new Set((answer.optionIds as unknown[]).filter((id): id is string => typeof id === 'string'));
      if (correct.size === 0) return 0;
      let right = 0;
      let wrong = 0;
      for (const id of picked) {
        if (correct.has(id)) right++;
        else wrong++;
      }
      return Math.max(0, right / correct.size - (incorrect > 0 ? wrong / incorrect : 0));
    }
    case 'true_false':
      return typeof answer.value === 'boolean' && answer.value === key.value ? 1 : 0;
    case 'numeric':
      return typeof answer.value === 'number' && Number.isFinite(answer.value) && typeof key.value === 'number'
        ? withinTolerance(answer.value, key.value, key.tolerance ?? 0)
          ? 1
          : 0
        : 0;
    case 'short_text': {
      if (typeof answer.text !== 'string') return 0;
      const given = normaliseShortText(answer.text);
      if (given === '') return 0;
      return (key.accepted ?? []).some((a) => normaliseShortText(a) === given) ? 1 : 0;
    }
    case 'matching': {
      const items = definition.items ?? [];
      if (!isRecord(answer.pairs) || items.length === 0) return 0;
      const pairs = answer.pairs;
      const right = items.filter((item) => {
        const choice = pairs[item.id];
        return typeof choice === 'string' && choice === key.pairs?.[item.id];
      }).length;
      return right / items.length;
    }
    case 'ordering': {
      const order = key.order ?? [];
      if (!Array.isArray(answer.order) || order.length === 0) return 0;
      const given: unknown[] = answer.order;
      return order.filter((id, i) => given[i] === id).length / order.length;
    }
  }
}
