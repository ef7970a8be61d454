import { basename, extname } from 'node:path';
import { COURSE_STATUSES, type CourseStatus } from '../course.entity.js';
import { lintLessonMarkdown } from '../lesson-markdown.js';
import type { SourceRef } from '../module.entity.js';
import { FINDING_KINDS, type FindingKind, type PublicationCredit, type PublicationFinding } from '../../library/index.js';
import { containsPassage, normaliseSpace, unsupportedNumbers } from './content-text.js';
import {
  ATTRIBUTION,
  checkContentNote,
  countActivities,
  countWords,
  GLOSSARY_LABELS,
  type GlossaryLabel,
  minutesRange,
  missesReferNotInvestigate,
  passageUsesTerm,
  sensitiveSubjectsIn,
} from './content-rules.js';
import type {
  ContentBundle,
  CourseContent,
  CourseModuleContent,
  FigureContent,
  GlossaryTermContent,
  LessonContent,
  ModuleContent,
  PublicationContent,
  PublicationDate,
} from './content.types.js';
import type { ContentProblem, YamlFile, YamlPath } from './yaml-file.js';

export const SLUG_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const SLUG_HINT = 'lowercase letters, digits and single dashes (e.g. key-findings)';
const MIN_PASSAGE_LENGTH = 10;

/** Collects problems for one file, each prefixed with what it is about ("lesson key-findings"). */
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

  report(path: YamlPath, message: string, options: { key?: boolean; lineOffset?: number } = {}): void {
    const line = this.file.line([...this.base, ...path], options) + (options.lineOffset ?? 0);
    this.problems.push({ file: this.file.display, line, message: this.label ? `${this.label}: ${message}` : message });
  }
}

/** "title", "learning_objectives[2]", "options[1].text": how a field is named in messages. */
function fieldName(path: YamlPath): string {
  let name = '';
  for (const segment of path) {
    if (typeof segment === 'number') name += `[${segment}]`;
    else name += name ? `.${segment}` : segment;
  }
  return name || 'file';
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function record(scope: Scope, path: YamlPath, value: unknown, required: readonly string[], optional: readonly string[] = []): Record<string, unknown> | null {
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
    if (!(key in value)) scope.report(path, `missing field "${key}"`);
  }
  return value;
}

interface TextRule {
  max?: number;
  pattern?: RegExp;
  hint?: string;
}

// The readers below stay silent about a missing (undefined) value: record() has reported it.

function text(scope: Scope, path: YamlPath, value: unknown, rule: TextRule = {}): string | null {
  if (value === undefined) return null;
  if (typeof value !== 'string' || value.trim() === '') {
    scope.report(path, `${fieldName(path)} must be a non-empty text`);
    return null;
  }
  if (rule.max !== undefined && value.length > rule.max) {
    scope.report(path, `${fieldName(path)} is ${value.length} characters long; at most ${rule.max} are allowed`);
    return null;
  }
  if (rule.pattern && !rule.pattern.test(value)) {
    scope.report(path, `${fieldName(path)} "${value}" must be ${rule.hint ?? `like ${String(rule.pattern)}`}`);
    return null;
  }
  return value;
}

/** Present but null means "the source does not say": the author has to say so explicitly. */
function optionalText(scope: Scope, path: YamlPath, value: unknown, rule: TextRule = {}): string | null | undefined {
  if (value === null || value === undefined) return null;
  return text(scope, path, value, rule) ?? undefined;
}

function integer(scope: Scope, path: YamlPath, value: unknown, min: number, max: number): number | null {
  if (value === undefined) return null;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    scope.report(path, `${fieldName(path)} must be a whole number from ${min} to ${max}`);
    return null;
  }
  return value;
}

