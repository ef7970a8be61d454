import type { FieldError } from '../../common/errors/domain-error.js';

/**
 * An authored question as the API receives it, checked and split into the two parts the
 * question bank stores: the public definition (what a learner sees) and the private answer key.
 * Pure: no database, so every rule is unit-tested (question-input.spec.ts). The passage and the
 * figures are checked against the publication by the service, which has its text.
 */

export const AUTHORED_QUESTION_TYPES = ['single', 'multiple', 'true_false', 'numeric', 'short_text', 'matching', 'ordering'] as const;
export type AuthoredQuestionType = (typeof AUTHORED_QUESTION_TYPES)[number];

export const LIMITS = {
  prompt: 1000,
  feedback: 1000,
  optionText: 300,
  options: { min: 2, max: 8 },
  matching: { min: 2, max: 8 },
  ordering: { min: 3, max: 8 },
  acceptedAnswers: { min: 1, max: 20 },
  acceptedAnswer: 200,
  tags: 10,
  tag: 40,
} as const;

/** Option, item and choice ids: short, so they stay stable across edits and readable in the key. */
export const CHOICE_ID = /^[a-z0-9]{1,8}$/;
export const TAG = /^[a-z0-9]+(-[a-z0-9]+)*$/;

export interface ChoiceInput {
  id: string;
  text: string;
  /** Shown after review to a learner who chose it (single and multiple). */
  feedback?: string | null;
}

export interface QuestionInput {
  type: AuthoredQuestionType;
  prompt: string;
  generalFeedback?: string | null;
  tags?: string[];
  source: { publication: string; passage: string };
  /** single, multiple */
  options?: ChoiceInput[];
  /** single: exactly one; multiple: at least one */
  correctOptionIds?: string[];
  /** true_false */
  correctValue?: boolean;
  trueFeedback?: string | null;
  falseFeedback?: string | null;
  /** numeric */
  value?: number;
  tolerance?: number;
  unit?: string | null;
  /** short_text */
  acceptedAnswers?: string[];
  /** matching: the left column; ordering: the items in their correct order */
  items?: ChoiceInput[];
  /** matching: the right column (may hold more choices than items: distractors) */
  choices?: ChoiceInput[];
  /** matching: one pair per item */
  pairs?: { itemId: string; choiceId: string }[];
}

export interface PublicChoice {
  id: string;
  text: string;
}

/** The public part, as learners get it (the contract's definition column). */
export interface QuestionDefinition {
  options?: PublicChoice[];
  items?: PublicChoice[];
  choices?: PublicChoice[];
  unit?: string | null;
}

/** The private part (the contract's answer_key column): never sent to a learner before review allows. */
export interface QuestionAnswerKey {
  /** single */
  optionId?: string;
  /** multiple */
  optionIds?: string[];
  value?: boolean | number;
  tolerance?: number;
  /** short_text */
  accepted?: string[];
  pairs?: Record<string, string>;
  order?: string[];
  optionFeedback?: Record<string, string>;
}

export interface CheckedQuestion {
  type: AuthoredQuestionType;
  prompt: string;
  generalFeedback: string | null;
  tags: string[];
  source: { publication: string; passage: string };
  definition: QuestionDefinition;
  answerKey: QuestionAnswerKey;
}

// Line breaks and tabs are allowed in prompts and feedback; any other control character is not
// (they hide text, or break mail and logs). Bidirectional overrides can make a prompt read
// differently from what is stored, so they are refused too.
const FORBIDDEN_CHARACTERS = /(?![\n\t])[\p{Cc}\u202a-\u202e\u2066-\u2069]/u;

class Problems {
  readonly fields = new Map<string, string[]>();
  add(field: string, reason: string): void {
    this.fields.set(field, [...(this.fields.get(field) ?? []), reason]);
  }
  list(): FieldError[] {
    return [...this.fields.entries()].map(([field, reasons]) => ({ field, reasons }));
  }
}

/**
 * Plain text, as learners will see it (the web escapes it, as it shows raw HTML in a lesson as
 * text): CRLF to LF, trimmed; control characters refused. Answers null when refused or empty.
 */
