import { createHash } from 'node:crypto';
import { basename, extname } from 'node:path';
import { containsPassage, normaliseSpace, unsupportedNumbers, type ContentProblem, type YamlFile, type YamlPath } from '../../courses/index.js';
import {
  GRADING_METHODS,
  QUESTION_TYPES,
  REVIEW_TIMINGS,
  type AnswerKey,
  type Choice,
  type GradingMethod,
  type QuestionDefinition,
  type QuestionType,
  type ReviewPolicy,
  type ReviewTiming,
} from '../assessment.types.js';
import { normaliseShortText } from '../scoring.js';
import type { QuestionBankEntry, QuizContent, QuizSettingsContent, QuizSlotContent } from './quiz-content.types.js';

const SLUG_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const SLUG_HINT = 'lowercase letters, digits and single dashes (e.g. q1, key-figures)';
const OPTION_ID_PATTERN = /^[a-z]$/;
const ITEM_ID_PATTERN = /^[a-z][a-z0-9]{0,19}$/;
const MIN_PASSAGE_LENGTH = 10;
export const MIN_QUIZ_QUESTIONS = 3;
const MAX_SHORT_TEXT = 500;

/** The modules and publications the quiz files are checked against (the validated content bundle). */
export interface QuizValidationContext {
  /** Publication slug -> its verbatim source_text. */
  publications: ReadonlyMap<string, string>;
  /** Module slug -> the slug of the publication it is built from. */
  modules: ReadonlyMap<string, string>;
}

/** Collects the problems of one file, each prefixed with what it is about ("question q3"). */
class Scope {
  constructor(
    readonly file: YamlFile,
    private readonly problems: ContentProblem[],
    readonly label: string,
    readonly base: YamlPath = [],
  ) {}

  child(label: string, path: YamlPath): Scope {
    return new Scope(this.file, this.problems, label, [...this.base, ...path]);
  }

  report(path: YamlPath, message: string, options: { key?: boolean } = {}): void {
    const line = this.file.line([...this.base, ...path], options);
    this.problems.push({ file: this.file.display, line, message: this.label ? `${this.label}: ${message}` : message });
  }
}

function fieldName(path: YamlPath): string {
  let name = '';
  for (const segment of path) name += typeof segment === 'number' ? `[${segment}]` : name ? `.${segment}` : segment;
  return name || 'file';
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function record(scope: Scope, path: YamlPath, value: unknown, required: readonly string[], optional: readonly string[] = []): Record<string, unknown> | null {
  // A missing field has been reported by its parent's record().
  if (value === undefined && path.length > 0) return null;
  if (!isRecord(value)) {
    scope.report(path, `${fieldName(path)} must be a mapping of fields`);
    return null;
  }
  const known = new Set([...required, ...optional]);
  for (const key of Object.keys(value)) {
    if (!known.has(key)) scope.report([...path, key], `unknown field "${key}" (expected one of: ${[...known].join(', ')})`, { key: true });
  }
  for (const key of required) {
    if (!(key in value)) scope.report(path, `${path.length ? `${fieldName(path)}: ` : ''}missing field "${key}"`);
  }
  return value;
}

function text(scope: Scope, path: YamlPath, value: unknown, max: number, pattern?: RegExp, hint?: string): string | null {
  if (value === undefined) return null;
  if (typeof value === 'number') value = String(value);
  if (typeof value !== 'string' || value.trim() === '') {
    scope.report(path, `${fieldName(path)} must be a non-empty text`);
    return null;
  }
  if (value.length > max) {
    scope.report(path, `${fieldName(path)} is ${value.length} characters long; at most ${max} are allowed`);
    return null;
  }
  if (pattern && !pattern.test(value)) {
    scope.report(path, `${fieldName(path)} "${value}" must be ${hint ?? String(pattern)}`);
    return null;
  }
  return value;
}

function integer(scope: Scope, path: YamlPath, value: unknown, min: number, max: number, nullable = false): number | null | undefined {
  if (value === null && nullable) return null;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    scope.report(path, `${fieldName(path)} must be ${nullable ? 'null or ' : ''}a whole number from ${min} to ${max}`);
    return undefined;
  }
  return value;
}

