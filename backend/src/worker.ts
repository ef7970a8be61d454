import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger as NestPinoLogger } from 'nestjs-pino';
import { createLogger } from './common/logging/logger.js';
import { loadConfigOrExit, logFatal, onShutdown } from './common/process/bootstrap.js';
import { JobHandlerRegistry } from './infra/queue/job-handler.registry.js';
import { QueueConsumer } from './infra/queue/queue-consumer.js';
import { JobCatalogue } from './infra/queue/job.types.js';
import { WorkerModule } from './worker.module.js';

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const logger = createLogger('worker', config.logLevel);
  logFatal(logger);
  const { redisUrl, prefix, concurrency, driver } = config.queue;
  if (driver !== 'bullmq' || !redisUrl) {
    process.stderr.write('The worker consumes BullMQ queues: set REDIS_URL (without Redis, jobs run inside the API).\n');
    process.exit(78);
  }

  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config, logger), {
    bufferLogs: true,
    abortOnError: false,
  });
  app.useLogger(app.get(NestPinoLogger));
  const consumer = new QueueConsumer(app.get(JobHandlerRegistry), app.get(JobCatalogue), logger, { redisUrl, prefix, concurrency });
  onShutdown(logger, config.shutdownTimeoutMs, async () => {
    await consumer.close(); // waits for in-flight jobs
    await app.close();
  });
  consumer.start();
  logger.info({ concurrency, node: process.version }, 'worker ready');
}

main().catch((err: unknown) => {
  process.stderr.write(`Worker failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
