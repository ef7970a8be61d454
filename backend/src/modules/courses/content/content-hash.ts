import { createHash } from 'node:crypto';
import type { CourseContent, GlossaryTermContent, LessonContent, ModuleContent, PublicationContent } from './content.types.js';

/** JSON with object keys sorted at every depth, so equal content always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

export const contentHash = (value: unknown): string => createHash('sha256').update(canonicalJson(value)).digest('hex');

// Each row's hash covers exactly what the importer writes to that row, so an unchanged file
// leaves the row (and its updated_at) alone, and any change to what is stored is noticed.

export const publicationHash = (p: PublicationContent) => contentHash({ kind: 'publication', ...p });

export const moduleHash = (m: ModuleContent) =>
  contentHash({ kind: 'module', slug: m.slug, title: m.title, summary: m.summary, publication: m.publication, objectives: m.objectives });

export const lessonHash = (l: LessonContent, position: number) => contentHash({ kind: 'lesson', position, ...l });

export const glossaryTermHash = (t: GlossaryTermContent, position: number) => contentHash({ kind: 'glossary-term', position, ...t });

/**
 * A course version's hash: its own wording and, for every module in order, the module and its
 * lessons. Any change a learner would see publishes a new version. (Quiz questions are versioned
 * one by one in the assessment module: an attempt keeps the question version it was given.)
 */
export function courseVersionHash(c: CourseContent, modules: ReadonlyMap<string, ModuleContent>): string {
  return contentHash({
    kind: 'course-version',
    title: c.title,
    summary: c.summary,
    audience: c.audience,
    objectives: c.objectives,
    contentNote: c.contentNote,
    passMark: c.passMark,
    // Only when set, so courses without one keep the hash they had before the field existed.
    ...(c.validityMonths === null ? {} : { validityMonths: c.validityMonths }),
    modules: c.modules.map((entry) => {
      const m = modules.get(entry.module);
      return {
        module: entry.module,
        requires: entry.requires,
        hash: m ? moduleHash(m) : null,
        lessons: m?.lessons.map((l, i) => lessonHash(l, i + 1)) ?? [],
      };
    }),
  });
}

export const courseHash = (c: CourseContent, versionHash: string) => contentHash({ kind: 'course', slug: c.slug, status: c.status, version: versionHash });