function boolean(scope: Scope, path: YamlPath, value: unknown): boolean | undefined {
  if (typeof value !== 'boolean') {
    scope.report(path, `${fieldName(path)} must be true or false`);
    return undefined;
  }
  return value;
}

function oneOf<T extends string>(scope: Scope, path: YamlPath, value: unknown, allowed: readonly T[]): T | undefined {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    scope.report(path, `${fieldName(path)} must be one of ${allowed.join(', ')}`);
    return undefined;
  }
  return value as T;
}

function list(scope: Scope, path: YamlPath, value: unknown, min: number, max: number): unknown[] | null {
  if (value === undefined) return null;
  if (!Array.isArray(value)) {
    scope.report(path, `${fieldName(path)} must be a list`);
    return null;
  }
  if (value.length < min || value.length > max) {
    scope.report(path, `${fieldName(path)} has ${value.length} item(s); it needs ${min === max ? min : `${min} to ${max}`}`);
    return null;
  }
  return value;
}

/** Reports the second and later uses of a value (ids, texts). */
function unique(scope: Scope, values: (string | null)[], path: (i: number) => YamlPath, what: string): void {
  const seen = new Set<string>();
  values.forEach((v, i) => {
    if (v === null) return;
    if (seen.has(v)) scope.report(path(i), `${fieldName(path(i))}: ${what} "${v}" is used twice`);
    seen.add(v);
  });
}

// --- settings and slots -------------------------------------------------------------------------

const DEFAULT_REVIEW: ReviewPolicy = { score: 'immediately', correctness: 'immediately', correctAnswers: 'immediately', feedback: 'immediately' };

function readSettings(scope: Scope, value: unknown): QuizSettingsContent | null {
  const r = record(
    scope,
    ['settings'],
    value,
    ['title', 'pass_mark'],
    ['max_attempts', 'wait_seconds', 'time_limit_seconds', 'grading_method', 'review_policy', 'shuffle_questions', 'shuffle_options'],
  );
  if (!r) return null;
  const at = (k: string): YamlPath => ['settings', k];
  let reviewPolicy: ReviewPolicy | undefined = DEFAULT_REVIEW;
  if (r.review_policy !== undefined) {
    const p = record(scope, at('review_policy'), r.review_policy, ['score', 'correctness', 'correct_answers', 'feedback']);
    const timing = (k: string) => (p ? oneOf<ReviewTiming>(scope, ['settings', 'review_policy', k], p[k], REVIEW_TIMINGS) : undefined);
    const [score, correctness, correctAnswers, feedback] = ['score', 'correctness', 'correct_answers', 'feedback'].map(timing);
    reviewPolicy = score && correctness && correctAnswers && feedback ? { score, correctness, correctAnswers, feedback } : undefined;
  }
  const settings = {
    title: text(scope, at('title'), r.title, 200),
    passMark: r.pass_mark === undefined ? null : integer(scope, at('pass_mark'), r.pass_mark, 0, 100),
    maxAttempts: r.max_attempts === undefined ? null : integer(scope, at('max_attempts'), r.max_attempts, 1, 100, true),
    waitSeconds: r.wait_seconds === undefined ? 0 : integer(scope, at('wait_seconds'), r.wait_seconds, 0, 31_536_000),
    timeLimitSeconds: r.time_limit_seconds === undefined ? null : integer(scope, at('time_limit_seconds'), r.time_limit_seconds, 1, 86_400, true),
    gradingMethod: r.grading_method === undefined ? 'highest' : oneOf<GradingMethod>(scope, at('grading_method'), r.grading_method, GRADING_METHODS),
    reviewPolicy,
    shuffleQuestions: r.shuffle_questions === undefined ? true : boolean(scope, at('shuffle_questions'), r.shuffle_questions),
    shuffleOptions: r.shuffle_options === undefined ? true : boolean(scope, at('shuffle_options'), r.shuffle_options),
  };
  if (settings.title === null || settings.passMark === null || settings.passMark === undefined) return null;
  if (Object.values(settings).some((v) => v === undefined)) return null;
  return settings as QuizSettingsContent;
}

