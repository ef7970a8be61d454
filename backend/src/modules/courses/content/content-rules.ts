/**
 * The editorial rules of backend/content that can be checked by a machine: content notes, the
 * time a lesson may claim, identification prompts. backend/content/README.md states them in
 * words; the validator and the content tests both use these functions.
 */

export interface SensitiveSubject {
  /** How messages name the subject. */
  name: string;
  /** Wording that means a text discusses (or a note names) the subject. */
  pattern: RegExp;
}

/**
 * The subjects a lesson's content note must name when the lesson discusses them, and may name only
 * then. The course itself is about modern slavery, human trafficking and forced labour: the course
 * note says so once, and lesson notes flag what goes further than that.
 */
export const SENSITIVE_SUBJECTS: readonly SensitiveSubject[] = [
  {
    name: 'children and young people',
    pattern: /\b(child|children|childhood)\b|\bbelow the age of 18\b|\bunder 18\b|\byoung (people|person|victims?|workers?)\b|\bearly 20s and younger\b/i,
  },
  { name: 'sexual violence or sexual exploitation', pattern: /\bsexual(ly)? (violence|exploitation|abuse|exploited|abused)\b/i },
  { name: 'violence', pattern: /\bviolen(ce|t)\b/i },
  { name: 'abuse', pattern: /\babuse[ds]?\b/i },
  // "The homelessness sector" names where people work, not what happens to anyone.
  {
    name: 'homelessness',
    pattern:
      /\bhomeless(ness)?\b(?! (sector|services?|charit(y|ies)|organisations?)\b)|\bsleeping rough\b|\brough sleep(ing|ers?)\b|\bliving on the streets\b/i,
  },
];

/** The names of the listed subjects a text mentions, in list order. */
export function sensitiveSubjectsIn(text: string): string[] {
  return SENSITIVE_SUBJECTS.filter((s) => s.pattern.test(text)).map((s) => s.name);
}

export interface ContentNoteCheck {
  /** Subjects the text discusses that the note does not name. */
  unnamed: string[];
  /** Subjects the note names that the text never mentions. */
  unsupported: string[];
}

/** Compares what a note names with what the text it introduces discusses. */
export function checkContentNote(note: string | null, discussed: readonly string[]): ContentNoteCheck {
  const named = note ? sensitiveSubjectsIn(note) : [];
  return { unnamed: discussed.filter((s) => !named.includes(s)), unsupported: named.filter((s) => !discussed.includes(s)) };
}

/** Words of a Markdown body: whitespace-separated tokens with a letter or digit (so "##", "-" and table rules are not words). */
export function countWords(markdown: string): number {
  return markdown.split(/\s+/).filter((t) => /[\p{L}\p{N}]/u.test(t)).length;
}

/**
 * Activities of a lesson: every question put to the learner (a sentence ending in "?", in a
 * prompt, a list or a heading) and every table to read through. The source texts hold no
 * question, so each "?" in a lesson is ours and asks the learner to stop and think.
 */
export function countActivities(markdown: string): { questions: number; tables: number; total: number } {
  const questions = (markdown.match(/\?(?=[\s*_"'”’)]|$)/g) ?? []).length;
  const tables = (markdown.match(/^[ \t]*\|?[ \t]*:?-{3,}:?[ \t]*\|/gm) ?? []).length;
  return { questions, tables, total: questions + tables };
}

/** The estimated minutes a lesson may claim: reading at 120 to 200 words a minute, plus 2 to 3 minutes per activity. */
export function minutesRange(words: number, activities: number): { min: number; max: number } {
  return { min: Math.max(1, Math.ceil(words / 200) + 2 * activities), max: Math.ceil(words / 120) + 3 * activities };
}

/** A prompt asking staff to look for signs of exploitation... */
export const IDENTIFICATION_PROMPT =
  /\bwhat to look for\b|\blook(ing)? (out )?for (the )?(signs|indicators)\b|\bspot(ting)? (the )?(signs|risk|indicators)\b|\b(warning )?signs of\b/i;
/** ...must say that their part is to refer, not to investigate. */
export const REFER_NOT_INVESTIGATE = [/\brefer(ral|ring)?\b/i, /\bnot\b[^.]{0,40}\binvestigat(e|ing)\b/i] as const;

export function missesReferNotInvestigate(markdown: string): boolean {
  return IDENTIFICATION_PROMPT.test(markdown) && !REFER_NOT_INVESTIGATE.every((p) => p.test(markdown));
}

/** The only label a glossary entry may carry: the course's own explanation, never a publication's finding. */
export const GLOSSARY_LABELS = ['course-explanation'] as const;
export type GlossaryLabel = (typeof GLOSSARY_LABELS)[number];

/** Whether every word of a term occurs in a passage ("injunctive norm" in "injunctive not descriptive norms"). */
export function passageUsesTerm(passage: string, term: string): boolean {
  const text = passage.toLowerCase();
  return term
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .every((word) => text.includes(word));
}

/** Phrases that would present a glossary definition as what a publication says. */
export const ATTRIBUTION = /\b(the|this) (paper|report|review|guidelines|publication|study)\b|\baccording to\b/i;
