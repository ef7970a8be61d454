import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, extname, isAbsolute, join, relative, resolve } from 'node:path';
import { ContentValidationError, YamlFile, type ContentBundle } from '../../courses/index.js';
import type { QuizContent } from './quiz-content.types.js';
import { validateQuizFiles, type QuizValidationContext } from './quiz-content.validator.js';

/** The folder of a content directory that holds the public quiz files. */
export const QUIZ_FOLDER = 'quizzes';

/** As the person running the command would type it: relative inside the working directory, absolute outside (a private bank). */
const display = (path: string) => {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
};

async function yamlIn(dir: string): Promise<string[]> {
  const names = await readdir(dir).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return [] as string[];
    throw err;
  });
  return names
    .filter((n) => /\.ya?ml$/.test(n))
    .sort()
    .map((n) => join(dir, n));
}

/**
 * The quiz files to import: <contentDir>/quizzes/*.yaml, then those of the private bank
 * (`privateDir`, QUESTION_BANK_DIR or `content:import --questions <dir>`), whose file for a module
 * takes the place of the public one (and may add a quiz for a module that has none). A private
 * bank keeps its answer keys out of the public repository.
 */
export async function readQuizFiles(contentDir: string, privateDir?: string | null): Promise<YamlFile[]> {
  const byModule = new Map<string, string>();
  for (const path of await yamlIn(join(resolve(contentDir), QUIZ_FOLDER))) byModule.set(basename(path, extname(path)), path);
  if (privateDir) {
    const root = resolve(privateDir);
    const info = await stat(root).catch(() => null);
    if (!info?.isDirectory())
      throw new ContentValidationError([{ file: display(root), line: 0, message: 'question bank directory not found (QUESTION_BANK_DIR or --questions)' }]);
    for (const path of await yamlIn(root)) byModule.set(basename(path, extname(path)), path);
  }
  const paths = [...byModule.values()].sort((a, b) => basename(a).localeCompare(basename(b)));
  return Promise.all(paths.map(async (path) => YamlFile.parse(display(path), await readFile(path, 'utf8'))));
}

/** What the quiz files are checked against: the content bundle's modules and publications. */
export function quizValidationContext(bundle: Pick<ContentBundle, 'modules' | 'publications'>): QuizValidationContext {
  return {
    publications: new Map(bundle.publications.map((p) => [p.slug, p.sourceText])),
    modules: new Map(bundle.modules.map((m) => [m.slug, m.publication])),
  };
}

/** Reads and validates the quiz files against a validated bundle; throws ContentValidationError listing every problem. */
export async function loadQuizzes(
  contentDir: string,
  bundle: Pick<ContentBundle, 'modules' | 'publications'>,
  privateDir?: string | null,
): Promise<QuizContent[]> {
  const { quizzes, problems } = validateQuizFiles(await readQuizFiles(contentDir, privateDir), quizValidationContext(bundle));
  if (!quizzes) throw new ContentValidationError(problems);
  return quizzes;
}