function readSlots(scope: Scope, value: unknown, questions: QuestionBankEntry[]): QuizSlotContent[] | null {
  if (value === undefined) return questions.map((q) => ({ question: q.slug, tag: null, draw: null, points: 1 }));
  const items = list(scope, ['slots'], value, 1, 100);
  if (!items) return null;
  const slugs = new Set(questions.map((q) => q.slug));
  const slots = items.map((item, i): QuizSlotContent | null => {
    const path: YamlPath = ['slots', i];
    const r = record(scope, path, item, [], ['question', 'tag', 'draw', 'points']);
    if (!r) return null;
    const points = r.points === undefined ? 1 : integer(scope, [...path, 'points'], r.points, 1, 100);
    if (points === null || points === undefined) return null;
    if ((r.question === undefined) === (r.tag === undefined)) {
      scope.report(path, 'a slot names either a question (fixed) or a tag and a draw count (random draw)');
      return null;
    }
    if (r.question !== undefined) {
      if (r.draw !== undefined) scope.report([...path, 'draw'], 'a fixed slot has no draw count');
      const question = text(scope, [...path, 'question'], r.question, 80, SLUG_PATTERN, SLUG_HINT);
      if (question && !slugs.has(question)) scope.report([...path, 'question'], `question "${question}" is not one of this file's questions`);
      return question && slugs.has(question) ? { question, tag: null, draw: null, points } : null;
    }
    const tag = text(scope, [...path, 'tag'], r.tag, 40, SLUG_PATTERN, SLUG_HINT);
    const draw =
      r.draw === undefined
        ? (scope.report(path, 'a random-draw slot needs "draw", the number of questions to draw'), undefined)
        : integer(scope, [...path, 'draw'], r.draw, 1, 100);
    if (!tag || !draw) return null;
    const tagged = questions.filter((q) => q.tags.includes(tag)).length;
    if (tagged < draw) scope.report([...path, 'draw'], `draws ${draw} question(s) tagged "${tag}", but only ${tagged} question(s) of this file carry that tag`);
    return { question: null, tag, draw, points };
  });
  // A question that is both fixed and in a drawn tag could appear twice in one attempt.
  const drawnTags = new Set(slots.flatMap((s) => (s?.tag ? [s.tag] : [])));
  slots.forEach((s, i) => {
    if (!s?.question) return;
    const q = questions.find((x) => x.slug === s.question);
    const clash = q?.tags.find((t) => drawnTags.has(t));
    if (clash)
      scope.report(['slots', i, 'question'], `question "${s.question}" is fixed here and also drawn at random by tag "${clash}": it could appear twice`);
  });
  unique(
    scope,
    slots.map((s) => s?.question ?? null),
    (i) => ['slots', i, 'question'],
    'fixed question',
  );
  return slots.every((s): s is QuizSlotContent => s !== null) ? slots : null;
}

// --- questions ----------------------------------------------------------------------------------

const COMMON_FIELDS = ['id', 'type', 'tags', 'prompt', 'feedback', 'source'] as const;
const TYPE_FIELDS: Record<QuestionType, { required: string[]; optional?: string[] }> = {
  single: { required: ['options', 'answer'] },
  multiple: { required: ['options', 'answer'] },
  true_false: { required: ['answer', 'feedback_true', 'feedback_false'] },
  numeric: { required: ['answer', 'tolerance'], optional: ['unit'] },
  short_text: { required: ['accepted'] },
  matching: { required: ['items', 'choices'] },
  ordering: { required: ['items'] },
};