function cleanText(problems: Problems, field: string, value: unknown, max: number, { required = true } = {}): string | null {
  if (value === undefined || value === null) {
    if (required) problems.add(field, 'is required');
    return null;
  }
  if (typeof value !== 'string') {
    problems.add(field, 'must be text');
    return null;
  }
  const text = value.replace(/\r\n?/g, '\n').trim();
  if (FORBIDDEN_CHARACTERS.test(text)) {
    problems.add(field, 'must not contain control or direction-override characters');
    return null;
  }
  if (text === '') {
    if (required) problems.add(field, 'must not be empty');
    return null;
  }
  if ([...text].length > max) {
    problems.add(field, `must be at most ${max} characters`);
    return null;
  }
  return text;
}

function choices(problems: Problems, field: string, value: unknown, min: number, max: number, withFeedback: boolean): ChoiceInput[] {
  if (!Array.isArray(value)) {
    problems.add(field, `must be a list of ${min} to ${max} entries`);
    return [];
  }
  if (value.length < min || value.length > max) problems.add(field, `must have ${min} to ${max} entries`);
  const out: ChoiceInput[] = [];
  const seenIds = new Set<string>();
  const seenTexts = new Set<string>();
  value.forEach((raw: unknown, i) => {
    const c = (typeof raw === 'object' && raw !== null ? raw : {}) as Partial<ChoiceInput>;
    const id = typeof c.id === 'string' ? c.id : '';
    if (!CHOICE_ID.test(id)) problems.add(`${field}[${i}].id`, 'must be 1 to 8 lowercase letters or digits');
    else if (seenIds.has(id)) problems.add(`${field}[${i}].id`, `"${id}" is used twice`);
    seenIds.add(id);
    const text = cleanText(problems, `${field}[${i}].text`, c.text, LIMITS.optionText);
    if (text !== null) {
      const key = text.toLowerCase();
      if (seenTexts.has(key)) problems.add(`${field}[${i}].text`, 'is the same as another entry');
      seenTexts.add(key);
    }
    const feedback = withFeedback ? cleanText(problems, `${field}[${i}].feedback`, c.feedback, LIMITS.feedback, { required: false }) : null;
    out.push({ id, text: text ?? '', feedback });
  });
  return out;
}

function optionFeedbackOf(list: ChoiceInput[]): Record<string, string> | undefined {
  const entries = list.filter((c) => c.feedback).map((c) => [c.id, c.feedback!] as const);
  return entries.length ? Object.fromEntries(entries) : undefined;
}

const publicOf = (list: ChoiceInput[]): PublicChoice[] => list.map((c) => ({ id: c.id, text: c.text }));

/** Fields that belong to another type: refused, so a mistaken type does not silently drop an author's work. */
const FIELDS_OF: Record<AuthoredQuestionType, (keyof QuestionInput)[]> = {
  single: ['options', 'correctOptionIds'],
  multiple: ['options', 'correctOptionIds'],
  true_false: ['correctValue', 'trueFeedback', 'falseFeedback'],
  numeric: ['value', 'tolerance', 'unit'],
  short_text: ['acceptedAnswers'],
  matching: ['items', 'choices', 'pairs'],
  ordering: ['items'],
};
const TYPED_FIELDS = [...new Set(Object.values(FIELDS_OF).flat())];