function list(scope: Scope, path: YamlPath, value: unknown, min: number, max = 100): unknown[] | null {
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

function textList(scope: Scope, path: YamlPath, value: unknown, min: number, rule: TextRule = {}): string[] | null {
  const items = list(scope, path, value, min);
  if (!items) return null;
  const out = items.map((item, i) => text(scope, [...path, i], item, rule));
  return out.every((v): v is string => v !== null) ? out : null;
}

/** An optional yes/no field: absent means no. */
function flag(scope: Scope, path: YamlPath, value: unknown): boolean {
  if (value === undefined || value === false) return false;
  if (value === true) return true;
  scope.report(path, `${fieldName(path)} must be true or false (or left out)`);
  return false;
}

function slugField(scope: Scope, path: YamlPath, value: unknown): string | null {
  return text(scope, path, value, { max: 80, pattern: SLUG_PATTERN, hint: SLUG_HINT });
}

function parseDate(scope: Scope, path: YamlPath, value: unknown): PublicationDate | null | undefined {
  if (value === null) return null;
  const match = typeof value === 'string' ? /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(value) : null;
  if (!match) {
    scope.report(path, `date must be null or a quoted "YYYY", "YYYY-MM" or "YYYY-MM-DD", as precise as the source says`);
    return undefined;
  }
  const year = Number(match[1]);
  const month = match[2] ? Number(match[2]) : null;
  const day = match[3] ? Number(match[3]) : null;
  const daysInMonth = month ? new Date(Date.UTC(year, month, 0)).getUTCDate() : 0;
  if (year < 1800 || year > 2200 || (month !== null && (month < 1 || month > 12)) || (day !== null && (day < 1 || day > daysInMonth))) {
    scope.report(path, `date "${String(value)}" is not a real date`);
    return undefined;
  }
  return { year, month, day };
}

function sourceRef(scope: Scope, path: YamlPath, value: unknown): SourceRef | null {
  const r = record(scope, path, value, ['publication', 'passage']);
  if (!r) return null;
  const publication = slugField(scope, [...path, 'publication'], r.publication);
  const passage = text(scope, [...path, 'passage'], r.passage);
  if (passage !== null && normaliseSpace(passage).length < MIN_PASSAGE_LENGTH) {
    scope.report([...path, 'passage'], `passage "${passage}" is too short to identify a statement (at least ${MIN_PASSAGE_LENGTH} characters)`);
    return null;
  }
  return publication && passage ? { publication, passage } : null;
}

function expectFileName(scope: Scope, slug: string | null): void {
  const name = basename(scope.file.display, extname(scope.file.display));
  if (slug && name !== slug) scope.report(['slug'], `slug "${slug}" must match the file name "${name}"`);
}

// --- shapes -----------------------------------------------------------------------------------

function readPublication(file: YamlFile, problems: ContentProblem[]): PublicationContent | null {
  const root = new Scope(file, problems, 'publication');
  const r = record(root, [], file.data(), [
    'slug',
    'title',
    'publisher',
    'date',
    'region',
    'topics',
    'summary',
    'findings',
    'figures',
    'credit',
    'source_url',
    'source_text',
  ]);
  if (!r) return null;
  const slug = slugField(root, ['slug'], r.slug);
  const scope = new Scope(file, problems, `publication ${slug ?? '?'}`);
  expectFileName(scope, slug);

  const findings = list(scope, ['findings'], r.findings, 0)?.map((item, i): PublicationFinding | null => {
    const f = record(scope, ['findings', i], item, ['kind', 'text', 'passage']);
    if (!f) return null;
    const kind = text(scope, ['findings', i, 'kind'], f.kind, {
      pattern: new RegExp(`^(${FINDING_KINDS.join('|')})$`),
      hint: `one of ${FINDING_KINDS.join(', ')}`,
    }) as FindingKind | null;
    const t = text(scope, ['findings', i, 'text'], f.text, { max: 600 });
    const passage = text(scope, ['findings', i, 'passage'], f.passage);
    return kind && t && passage ? { kind, text: t, passage } : null;
  });
  const figures = list(scope, ['figures'], r.figures, 0)?.map((item, i): FigureContent | null => {
    const f = record(scope, ['figures', i], item, ['value', 'label', 'passage']);
    if (!f) return null;
    const value = text(scope, ['figures', i, 'value'], typeof f.value === 'number' ? String(f.value) : f.value, { max: 60 });
    const label = text(scope, ['figures', i, 'label'], f.label, { max: 200 });
    const passage = text(scope, ['figures', i, 'passage'], f.passage);
    return value && label && passage ? { value, label, passage } : null;
  });
  let credit: PublicationCredit | null | undefined = null;
  if (r.credit !== null && r.credit !== undefined) {
    const c = record(scope, ['credit'], r.credit, ['text', 'passage']);
    const t = c ? text(scope, ['credit', 'text'], c.text, { max: 600 }) : null;
    const passage = c ? text(scope, ['credit', 'passage'], c.passage) : null;
    credit = t && passage ? { text: t, passage } : undefined;
  }
  const topics = textList(scope, ['topics'], r.topics, 1, { max: 40, pattern: /^[a-z0-9][a-z0-9 '-]*$/, hint: 'a short lowercase tag' });
  if (topics && new Set(topics).size !== topics.length) scope.report(['topics'], 'topics must not repeat');

  const value: PublicationContent = {
    slug: slug ?? '',
    title: text(scope, ['title'], r.title, { max: 300 }) ?? '',
    publisher: text(scope, ['publisher'], r.publisher, { max: 200 }) ?? '',
    date: parseDate(scope, ['date'], r.date) ?? null,
    region: optionalText(scope, ['region'], r.region, { max: 100 }) ?? null,
    topics: topics ?? [],
    summary: text(scope, ['summary'], r.summary, { max: 2000 }) ?? '',
    findings: (findings ?? []).filter((f): f is PublicationFinding => f !== null),
    figures: (figures ?? []).filter((f): f is FigureContent => f !== null),
    credit: credit ?? null,
    sourceUrl:
      optionalText(scope, ['source_url'], r.source_url, { pattern: /^https?:\/\/\S+$/, hint: 'an http(s) URL, or null when the source gives none' }) ?? null,
    sourceText: text(scope, ['source_text'], r.source_text) ?? '',
  };
  return value;
}

function readLesson(scope: Scope, value: unknown): LessonContent | null {
  const r = record(
    scope,
    [],
    value,
    ['slug', 'title', 'estimated_minutes', 'learning_objectives', 'sources', 'body'],
    ['content_note', 'synthesis', 'glossary_terms'],
  );
  if (!r) return null;
  const sources = list(scope, ['sources'], r.sources, 1)?.map((s, i) => sourceRef(scope, ['sources', i], s));
  const body = text(scope, ['body'], r.body);
  if (body) {
    for (const p of lintLessonMarkdown(body)) scope.report(['body'], `body: ${p.message}`, { lineOffset: 1 + p.line });
  }
  const lesson: LessonContent = {
    slug: slugField(scope, ['slug'], r.slug) ?? '',
    title: text(scope, ['title'], r.title, { max: 200 }) ?? '',
    estimatedMinutes: integer(scope, ['estimated_minutes'], r.estimated_minutes, 1, 600) ?? 0,
    objectives: textList(scope, ['learning_objectives'], r.learning_objectives, 1, { max: 300 }) ?? [],
    contentNote: optionalText(scope, ['content_note'], r.content_note, { max: 500 }) ?? null,
    synthesis: flag(scope, ['synthesis'], r.synthesis),
    glossaryTerms:
      r.glossary_terms === undefined ? [] : (textList(scope, ['glossary_terms'], r.glossary_terms, 1, { pattern: SLUG_PATTERN, hint: SLUG_HINT }) ?? []),
    sources: (sources ?? []).filter((s): s is SourceRef => s !== null),
    body: body ?? '',
  };
  return lesson;
}

interface ModuleRead {
  module: ModuleContent;
  lessonScopes: Scope[];
  scope: Scope;
}

function readModule(file: YamlFile, problems: ContentProblem[]): ModuleRead | null {
  const root = new Scope(file, problems, 'module');
  const r = record(root, [], file.data(), ['slug', 'title', 'summary', 'publication', 'learning_objectives', 'lessons'], ['quiz']);
  if (!r) return null;
  const slug = slugField(root, ['slug'], r.slug);
  const scope = new Scope(file, problems, `module ${slug ?? '?'}`);
  expectFileName(scope, slug);
  // Issue #9 moved quizzes into files of their own, read by the assessment module.
  if ('quiz' in r) scope.report(['quiz'], `quiz: a module's questions live in quizzes/${slug ?? '<module>'}.yaml (backend/content/README.md)`, { key: true });

  const lessonItems = list(scope, ['lessons'], r.lessons, 1) ?? [];
  const lessonScopes = lessonItems.map((item, i) => {
    const s = isRecord(item) && typeof item.slug === 'string' ? item.slug : `#${i + 1}`;
    return scope.child(`lesson ${s}`, ['lessons', i]);
  });
  const lessons = lessonItems.map((item, i) => readLesson(lessonScopes[i]!, item));

  unique(
    lessons.map((l) => l?.slug),
    (i, s) => lessonScopes[i]!.report(['slug'], `lesson slug "${s}" is used twice in this module`),
  );

  return {
    module: {
      slug: slug ?? '',
      title: text(scope, ['title'], r.title, { max: 200 }) ?? '',
      summary: text(scope, ['summary'], r.summary, { max: 1000 }) ?? '',
      publication: slugField(scope, ['publication'], r.publication) ?? '',
      objectives: textList(scope, ['learning_objectives'], r.learning_objectives, 1, { max: 300 }) ?? [],
      lessons: lessons.filter((l): l is LessonContent => l !== null),
    },
    lessonScopes,
    scope,
  };
}

function readCourse(file: YamlFile, problems: ContentProblem[]): { course: CourseContent; scope: Scope } | null {
  const root = new Scope(file, problems, 'course');
  const r = record(
    root,
    [],
    file.data(),
    ['slug', 'title', 'status', 'pass_mark', 'summary', 'audience', 'learning_objectives', 'modules'],
    ['content_note', 'validity_months'],
  );
  if (!r) return null;
  const slug = slugField(root, ['slug'], r.slug);
  const scope = new Scope(file, problems, `course ${slug ?? '?'}`);
  expectFileName(scope, slug);
  const status = text(scope, ['status'], r.status, {
    pattern: new RegExp(`^(${COURSE_STATUSES.join('|')})$`),
    hint: `one of ${COURSE_STATUSES.join(', ')}`,
  }) as CourseStatus | null;
  const modules = list(scope, ['modules'], r.modules, 1)?.map((item, i): CourseModuleContent | null => {
    const m = record(scope, ['modules', i], item, ['module'], ['requires']);
    if (!m) return null;
    const module = slugField(scope, ['modules', i, 'module'], m.module);
    const requires = m.requires === undefined ? [] : textList(scope, ['modules', i, 'requires'], m.requires, 0, { pattern: SLUG_PATTERN, hint: SLUG_HINT });
    return module && requires ? { module, requires } : null;
  });
  return {
    course: {
      slug: slug ?? '',
      title: text(scope, ['title'], r.title, { max: 200 }) ?? '',
      status: status ?? 'draft',
      passMark: integer(scope, ['pass_mark'], r.pass_mark, 0, 100) ?? 0,
      summary: text(scope, ['summary'], r.summary, { max: 1500 }) ?? '',
      audience: text(scope, ['audience'], r.audience, { max: 600 }) ?? '',
      objectives: textList(scope, ['learning_objectives'], r.learning_objectives, 1, { max: 300 }) ?? [],
      contentNote: optionalText(scope, ['content_note'], r.content_note, { max: 600 }) ?? null,
      validityMonths: r.validity_months === undefined ? null : integer(scope, ['validity_months'], r.validity_months, 1, 120),
      modules: (modules ?? []).filter((m): m is CourseModuleContent => m !== null),
    },
    scope,
  };
}

function readGlossary(file: YamlFile, problems: ContentProblem[]): { terms: GlossaryTermContent[]; scopes: Scope[] } | null {
  const root = new Scope(file, problems, 'glossary');
  const r = record(root, [], file.data(), ['terms']);
  if (!r) return null;
  const items = list(root, ['terms'], r.terms, 1, 500) ?? [];
  const scopes = items.map((item, i) => root.child(`term ${isRecord(item) && typeof item.slug === 'string' ? item.slug : `#${i + 1}`}`, ['terms', i]));
  const terms = items.map((item, i): GlossaryTermContent | null => {
    const scope = scopes[i]!;
    const t = record(scope, [], item, ['slug', 'term', 'label', 'definition', 'appears_in']);
    if (!t) return null;
    const label = text(scope, ['label'], t.label, {
      pattern: new RegExp(`^(${GLOSSARY_LABELS.join('|')})$`),
      hint: `${GLOSSARY_LABELS.join(', ')}: the glossary holds only the course's own explanations, never a publication's finding`,
    }) as GlossaryLabel | null;
    const appearsIn = list(scope, ['appears_in'], t.appears_in, 1)?.map((s, j) => sourceRef(scope, ['appears_in', j], s));
    const entry = {
      slug: slugField(scope, ['slug'], t.slug),
      term: text(scope, ['term'], t.term, { max: 80 }),
      label,
      definition: text(scope, ['definition'], t.definition, { max: 600 }),
      appearsIn: (appearsIn ?? []).filter((s): s is SourceRef => s !== null),
    };
    // A bad label is reported above; the entry is still checked, so one pass reports everything.
    return entry.slug && entry.term && entry.definition ? ({ ...entry, label: entry.label ?? GLOSSARY_LABELS[0] } as GlossaryTermContent) : null;
  });
  unique(
    terms.map((t) => t?.slug),
    (i, s) => scopes[i]!.report(['slug'], `term slug "${s}" is used twice in the glossary`),
  );
  return { terms: terms.filter((t): t is GlossaryTermContent => t !== null), scopes };
}

function unique(values: (string | undefined)[], onRepeat: (index: number, value: string) => void): void {
  const seen = new Set<string>();
  values.forEach((v, i) => {
    if (!v) return;
    if (seen.has(v)) onRepeat(i, v);
    seen.add(v);
  });
}

// --- cross-file rules -------------------------------------------------------------------------

/** Reports digits-written numbers in `value` that none of the given source texts contains. */
function checkNumbers(scope: Scope, path: YamlPath, value: string, sources: readonly string[], cited: string, multiline = false): void {
  for (const n of unsupportedNumbers(value, sources)) {
    const lineIndex = multiline ? value.split('\n').findIndex((l) => unsupportedNumbers(l, sources).includes(n)) : -1;
    scope.report(path, `${fieldName(path)}: the number ${n} does not appear in the source text of ${cited}; every figure must come from a cited source`, {
      lineOffset: lineIndex >= 0 ? 1 + lineIndex : 0,
    });
  }
}

function checkPassage(scope: Scope, path: YamlPath, passage: string, publication: PublicationContent | undefined, slug: string): void {
  if (!publication) {
    scope.report([...path, 'publication'], `publication "${slug}" does not exist (no backend/content/publications/${slug}.yaml)`);
    return;
  }
  if (!containsPassage(publication.sourceText, passage)) {
    scope.report([...path, 'passage'], `passage "${passage.slice(0, 60)}${passage.length > 60 ? '…' : ''}" is not in the source_text of ${slug}`);
  }
}

export interface ContentFiles {
  publications: YamlFile[];
  modules: YamlFile[];
  courses: YamlFile[];
  /** backend/content/glossary.yaml, when there is one. */
  glossary?: YamlFile | null;
}

/** A lesson's listed sensitive subjects: what its title, body and cited passages mention. */
function lessonSubjects(lesson: LessonContent): string[] {
  return sensitiveSubjectsIn([lesson.title, lesson.body, ...lesson.sources.map((s) => s.passage)].join('\n'));
}

/** The content-note rule (README, "Content notes"), for a lesson or a course. */
function checkNote(scope: Scope, note: string | null, discussed: string[], where: string): void {
  const { unnamed, unsupported } = checkContentNote(note, discussed);
  if (!note && unnamed.length) {
    scope.report(
      [],
      `${where} discusses ${unnamed.join(', ')}: it needs a content_note naming ${unnamed.length > 1 ? 'them' : 'it'} (README, "Content notes")`,
    );
    return;
  }
  if (unnamed.length) scope.report(['content_note'], `content_note does not name ${unnamed.join(', ')}, which the ${where} discusses`);
  if (unsupported.length) scope.report(['content_note'], `content_note names ${unsupported.join(', ')}, which the ${where} never discusses`);
}

/** The time rule (README, "Estimated minutes"): a lesson claims what its words and activities take. */
function checkMinutes(scope: Scope, lesson: LessonContent): void {
  if (!lesson.estimatedMinutes || !lesson.body) return;
  const words = countWords(lesson.body);
  const activities = countActivities(lesson.body);
  const { min, max } = minutesRange(words, activities.total);
  if (lesson.estimatedMinutes < min || lesson.estimatedMinutes > max) {
    scope.report(
      ['estimated_minutes'],
      `estimated_minutes is ${lesson.estimatedMinutes}, but ${words} words and ${activities.total} activities (${activities.questions} questions, ${activities.tables} tables) allow ${min} to ${max}`,
    );
  }
}

/**
 * Checks every content file and every reference between them. Returns the bundle only when
 * nothing is wrong; otherwise every problem found, each with its file and line.
 */
export function validateContent(files: ContentFiles): { bundle: ContentBundle | null; problems: ContentProblem[] } {
  const problems: ContentProblem[] = [];
  const all = [...files.publications, ...files.modules, ...files.courses, ...(files.glossary ? [files.glossary] : [])];
  for (const file of all) problems.push(...file.syntaxProblems());
  if (problems.length > 0) return { bundle: null, problems };

  // Publications: every statement must be in its own source text.
  const publications = new Map<string, PublicationContent>();
  for (const file of files.publications) {
    const p = readPublication(file, problems);
    if (!p || !p.slug) continue;
    const scope = new Scope(file, problems, `publication ${p.slug}`);
    if (publications.has(p.slug)) {
      scope.report(['slug'], `publication slug "${p.slug}" is already used by another file`);
      continue;
    }
    publications.set(p.slug, p);
    if (!p.sourceText) continue;
    if (p.title && !containsPassage(p.sourceText, p.title)) scope.report(['title'], `title "${p.title}" does not appear in source_text`);
    p.findings.forEach((f, i) => {
      if (!containsPassage(p.sourceText, f.passage)) scope.report(['findings', i, 'passage'], `passage is not in source_text`);
      checkNumbers(scope, ['findings', i, 'text'], f.text, [f.passage], 'its passage');
    });
    p.figures.forEach((f, i) => {
      if (!containsPassage(p.sourceText, f.passage)) scope.report(['figures', i, 'passage'], `passage is not in source_text`);
      checkNumbers(scope, ['figures', i, 'value'], f.value, [f.passage], 'its passage');
      checkNumbers(scope, ['figures', i, 'label'], f.label, [p.sourceText], p.slug);
    });
    if (p.credit) {
      if (!containsPassage(p.sourceText, p.credit.passage)) scope.report(['credit', 'passage'], `passage is not in source_text`);
      checkNumbers(scope, ['credit', 'text'], p.credit.text, [p.credit.passage], 'its passage');
    }
    checkNumbers(scope, ['summary'], p.summary, [p.sourceText], p.slug);
  }

  // Modules: sources must exist and be quoted exactly; numbers must come from what is cited.
  const modules = new Map<string, ModuleContent>();
  const synthesisLessons: { module: string; lesson: LessonContent; scope: Scope }[] = [];
  const glossaryUses: { slug: string; lesson: LessonContent; scope: Scope; path: YamlPath }[] = [];
  const sourceTexts = (refs: SourceRef[]) => refs.map((s) => publications.get(s.publication)?.sourceText ?? '');
  for (const file of files.modules) {
    const read = readModule(file, problems);
    if (!read || !read.module.slug) continue;
    const { module: m, scope } = read;
    if (modules.has(m.slug)) {
      scope.report(['slug'], `module slug "${m.slug}" is already used by another file`);
      continue;
    }
    modules.set(m.slug, m);
    const publication = publications.get(m.publication);
    if (m.publication && !publication) {
      scope.report(['publication'], `publication "${m.publication}" does not exist (no backend/content/publications/${m.publication}.yaml)`);
    }
    if (publication) {
      checkNumbers(scope, ['title'], m.title, [publication.sourceText], m.publication);
      checkNumbers(scope, ['summary'], m.summary, [publication.sourceText], m.publication);
      m.objectives.forEach((o, j) => checkNumbers(scope, ['learning_objectives', j], o, [publication.sourceText], m.publication));
    }
    m.lessons.forEach((lesson, i) => {
      const s = read.lessonScopes[i]!;
      lesson.sources.forEach((ref, j) => checkPassage(s, ['sources', j], ref.passage, publications.get(ref.publication), ref.publication));
      checkMinutes(s, lesson);
      checkNote(s, lesson.contentNote, lessonSubjects(lesson), 'lesson');
      if (missesReferNotInvestigate(lesson.body)) {
        s.report(['body'], 'body asks staff to look for signs of exploitation: it must also say that their part is to refer a concern, not to investigate it');
      }
      const cites = [...new Set(lesson.sources.map((x) => x.publication))];
      if (lesson.synthesis) {
        if (cites.length < 2) s.report(['sources'], 'a synthesis lesson draws publications together: it must cite at least two');
        synthesisLessons.push({ module: m.slug, lesson, scope: s });
      } else {
        lesson.sources.forEach((ref, j) => {
          if (m.publication && ref.publication !== m.publication && publications.has(ref.publication)) {
            s.report(
              ['sources', j, 'publication'],
              `cites ${ref.publication}, but the module is built from ${m.publication}; only a lesson marked synthesis: true may cite other publications`,
            );
          }
        });
      }
      lesson.glossaryTerms.forEach((slug, j) => glossaryUses.push({ slug, lesson, scope: s, path: ['glossary_terms', j] }));
      // A source that does not exist is already reported; its numbers cannot be checked.
      if (lesson.sources.some((ref) => !publications.has(ref.publication))) return;
      const texts = sourceTexts(lesson.sources);
      const cited = [...new Set(lesson.sources.map((x) => x.publication))].join(', ');
      checkNumbers(s, ['title'], lesson.title, texts, cited);
      lesson.objectives.forEach((o, j) => checkNumbers(s, ['learning_objectives', j], o, texts, cited));
      if (lesson.contentNote) checkNumbers(s, ['content_note'], lesson.contentNote, texts, cited);
      checkNumbers(s, ['body'], lesson.body, texts, cited, true);
    });
  }

  // Courses: modules must exist; a module may only require modules that come before it.
  const courses = new Map<string, CourseContent>();
  for (const file of files.courses) {
    const read = readCourse(file, problems);
    if (!read || !read.course.slug) continue;
    const { course: c, scope } = read;
    if (courses.has(c.slug)) {
      scope.report(['slug'], `course slug "${c.slug}" is already used by another file`);
      continue;
    }
    courses.set(c.slug, c);
    const earlier = new Set<string>();
    c.modules.forEach((entry, i) => {
      if (!modules.has(entry.module))
        scope.report(['modules', i, 'module'], `module "${entry.module}" does not exist (no backend/content/modules/${entry.module}.yaml)`);
      if (earlier.has(entry.module)) scope.report(['modules', i, 'module'], `module "${entry.module}" appears twice in this course`);
      entry.requires.forEach((req, j) => {
        if (!earlier.has(req))
          scope.report(['modules', i, 'requires', j], `module "${entry.module}" requires "${req}", which is not an earlier module of this course`);
      });
      earlier.add(entry.module);
    });
    // A course's note names every listed subject its lessons' notes name, and no other.
    const discussed = [
      ...new Set(c.modules.flatMap((entry) => modules.get(entry.module)?.lessons.flatMap((l) => sensitiveSubjectsIn(l.contentNote ?? '')) ?? [])),
    ];
    checkNote(scope, c.contentNote, discussed, 'course (in its lessons)');
    // A synthesis lesson may only draw on publications that every course containing it teaches.
    for (const { module, lesson, scope: s } of synthesisLessons) {
      if (!c.modules.some((entry) => entry.module === module)) continue;
      const taught = new Set(c.modules.map((entry) => modules.get(entry.module)?.publication));
      const missing = [...new Set(lesson.sources.map((x) => x.publication))].filter((p) => !taught.has(p));
      if (missing.length)
        s.report(['sources'], `cites ${missing.join(', ')}, which course ${c.slug} does not teach: a synthesis lesson draws together what its courses teach`);
    }
    // The course's own wording may only use numbers found in the publications it teaches.
    const texts = c.modules.flatMap((entry) => {
      const m = modules.get(entry.module);
      if (!m) return [];
      return [m.publication, ...m.lessons.flatMap((l) => l.sources.map((s) => s.publication))].map((slug) => publications.get(slug)?.sourceText ?? '');
    });
    const cited = 'the publications of its modules';
    checkNumbers(scope, ['title'], c.title, texts, cited);
    checkNumbers(scope, ['summary'], c.summary, texts, cited);
    checkNumbers(scope, ['audience'], c.audience, texts, cited);
    c.objectives.forEach((o, j) => checkNumbers(scope, ['learning_objectives', j], o, texts, cited));
    if (c.contentNote) checkNumbers(scope, ['content_note'], c.contentNote, texts, cited);
  }

  // Glossary: the course's own explanations, grounded in where the term occurs, used by lessons.
  const glossary = new Map<string, GlossaryTermContent>();
  const glossaryFile = files.glossary ? readGlossary(files.glossary, problems) : null;
  const names = [...publications.values()].flatMap((p) => [p.title, p.publisher.replace(/\s*\(.*\)$/, '')]).filter(Boolean);
  glossaryFile?.terms.forEach((t, i) => {
    const s = glossaryFile.scopes[i]!;
    glossary.set(t.slug, t);
    t.appearsIn.forEach((ref, j) => {
      checkPassage(s, ['appears_in', j], ref.passage, publications.get(ref.publication), ref.publication);
      if (!passageUsesTerm(ref.passage, t.term)) {
        s.report(['appears_in', j, 'passage'], `passage does not contain the term "${t.term}"`);
      }
    });
    if (t.appearsIn.some((ref) => !publications.has(ref.publication))) return;
    checkNumbers(s, ['definition'], t.definition, sourceTexts(t.appearsIn), 'the publications it appears in');
    const named = names.find((n) => t.definition.toLowerCase().includes(n.toLowerCase()));
    if (named || ATTRIBUTION.test(t.definition)) {
      s.report(
        ['definition'],
        `definition must be the course's own explanation, not read as a publication's finding: it ${named ? `names "${named}"` : `says "${ATTRIBUTION.exec(t.definition)![0]}"`}`,
      );
    }
  });
  for (const use of glossaryUses) {
    const t = glossary.get(use.slug);
    if (!t) use.scope.report(use.path, `glossary term "${use.slug}" does not exist (not in backend/content/glossary.yaml)`);
    else if (!normaliseSpace(use.lesson.body).toLowerCase().includes(normaliseSpace(t.term).toLowerCase())) {
      use.scope.report(use.path, `glossary term "${t.term}" is not used in the lesson body`);
    }
  }
  glossaryFile?.terms.forEach((t, i) => {
    if (!glossaryUses.some((u) => u.slug === t.slug))
      glossaryFile.scopes[i]!.report(['slug'], `no lesson uses the term (list it in a lesson's glossary_terms)`);
  });

  if (problems.length > 0) return { bundle: null, problems: sortProblems(problems) };
  return {
    bundle: { publications: [...publications.values()], modules: [...modules.values()], courses: [...courses.values()], glossary: [...glossary.values()] },
    problems: [],
  };
}

function sortProblems(problems: ContentProblem[]): ContentProblem[] {
  return [...problems].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
}