/** Texts of a question whose digit-written numbers must come from the cited source, with where they stand. */
type CheckedText = [YamlPath, string];

/** A fixed, content-derived order that is not the answer's: what a learner sees before any shuffle. */
function scrambled<T extends Choice>(entries: T[], answerOrder: (list: T[]) => boolean): T[] {
  const key = (c: Choice) => createHash('sha256').update(`${c.id}\u0000${c.text}`).digest('hex');
  const out = [...entries].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  if (out.length > 1 && answerOrder(out)) out.push(out.shift()!);
  return out;
}

interface ChoiceRead {
  id: string;
  text: string;
  feedback: string | null;
  extra: Record<string, unknown>;
}

/** A list of {id, text[, feedback]} entries (options, matching items/choices, ordering items). */
function readChoices(
  scope: Scope,
  field: string,
  value: unknown,
  opts: { min: number; max: number; idPattern: RegExp; idHint: string; feedback: boolean; extra?: string[] },
  checked: CheckedText[],
): ChoiceRead[] | null {
  const items = list(scope, [field], value, opts.min, opts.max);
  if (!items) return null;
  const read = items.map((item, i): ChoiceRead | null => {
    const path: YamlPath = [field, i];
    const required = ['id', 'text', ...(opts.feedback ? ['feedback'] : []), ...(opts.extra ?? [])];
    const r = record(scope, path, item, required);
    if (!r) return null;
    const id = text(scope, [...path, 'id'], r.id, 20, opts.idPattern, opts.idHint);
    const t = text(scope, [...path, 'text'], r.text, 300);
    const feedback = opts.feedback ? text(scope, [...path, 'feedback'], r.feedback, 1000) : null;
    if (t) checked.push([[...path, 'text'], t]);
    if (feedback) checked.push([[...path, 'feedback'], feedback]);
    if (!id || !t || (opts.feedback && !feedback)) return null;
    return { id, text: t, feedback, extra: r };
  });
  unique(
    scope,
    read.map((c) => c?.id ?? null),
    (i) => [field, i, 'id'],
    'id',
  );
  unique(
    scope,
    read.map((c) => (c ? normaliseShortText(c.text) : null)),
    (i) => [field, i, 'text'],
    'text',
  );
  if (read.some((c) => c === null)) return null;
  const ids = read.map((c) => c!.id);
  return new Set(ids).size === ids.length ? (read as ChoiceRead[]) : null;
}

const feedbackOf = (entries: ChoiceRead[]) => Object.fromEntries(entries.map((c) => [c.id, c.feedback ?? '']));
const publicOf = (entries: ChoiceRead[]): Choice[] => entries.map((c) => ({ id: c.id, text: c.text }));