/** Checks an authored question; answers it split into definition and key, or the refused fields. */
export function checkQuestionInput(input: QuestionInput): { ok: true; question: CheckedQuestion } | { ok: false; errors: FieldError[] } {
  const problems = new Problems();
  const type = input.type;
  if (!AUTHORED_QUESTION_TYPES.includes(type)) {
    problems.add('type', `must be one of ${AUTHORED_QUESTION_TYPES.join(', ')}`);
    return { ok: false, errors: problems.list() };
  }
  for (const field of TYPED_FIELDS) {
    if (input[field] !== undefined && input[field] !== null && !FIELDS_OF[type].includes(field)) {
      problems.add(field, `is not a field of a ${type} question`);
    }
  }
  const prompt = cleanText(problems, 'prompt', input.prompt, LIMITS.prompt);
  const generalFeedback = cleanText(problems, 'generalFeedback', input.generalFeedback, LIMITS.feedback, { required: false });
  const tags = [...new Set(input.tags ?? [])];
  if (tags.length > LIMITS.tags) problems.add('tags', `must have at most ${LIMITS.tags} tags`);
  tags.forEach((t, i) => {
    if (typeof t !== 'string' || t.length > LIMITS.tag || !TAG.test(t))
      problems.add(`tags[${i}]`, 'must be lowercase letters, digits and single dashes (at most 40)');
  });
  const publication = typeof input.source?.publication === 'string' ? input.source.publication.trim() : '';
  if (!publication) problems.add('source.publication', 'is required');
  const passage = cleanText(problems, 'source.passage', input.source?.passage, 5000);
  if (passage !== null && passage.length < 10) problems.add('source.passage', 'must be at least 10 characters: quote the sentence the question tests');

  const definition: QuestionDefinition = {};
  const answerKey: QuestionAnswerKey = {};
  switch (type) {
    case 'single':
    case 'multiple': {
      const options = choices(problems, 'options', input.options, LIMITS.options.min, LIMITS.options.max, true);
      const ids = options.map((o) => o.id);
      const correct = [...new Set(input.correctOptionIds ?? [])];
      const unknown = correct.filter((id) => !ids.includes(id));
      if (unknown.length) problems.add('correctOptionIds', `${unknown.join(', ')} ${unknown.length === 1 ? 'is not an option' : 'are not options'}`);
      else if (type === 'single' && correct.length !== 1) problems.add('correctOptionIds', 'must name exactly one option');
      else if (type === 'multiple' && correct.length < 1) problems.add('correctOptionIds', 'must name at least one option');
      else if (type === 'multiple' && correct.length === options.length && options.length > 0) {
        problems.add('correctOptionIds', 'must leave at least one option incorrect: when every option is right, the question tests nothing');
      }
      definition.options = publicOf(options);
      // The key has the shape of the type's answer value (the contract's "Answer keys").
      if (type === 'single') answerKey.optionId = correct[0] ?? '';
      else answerKey.optionIds = ids.filter((id) => correct.includes(id));
      const feedback = optionFeedbackOf(options);
      if (feedback) answerKey.optionFeedback = feedback;
      break;
    }
    case 'true_false': {
      if (typeof input.correctValue !== 'boolean') problems.add('correctValue', 'must be true or false');
      answerKey.value = input.correctValue === true;
      const t = cleanText(problems, 'trueFeedback', input.trueFeedback, LIMITS.feedback, { required: false });
      const f = cleanText(problems, 'falseFeedback', input.falseFeedback, LIMITS.feedback, { required: false });
      if (t || f) answerKey.optionFeedback = { ...(t ? { true: t } : {}), ...(f ? { false: f } : {}) };
      break;
    }
    case 'numeric': {
      if (typeof input.value !== 'number' || !Number.isFinite(input.value)) problems.add('value', 'must be a number');
      const tolerance = input.tolerance ?? 0;
      if (typeof tolerance !== 'number' || !Number.isFinite(tolerance) || tolerance < 0) problems.add('tolerance', 'must be a number of at least 0');
      const unit = cleanText(problems, 'unit', input.unit, 40, { required: false });
      definition.unit = unit;
      answerKey.value = input.value;
      answerKey.tolerance = tolerance;
      break;
    }
    case 'short_text': {
      const list = input.acceptedAnswers;
      if (!Array.isArray(list) || list.length < LIMITS.acceptedAnswers.min || list.length > LIMITS.acceptedAnswers.max) {
        problems.add('acceptedAnswers', `must list ${LIMITS.acceptedAnswers.min} to ${LIMITS.acceptedAnswers.max} accepted answers`);
      }
      const accepted: string[] = [];
      (Array.isArray(list) ? list : []).forEach((a, i) => {
        const text = cleanText(problems, `acceptedAnswers[${i}]`, a, LIMITS.acceptedAnswer);
        if (text !== null && !accepted.some((x) => normaliseShortAnswer(x) === normaliseShortAnswer(text))) accepted.push(text);
      });
      answerKey.accepted = accepted;
      break;
    }
    case 'matching': {
      const items = choices(problems, 'items', input.items, LIMITS.matching.min, LIMITS.matching.max, false);
      const rightColumn = choices(problems, 'choices', input.choices, LIMITS.matching.min, LIMITS.matching.max + 4, false);
      const itemIds = items.map((c) => c.id);
      const choiceIds = rightColumn.map((c) => c.id);
      const pairs: Record<string, string> = {};
      (input.pairs ?? []).forEach((p, i) => {
        if (!itemIds.includes(p?.itemId)) problems.add(`pairs[${i}].itemId`, 'is not one of the items');
        else if (pairs[p.itemId]) problems.add(`pairs[${i}].itemId`, 'is paired twice');
        else if (!choiceIds.includes(p?.choiceId)) problems.add(`pairs[${i}].choiceId`, 'is not one of the choices');
        else pairs[p.itemId] = p.choiceId;
      });
      const unpaired = itemIds.filter((id) => id && !pairs[id]);
      if (unpaired.length && !problems.fields.has('pairs')) problems.add('pairs', `every item needs its choice; unpaired: ${unpaired.join(', ')}`);
      definition.items = publicOf(items);
      definition.choices = publicOf(rightColumn);
      answerKey.pairs = pairs;
      break;
    }
    case 'ordering': {
      const items = choices(problems, 'items', input.items, LIMITS.ordering.min, LIMITS.ordering.max, false);
      definition.items = publicOf(items);
      answerKey.order = items.map((c) => c.id);
      break;
    }
  }
  if (problems.fields.size > 0) return { ok: false, errors: problems.list() };
  return {
    ok: true,
    question: { type, prompt: prompt!, generalFeedback, tags, source: { publication, passage: passage! }, definition, answerKey },
  };
}

