import type { EntityManager } from 'typeorm';
import type { ContentBundle } from './content.types.js';

/**
 * Content that another module keeps in the same content directory (the assessment module's
 * quizzes/), imported by the same command and in the same transaction, without courses
 * importing that module: the composition root (the CLI, tests) hands the extensions in.
 */
export interface ContentExtension {
  /**
   * Reads and checks the extension's own files against the validated bundle, before anything is
   * written. Throws ContentValidationError (file and line of every problem) to stop the import.
   */
  prepare(bundle: ContentBundle, dir: string): Promise<PreparedContentExtension>;
}

export interface PreparedContentExtension {
  /** Writes on the import's transaction, after the courses' own rows. */
  write(context: ContentWriteContext): Promise<ContentExtensionReport>;
}

export interface ContentWriteContext {
  manager: EntityManager;
  /** Every content module of this import: slug -> id. */
  moduleIds: ReadonlyMap<string, string>;
}

export interface ContentExtensionReport {
  /** Lines for the import report, indented like the courses' own. */
  lines: string[];
  /** Whether it wrote anything. */
  changed: boolean;
}
