import type { ContentExtension } from '../../courses/index.js';
import { loadQuizzes } from './quiz-content.loader.js';
import { formatQuizImportCounts, quizImportChanged, writeQuizzes } from './quiz-content.store.js';

export interface QuestionBankImportOptions {
  /**
   * A private directory of quiz files (QUESTION_BANK_DIR, `content:import --questions <dir>`):
   * each replaces the public quiz of its module, so exams with stakes keep their keys out of the
   * public repository.
   */
  privateDir?: string | null;
}

/**
 * The quiz files as part of the content import (courses' ContentExtension port): read and
 * checked against the validated modules and publications before anything is written, then
 * written on the import's transaction.
 */
export function questionBankImport(options: QuestionBankImportOptions = {}): ContentExtension {
  return {
    async prepare(bundle, dir) {
      const quizzes = await loadQuizzes(dir, bundle, options.privateDir);
      return {
        async write({ manager, moduleIds }) {
          const counts = await writeQuizzes(manager, quizzes, moduleIds);
          return { lines: formatQuizImportCounts(counts), changed: quizImportChanged(counts) };
        },
      };
    },
  };
}
