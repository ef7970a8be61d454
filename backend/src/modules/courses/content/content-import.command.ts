import { resolve } from 'node:path';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '../../../config/config.js';
import type { DatabaseOptions } from '../../../infra/database/data-source.js';
import { ContentValidationError, DEFAULT_CONTENT_DIR, loadContent } from './content.loader.js';
import { formatImportReport, importBundle, prepareExtensions } from './content.importer.js';
import type { ContentExtension } from './content-extension.js';

/**
 * `node dist/cli.js content:import [dir]`: validate backend/content (or dir) and upsert it.
 * Exit codes: 0 imported (or nothing to do), 65 the content has problems (EX_DATAERR).
 */
export async function runContentImport(
  config: AppConfig,
  /** Opens a data source knowing every entity (src/database.ts's createDataSource). */
  createDataSource: (opts: Pick<DatabaseOptions, 'url' | 'poolMax' | 'applicationName'>) => DataSource,
  dir?: string,
  /** Other modules' content in the same directory and transaction (the assessment module's quizzes). */
  extensions: readonly ContentExtension[] = [],
): Promise<number> {
  const contentDir = dir ? resolve(dir) : DEFAULT_CONTENT_DIR;
  // Validate before connecting: content problems are reported even without a database.
  let bundle;
  try {
    bundle = await loadContent(contentDir);
    await prepareExtensions(bundle, contentDir, extensions);
  } catch (err) {
    if (err instanceof ContentValidationError) {
      process.stderr.write(`${err.message}\nNothing was imported.\n`);
      return 65;
    }
    throw err;
  }
  const dataSource = createDataSource({ url: config.database.url, poolMax: 2, applicationName: 'htmse-content-import' });
  try {
    await dataSource.initialize();
    const report = await importBundle(dataSource, bundle, contentDir, extensions);
    process.stdout.write(`${formatImportReport(report)}\n`);
    return 0;
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
  }
}
