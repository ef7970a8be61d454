import type { DataSource } from 'typeorm';
import { LessonRenderer, renderRefusal } from '../lesson-renderer.js';
import { ContentValidationError, DEFAULT_CONTENT_DIR, loadContent } from './content.loader.js';
import type { ContentBundle } from './content.types.js';
import type { ContentExtension, PreparedContentExtension } from './content-extension.js';
import { ContentStore, type ImportCounts, type RowCounts } from './content.store.js';
import type { ContentProblem } from './yaml-file.js';

export interface ImportReport extends ImportCounts {
  dir: string;
  /** The extensions' report lines (the assessment module's quizzes), in the order they were given. */
  extensionLines: string[];
  /** False when the import wrote nothing: the database already matched the files. */
  changed: boolean;
}

const changedRows = (c: RowCounts) => c.inserted + c.updated + c.retired;

/**
 * Validates the whole content directory first (nothing is written if any file has a problem),
 * then upserts everything in one transaction.
 */
export async function importContent(
  dataSource: DataSource,
  dir: string = DEFAULT_CONTENT_DIR,
  extensions: readonly ContentExtension[] = [],
): Promise<ImportReport> {
  return importBundle(dataSource, await loadContent(dir), dir, extensions);
}

/** Every extension's files read and checked against the bundle: before rendering, before any write. */
export async function prepareExtensions(bundle: ContentBundle, dir: string, extensions: readonly ContentExtension[]): Promise<PreparedContentExtension[]> {
  const prepared: PreparedContentExtension[] = [];
  for (const extension of extensions) prepared.push(await extension.prepare(bundle, dir));
  return prepared;
}

/**
 * Every lesson body of the bundle rendered to sanitised HTML, keyed "module/lesson", by the same
 * time-limited worker-thread renderer as the authoring API. A body the renderer refuses stops the
 * import before anything is written, as any other content problem does.
 */
export async function renderBundleLessons(bundle: ContentBundle, renderer: LessonRenderer = new LessonRenderer()): Promise<Map<string, string>> {
  const html = new Map<string, string>();
  const problems: ContentProblem[] = [];
  try {
    for (const m of bundle.modules) {
      for (const l of m.lessons) {
        const outcome = await renderer.renderInBatch(l.body);
        if (outcome.ok) html.set(`${m.slug}/${l.slug}`, outcome.html);
        else problems.push({ file: `modules/${m.slug}.yaml`, line: 0, message: `lessons: ${l.slug}: ${renderRefusal('body', outcome.reason).message}` });
      }
    }
  } finally {
    await renderer.close();
  }
  if (problems.length) throw new ContentValidationError(problems);
  return html;
}

/**
 * Upserts content that has already been validated (loadContent), and the extensions' content,
 * in one transaction: a problem in an extension's files, or a failed write, leaves everything as it was.
 */
export async function importBundle(
  dataSource: DataSource,
  bundle: ContentBundle,
  dir: string,
  extensions: readonly ContentExtension[] = [],
): Promise<ImportReport> {
  const prepared = await prepareExtensions(bundle, dir, extensions);
  const lessonHtml = await renderBundleLessons(bundle);
  const extensionLines: string[] = [];
  let extensionsChanged = false;
  const counts = await dataSource.transaction(async (manager) => {
    const written = await new ContentStore(manager, lessonHtml).write(bundle);
    const rows: { id: string; slug: string }[] = await manager.query(`SELECT id, slug FROM modules WHERE origin = 'content' AND slug = ANY($1)`, [
      bundle.modules.map((m) => m.slug),
    ]);
    const moduleIds = new Map(rows.map((r) => [r.slug, r.id]));
    for (const extension of prepared) {
      const report = await extension.write({ manager, moduleIds });
      extensionLines.push(...report.lines);
      extensionsChanged ||= report.changed;
    }
    return written;
  });
  const changed = [counts.publications, counts.modules, counts.lessons, counts.courses].some((c) => changedRows(c) > 0) || counts.courseVersionsPublished > 0;
  return { dir, ...counts, extensionLines, changed: changed || extensionsChanged };
}

export function formatImportReport(report: ImportReport): string {
  const line = (name: string, c: RowCounts) =>
    `  ${name.padEnd(13)} ${c.inserted} inserted, ${c.updated} updated, ${c.unchanged} unchanged, ${c.retired} retired`;
  return [
    `content imported from ${report.dir}`,
    line('publications', report.publications),
    line('modules', report.modules),
    line('lessons', report.lessons),
    line('courses', report.courses),
    `  course versions published: ${report.courseVersionsPublished}`,
    ...report.extensionLines,
    report.changed ? '' : 'nothing changed: the database already matches the content',
  ]
    .filter(Boolean)
    .join('\n');
}
