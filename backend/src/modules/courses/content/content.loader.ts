import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ContentBundle } from './content.types.js';
import { validateContent, type ContentFiles } from './content.validator.js';
import { formatProblem, YamlFile, type ContentProblem } from './yaml-file.js';

/** backend/content, found from this file in both src/ (tests) and dist/ (the CLI). */
export const DEFAULT_CONTENT_DIR = fileURLToPath(new URL('../../../../content', import.meta.url));

export class ContentValidationError extends Error {
  constructor(readonly problems: ContentProblem[]) {
    super(`The content has ${problems.length} problem(s):\n${problems.map((p) => `  ${formatProblem(p)}`).join('\n')}`);
    this.name = 'ContentValidationError';
  }
}

const FOLDERS = ['publications', 'modules', 'courses'] as const;

async function yamlFiles(dir: string, folder: string, display: (path: string) => string): Promise<YamlFile[]> {
  const path = join(dir, folder);
  const names = (await readdir(path).catch(() => [] as string[])).filter((n) => /\.ya?ml$/.test(n)).sort();
  return Promise.all(names.map(async (name) => YamlFile.parse(display(join(path, name)), await readFile(join(path, name), 'utf8'))));
}

/** Reads <dir>/{publications,modules,courses}/*.yaml and <dir>/glossary.yaml without judging them. */
export async function readContentFiles(dir: string): Promise<ContentFiles> {
  const root = resolve(dir);
  const info = await stat(root).catch(() => null);
  if (!info?.isDirectory()) throw new Error(`Content directory not found: ${root}`);
  // Messages name files as the person running the command would type them.
  const display = (path: string) => relative(process.cwd(), path) || path;
  const [publications, modules, courses] = await Promise.all(FOLDERS.map((f) => yamlFiles(root, f, display)));
  const glossaryPath = join(root, 'glossary.yaml');
  const glossaryText = await readFile(glossaryPath, 'utf8').catch(() => null);
  const glossary = glossaryText === null ? null : YamlFile.parse(display(glossaryPath), glossaryText);
  return { publications: publications!, modules: modules!, courses: courses!, glossary };
}

/** Reads and validates a content directory; throws ContentValidationError listing every problem. */
export async function loadContent(dir: string = DEFAULT_CONTENT_DIR): Promise<ContentBundle> {
  const { bundle, problems } = validateContent(await readContentFiles(dir));
  if (!bundle) throw new ContentValidationError(problems);
  return bundle;
}