/** The type-specific part of a question: its public definition and its private key. */
function readTypeFields(
  scope: Scope,
  type: QuestionType,
  r: Record<string, unknown>,
  checked: CheckedText[],
): { definition: QuestionDefinition; answerKey: AnswerKey } | null {
  const OPTION = { idPattern: OPTION_ID_PATTERN, idHint: 'one lowercase letter (a, b, c...)', feedback: true };
  const ITEM = { idPattern: ITEM_ID_PATTERN, idHint: 'a lowercase letter then up to 19 letters or digits (e.g. i1, c2)' };
  switch (type) {
    case 'single': {
      const options = readChoices(scope, 'options', r.options, { ...OPTION, min: 3, max: 6 }, checked);
      const answer = text(scope, ['answer'], r.answer, 20);
      if (!options || !answer) return null;
      if (!options.some((o) => o.id === answer)) {
        scope.report(['answer'], `answer: correct option "${answer}" is not one of ${options.map((o) => o.id).join(', ')}`);
        return null;
      }
      return { definition: { options: publicOf(options) }, answerKey: { optionId: answer, optionFeedback: feedbackOf(options) } };
    }
    case 'multiple': {
      const options = readChoices(scope, 'options', r.options, { ...OPTION, min: 3, max: 8 }, checked);
      const answers = list(scope, ['answer'], r.answer, 1, 8)?.map((a, i) => text(scope, ['answer', i], a, 20));
      if (!options || !answers || answers.some((a) => a === null)) return null;
      const ids = options.map((o) => o.id);
      let ok = true;
      answers.forEach((a, i) => {
        if (!ids.includes(a!)) {
          scope.report(['answer', i], `answer[${i}]: correct option "${a}" is not one of ${ids.join(', ')}`);
          ok = false;
        }
      });
      if (new Set(answers).size !== answers.length) {
        scope.report(['answer'], 'answer: names an option twice');
        ok = false;
      }
      // Partial credit subtracts wrong picks over the incorrect options: there must be some.
      if (ok && answers.length === options.length) {
        scope.report(['answer'], 'answer: every option is correct; a multiple-response question needs at least one incorrect option');
        ok = false;
      }
      if (!ok) return null;
      const optionIds = ids.filter((id) => answers.includes(id));
      return { definition: { options: publicOf(options) }, answerKey: { optionIds, optionFeedback: feedbackOf(options) } };
    }
    case 'true_false': {
      const answer = boolean(scope, ['answer'], r.answer);
      const onTrue = text(scope, ['feedback_true'], r.feedback_true, 1000);
      const onFalse = text(scope, ['feedback_false'], r.feedback_false, 1000);
      if (onTrue) checked.push([['feedback_true'], onTrue]);
      if (onFalse) checked.push([['feedback_false'], onFalse]);
      if (answer === undefined || !onTrue || !onFalse) return null;
      return { definition: {}, answerKey: { value: answer, optionFeedback: { true: onTrue, false: onFalse } } };
    }
    case 'numeric': {
      const finite = (path: YamlPath, v: unknown, min = -Infinity): number | null => {
        if (typeof v !== 'number' || !Number.isFinite(v) || v < min) {
          scope.report(path, `${fieldName(path)} must be a number${min === 0 ? ' of 0 or more' : ''}`);
          return null;
        }
        return v;
      };
      const value = finite(['answer'], r.answer);
      const tolerance = finite(['tolerance'], r.tolerance, 0);
      const unit = r.unit === undefined || r.unit === null ? null : text(scope, ['unit'], r.unit, 40);
      if (value !== null) checked.push([['answer'], String(value)]);
      if (unit) checked.push([['unit'], unit]);
      if (value === null || tolerance === null || (r.unit != null && unit === null)) return null;
      return { definition: { unit }, answerKey: { value, tolerance } };
    }
    case 'short_text': {
      const accepted = list(scope, ['accepted'], r.accepted, 1, 20)?.map((a, i) => text(scope, ['accepted', i], a, MAX_SHORT_TEXT));
      if (!accepted || accepted.some((a) => a === null)) return null;
      accepted.forEach((a, i) => checked.push([['accepted', i], a!]));
      unique(
        scope,
        accepted.map((a) => normaliseShortText(a!)),
        (i) => ['accepted', i],
        'accepted answer (after normalising case and spaces)',
      );
      const normalised = [...new Set(accepted.map((a) => normaliseShortText(a!)))];
      return normalised.length === accepted.length ? { definition: {}, answerKey: { accepted: accepted as string[] } } : null;
    }
    case 'matching': {
      const items = readChoices(scope, 'items', r.items, { ...ITEM, min: 2, max: 10, feedback: true, extra: ['match'] }, checked);
      const choices = readChoices(scope, 'choices', r.choices, { ...ITEM, min: 2, max: 12, feedback: false }, checked);
      if (!items || !choices) return null;
      const choiceIds = choices.map((c) => c.id);
      let ok = true;
      for (const [i, item] of items.entries()) {
        if (choiceIds.includes(item.id)) {
          scope.report(['items', i, 'id'], `items[${i}].id: id "${item.id}" is used by a choice too; items and choices need distinct ids`);
          ok = false;
        }
        const match = text(scope, ['items', i, 'match'], item.extra.match, 20);
        if (match && !choiceIds.includes(match)) {
          scope.report(['items', i, 'match'], `items[${i}].match: "${match}" is not one of the choices ${choiceIds.join(', ')}`);
          ok = false;
        }
        if (!match) ok = false;
      }
      if (!ok) return null;
      const pairs = Object.fromEntries(items.map((item) => [item.id, item.extra.match as string]));
      const shownChoices = scrambled(publicOf(choices), (l) => items.every((item, i) => l[i]?.id === pairs[item.id]));
      return { definition: { items: publicOf(items), choices: shownChoices }, answerKey: { pairs, optionFeedback: feedbackOf(items) } };
    }
    case 'ordering': {
      const items = readChoices(scope, 'items', r.items, { ...ITEM, min: 3, max: 10, feedback: true }, checked);
      if (!items) return null;
      const order = items.map((i) => i.id);
      const shown = scrambled(publicOf(items), (l) => l.every((c, i) => c.id === order[i]));
      return { definition: { items: shown }, answerKey: { order, optionFeedback: feedbackOf(items) } };
    }
  }
}

