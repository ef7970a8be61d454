import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger as NestPinoLogger } from 'nestjs-pino';
import { DataSource } from 'typeorm';
import { withTimeout } from './common/async/with-timeout.js';
import { createLogger } from './common/logging/logger.js';
import { loadConfigOrExit, logFatal, onShutdown } from './common/process/bootstrap.js';
import { JobHandlerRegistry } from './infra/queue/job-handler.registry.js';
import { QueueConsumer } from './infra/queue/queue-consumer.js';
import { JobCatalogue } from './infra/queue/job.types.js';
import { WorkerHealthServer } from './infra/queue/worker-health.js';
import { WorkerModule } from './worker.module.js';

/** Closing the application (database pool, producer connections) after the jobs are done. */
const APP_CLOSE_TIMEOUT_MS = 3_000;

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const logger = createLogger('worker', config.logLevel);
  logFatal(logger);
  const { redisUrl, prefix, concurrency, driver, healthPort, lockMs } = config.queue;
  if (driver !== 'bullmq' || !redisUrl) {
    process.stderr.write('The worker consumes BullMQ queues: set REDIS_URL (without Redis, jobs run inside the API).\n');
    process.exit(78);
  }

  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config, logger), {
    bufferLogs: true,
    abortOnError: false,
  });
  app.useLogger(app.get(NestPinoLogger));
  const consumer = new QueueConsumer(app.get(JobHandlerRegistry), app.get(JobCatalogue), logger, { redisUrl, prefix, concurrency, lockMs });
  const db = app.get(DataSource);
  const health = new WorkerHealthServer(redisUrl, { consuming: () => consumer.consuming, database: () => db.query('SELECT 1') }, logger);
  onShutdown(logger, config.shutdownTimeoutMs, async () => {
    await consumer.close(); // in-flight jobs finish; those still waiting for a slot go back to their queue
    await health.close();
    // With Redis unreachable the producer's connections never close cleanly: do not wait for them.
    await withTimeout(app.close(), APP_CLOSE_TIMEOUT_MS).catch(() => logger.warn('application close timed out (Redis unreachable?)'));
  });
  if (healthPort > 0) {
    // A busy port must not stop the jobs: the health check then fails, which says so.
    await health.listen(healthPort).catch((err: unknown) => logger.error({ err, port: healthPort }, 'worker health check could not listen'));
  }
  consumer.start();
  logger.info({ concurrency, node: process.version }, 'worker ready');
}

main().catch((err: unknown) => {
  process.stderr.write(`Worker failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