/** Every text of a question a learner reads: its figures must come from the cited passage's publication. */
export function textsOf(q: CheckedQuestion): { field: string; text: string }[] {
  const out: { field: string; text: string }[] = [{ field: 'prompt', text: q.prompt }];
  if (q.generalFeedback) out.push({ field: 'generalFeedback', text: q.generalFeedback });
  (q.definition.options ?? []).forEach((o, i) => out.push({ field: `options[${i}].text`, text: o.text }));
  (q.definition.items ?? []).forEach((o, i) => out.push({ field: `items[${i}].text`, text: o.text }));
  (q.definition.choices ?? []).forEach((o, i) => out.push({ field: `choices[${i}].text`, text: o.text }));
  for (const [id, text] of Object.entries(q.answerKey.optionFeedback ?? {})) out.push({ field: `feedback of ${id}`, text });
  (q.answerKey.accepted ?? []).forEach((a, i) => out.push({ field: `acceptedAnswers[${i}]`, text: a }));
  if (q.type === 'numeric' && typeof q.answerKey.value === 'number') out.push({ field: 'value', text: String(q.answerKey.value) });
  return out;
}

/** The contract's short-text normalisation (NFKC, trimmed, inner whitespace collapsed, lowercase). */
export function normaliseShortAnswer(text: string): string {
  return text.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();
}

/** The stored parts back into the editor's input form (authors only: it holds the key). */
export function inputOf(q: Omit<CheckedQuestion, 'tags'> & { tags?: string[] }): QuestionInput {
  const feedback = q.answerKey.optionFeedback ?? {};
  const base: QuestionInput = {
    type: q.type,
    prompt: q.prompt,
    generalFeedback: q.generalFeedback,
    tags: q.tags ?? [],
    source: q.source,
  };
  switch (q.type) {
    case 'single':
    case 'multiple':
      return {
        ...base,
        options: (q.definition.options ?? []).map((o) => ({ ...o, feedback: feedback[o.id] ?? null })),
        correctOptionIds: q.type === 'single' ? (q.answerKey.optionId ? [q.answerKey.optionId] : []) : (q.answerKey.optionIds ?? []),
      };
    case 'true_false':
      return { ...base, correctValue: q.answerKey.value === true, trueFeedback: feedback.true ?? null, falseFeedback: feedback.false ?? null };
    case 'numeric':
      return { ...base, value: Number(q.answerKey.value), tolerance: q.answerKey.tolerance ?? 0, unit: q.definition.unit ?? null };
    case 'short_text':
      return { ...base, acceptedAnswers: q.answerKey.accepted ?? [] };
    case 'matching':
      return {
        ...base,
        items: q.definition.items ?? [],
        choices: q.definition.choices ?? [],
        pairs: Object.entries(q.answerKey.pairs ?? {}).map(([itemId, choiceId]) => ({ itemId, choiceId })),
      };
    case 'ordering': {
      const byId = new Map((q.definition.items ?? []).map((i) => [i.id, i]));
      return { ...base, items: (q.answerKey.order ?? []).map((id) => byId.get(id)).filter((i): i is PublicChoice => i !== undefined) };
    }
  }
}
