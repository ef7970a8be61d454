import type { AnswerValue, QuestionDefinition, QuestionType } from './assessment.types.js';

export const SHORT_TEXT_MAX = 500;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function exactKeys(value: Record<string, unknown>, keys: string[]): string | null {
  const extra = Object.keys(value).filter((k) => !keys.includes(k));
  if (extra.length) return `unknown field(s) ${extra.join(', ')}: a ${keys.join('/')} answer has only ${keys.join(', ')}`;
  const missing = keys.filter((k) => !(k in value));
  return missing.length ? `${missing.join(', ')} is required` : null;
}

/**
 * Whether value is a well-formed answer to a question of this type and definition: the right
 * shape, and only ids of this question's own options, items and choices. Answers the reasons it
 * is not (empty: fine). null (no answer) is always fine and clears a saved answer.
 */
export function answerProblems(type: QuestionType, definition: QuestionDefinition, value: unknown): string[] {
  if (value === null) return [];
  if (!isRecord(value)) return ['must be an object or null'];
  const ids = (list: { id: string }[] | undefined) => new Set((list ?? []).map((o) => o.id));
  const shape = (keys: string[]) => exactKeys(value, keys);
  switch (type) {
    case 'single': {
      const problem = shape(['optionId']);
      if (problem) return [problem];
      if (typeof value.optionId !== 'string') return ['optionId must be a string'];
      return ids(definition.options).has(value.optionId) ? [] : [`optionId ${JSON.stringify(value.optionId)} is not an option of this question`];
    }
    case 'multiple': {
      const problem = shape(['optionIds']);
      if (problem) return [problem];
      if (!Array.isArray(value.optionIds) || !value.optionIds.every((id) => typeof id === 'string')) return ['optionIds must be an array of strings'];
      const options = ids(definition.options);
      const picked: string[] = value.optionIds;
      if (new Set(picked).size !== picked.length) return ['optionIds must not repeat an option'];
      const unknown = picked.filter((id) => !options.has(id));
      return unknown.length ? [`${unknown.map((id) => JSON.stringify(id)).join(', ')} not an option of this question`] : [];
    }
    case 'true_false': {
      const problem = shape(['value']);
      if (problem) return [problem];
      return typeof value.value === 'boolean' ? [] : ['value must be true or false'];
    }
    case 'numeric': {
      const problem = shape(['value']);
      if (problem) return [problem];
      return typeof value.value === 'number' && Number.isFinite(value.value) ? [] : ['value must be a finite number'];
    }
    case 'short_text': {
      const problem = shape(['text']);
      if (problem) return [problem];
      if (typeof value.text !== 'string') return ['text must be a string'];
      return value.text.length <= SHORT_TEXT_MAX ? [] : [`text must be at most ${SHORT_TEXT_MAX} characters`];
    }
    case 'matching': {
      const problem = shape(['pairs']);
      if (problem) return [problem];
      if (!isRecord(value.pairs)) return ['pairs must be an object of item id to choice id'];
      const items = ids(definition.items);
      const choices = ids(definition.choices);
      const problems: string[] = [];
      for (const [item, choice] of Object.entries(value.pairs)) {
        if (!items.has(item)) problems.push(`${JSON.stringify(item)} is not an item of this question`);
        else if (typeof choice !== 'string' || !choices.has(choice)) problems.push(`the choice for ${JSON.stringify(item)} is not a choice of this question`);
      }
      return problems;
    }
    case 'ordering': {
      const problem = shape(['order']);
      if (problem) return [problem];
      const items = ids(definition.items);
      if (!Array.isArray(value.order) || !value.order.every((id) => typeof id === 'string')) return ['order must be an array of item ids'];
      const order: string[] = value.order;
      const complete = order.length === items.size && new Set(order).size === order.length && order.every((id) => items.has(id));
      return complete ? [] : ['order must list every item of this question exactly once'];
    }
  }
}

/** The answer as it is stored: exactly the fields of its type (validated by answerProblems first). */
export function normaliseAnswer(value: unknown): AnswerValue | null {
  return value === null ? null : (value as AnswerValue);
}
