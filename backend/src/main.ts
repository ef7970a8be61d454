import 'reflect-metadata';
import { createApi } from './app.js';
import { createLogger } from './common/logging/logger.js';
import { loadConfigOrExit, logFatal, onShutdown } from './common/process/bootstrap.js';
import { migrate } from './database.js';

async function main(): Promise<void> {
  const config = loadConfigOrExit('api');
  const logger = createLogger('api', config.logLevel);
  logFatal(logger);
  if (config.database.migrationsRun) await migrate(config, logger);

  const app = await createApi(config, logger);
  onShutdown(logger, config.shutdownTimeoutMs, () => app.close());
  await app.listen(config.http.port, config.http.host);
  const url = await app.getUrl();
  logger.info({ url, queue: config.queue.driver, node: process.version }, `API listening on ${url}`);
  if (config.queue.driver === 'inline') {
    logger.warn('No Redis: jobs run inline inside the API process (fine for one machine; use Redis in production)');
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`API failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
