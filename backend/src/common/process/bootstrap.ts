import type { Logger } from 'pino';
import { ConfigError, loadConfig, type AppConfig } from '../../config/config.js';

/** Loads the config or stops the process with one message naming every bad variable (`role`: see loadConfig). */
export function loadConfigOrExit(role?: 'api'): AppConfig {
  try {
    return loadConfig(process.env, role);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\nSee docs/operations.md for every variable.\n`);
      process.exit(78); // EX_CONFIG
    }
    throw err;
  }
}

/**
 * SIGTERM/SIGINT: run `close` (finish in-flight work), then exit. If closing takes longer than
 * the timeout (a dependency is unreachable, a job hangs), exit anyway, so orchestrators never
 * have to SIGKILL us.
 */
export function onShutdown(logger: Logger, timeoutMs: number, close: () => Promise<void>): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal, timeoutMs }, 'shutting down');
    const timer = setTimeout(() => {
      logger.error({ timeoutMs }, 'shutdown timed out; exiting with work unfinished');
      process.exit(1);
    }, timeoutMs);
    timer.unref();
    close().then(
      () => {
        logger.info('stopped');
        process.exit(0);
      },
      (err: unknown) => {
        logger.error({ err }, 'error while shutting down');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

export function logFatal(logger: Logger): void {
  process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled promise rejection'));
  process.on('uncaughtException', (err) => {
    logger.fatal({ err }, 'uncaught exception');
    process.exit(1);
  });
}