function readQuestion(scope: Scope, value: unknown, context: QuizValidationContext, publication: string | null): QuestionBankEntry | null {
  const type =
    isRecord(value) && typeof value.type === 'string' && (QUESTION_TYPES as readonly string[]).includes(value.type) ? (value.type as QuestionType) : null;
  const fields = type ? TYPE_FIELDS[type] : { required: [], optional: Object.values(TYPE_FIELDS).flatMap((f) => [...f.required, ...(f.optional ?? [])]) };
  const r = record(scope, [], value, [...COMMON_FIELDS, ...fields.required], fields.optional ?? []);
  if (!r) return null;
  if (!type) {
    if (r.type !== undefined) oneOf(scope, ['type'], r.type, QUESTION_TYPES);
    return null;
  }
  const checked: CheckedText[] = [];
  const slug = text(scope, ['id'], r.id, 80, SLUG_PATTERN, SLUG_HINT);
  const prompt = text(scope, ['prompt'], r.prompt, 1000);
  const feedback = text(scope, ['feedback'], r.feedback, 2000);
  if (prompt) checked.push([['prompt'], prompt]);
  if (feedback) checked.push([['feedback'], feedback]);
  const tags = list(scope, ['tags'], r.tags, 1, 10)?.map((t, i) => text(scope, ['tags', i], t, 40, SLUG_PATTERN, SLUG_HINT));
  if (tags) unique(scope, tags, (i) => ['tags', i], 'tag');
  const typed = readTypeFields(scope, type, r, checked);

  // Provenance: the passage is verbatim in the module's publication, and every figure shown is in that source.
  let source: { publication: string; passage: string } | null = null;
  const s = record(scope, ['source'], r.source, ['publication', 'passage']);
  if (s) {
    const pub = text(scope, ['source', 'publication'], s.publication, 80, SLUG_PATTERN, SLUG_HINT);
    const passage = text(scope, ['source', 'passage'], s.passage, 2000);
    const sourceText = pub ? context.publications.get(pub) : undefined;
    if (pub && sourceText === undefined)
      scope.report(['source', 'publication'], `publication "${pub}" does not exist (no backend/content/publications/${pub}.yaml)`);
    else if (pub && publication && pub !== publication)
      scope.report(
        ['source', 'publication'],
        `cites "${pub}", but the module is built from "${publication}"; a question is grounded in its module's publication`,
      );
    if (passage && normaliseSpace(passage).length < MIN_PASSAGE_LENGTH)
      scope.report(['source', 'passage'], `passage "${passage}" is too short to identify a statement (at least ${MIN_PASSAGE_LENGTH} characters)`);
    else if (passage && sourceText !== undefined && !containsPassage(sourceText, passage))
      scope.report(['source', 'passage'], `passage "${passage.slice(0, 60)}${passage.length > 60 ? '…' : ''}" is not in the source_text of ${pub}`);
    if (pub && passage && sourceText !== undefined) {
      source = { publication: pub, passage };
      for (const [path, value] of checked) {
        for (const n of unsupportedNumbers(value, [sourceText]))
          scope.report(path, `${fieldName(path)}: the number ${n} does not appear in the source text of ${pub}; every figure must come from a cited source`);
      }
    }
  }
  if (!slug || !prompt || !feedback || !tags || tags.some((t) => t === null) || !typed || !source) return null;
  return { slug, type, tags: tags as string[], prompt, ...typed, generalFeedback: feedback, source };
}

function readQuizFile(file: YamlFile, problems: ContentProblem[], context: QuizValidationContext): QuizContent | null {
  const root = new Scope(file, problems, 'quiz');
  const r = record(root, [], file.data(), ['module', 'settings', 'questions'], ['slots']);
  if (!r) return null;
  const module = text(root, ['module'], r.module, 80, SLUG_PATTERN, SLUG_HINT);
  const scope = new Scope(file, problems, `quiz ${module ?? '?'}`);
  const name = basename(file.display, extname(file.display));
  if (module && name !== module) scope.report(['module'], `module "${module}" must match the file name "${name}"`);
  const publication = module ? (context.modules.get(module) ?? null) : null;
  if (module && publication === null) scope.report(['module'], `module "${module}" does not exist (no backend/content/modules/${module}.yaml)`);

  const settings = readSettings(scope, r.settings);
  const items = list(scope, ['questions'], r.questions, MIN_QUIZ_QUESTIONS, 200) ?? [];
  const questionScopes = items.map((item, i) =>
    scope.child(`question ${isRecord(item) && typeof item.id === 'string' ? item.id : `#${i + 1}`}`, ['questions', i]),
  );
  const questions = items.map((item, i) => readQuestion(questionScopes[i]!, item, context, publication));
  const ids = items.map((item) => (isRecord(item) && typeof item.id === 'string' ? item.id : null));
  unique(scope, ids, (i) => ['questions', i, 'id'], 'question id');
  const valid = questions.filter((q): q is QuestionBankEntry => q !== null);
  const slots = readSlots(scope, r.slots, valid);
  if (!module || !publication || !settings || !slots || valid.length !== items.length || items.length === 0) return null;
  return { module, settings, questions: valid, slots, file: file.display };
}

/**
 * Checks quiz files against the (already validated) modules and publications. Returns the
 * quizzes only when nothing is wrong; otherwise every problem, each with its file and line.
 * Two files for one module is a problem: overriding happens before (see readQuizFiles).
 */
export function validateQuizFiles(files: readonly YamlFile[], context: QuizValidationContext): { quizzes: QuizContent[] | null; problems: ContentProblem[] } {
  const problems: ContentProblem[] = files.flatMap((f) => f.syntaxProblems());
  if (problems.length) return { quizzes: null, problems };
  const quizzes: QuizContent[] = [];
  const seen = new Map<string, string>();
  for (const file of files) {
    const quiz = readQuizFile(file, problems, context);
    if (!quiz) continue;
    const other = seen.get(quiz.module);
    if (other) {
      new Scope(file, problems, `quiz ${quiz.module}`).report(['module'], `module "${quiz.module}" already has a quiz in ${other}`);
      continue;
    }
    seen.set(quiz.module, file.display);
    quizzes.push(quiz);
  }
  const sorted = [...problems].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
  return problems.length ? { quizzes: null, problems: sorted } : { quizzes, problems: [] };
}
