import { Worker, type Job } from 'bullmq';
import type { Logger } from 'pino';
import { requestContext } from '../../common/logging/request-context.js';
import type { JobHandlerRegistry } from './job-handler.registry.js';
import { JOB_ATTEMPTS, type JobCatalogue, type JobEnvelope, type JobName } from './job.types.js';

export interface ConsumerOptions {
  redisUrl: string;
  prefix: string;
  concurrency: number;
}

/**
 * The worker process's side of BullMQ: one Worker per queue, each job dispatched to its @OnJob
 * handler inside a logging context that carries the id of the request that enqueued it.
 */
export class QueueConsumer {
  private readonly workers: Worker<JobEnvelope, void, JobName>[];

  private readonly queueNames: string[];

  constructor(
    registry: JobHandlerRegistry,
    catalogue: JobCatalogue,
    private readonly logger: Logger,
    options: ConsumerOptions,
  ) {
    this.queueNames = catalogue.queues;
    this.workers = catalogue.queues.map((queueName) => {
      const worker = new Worker<JobEnvelope, void, JobName>(
        queueName,
        async (job: Job<JobEnvelope, void, JobName>) => {
          const jobId = job.id ?? 'unknown';
          await requestContext.run({ requestId: job.data.requestId ?? jobId }, async () => {
            const started = Date.now();
            logger.info({ job: job.name, jobId, queue: queueName, attempt: job.attemptsMade + 1 }, 'job started');
            await registry.run(job.name, job.data.payload, { jobId, name: job.name, attempt: job.attemptsMade + 1 });
            // Logged here, inside the context, so the line carries the enqueuing request's id.
            logger.info({ job: job.name, jobId, queue: queueName, ms: Date.now() - started }, 'job completed');
          });
        },
        {
          connection: { url: options.redisUrl, maxRetriesPerRequest: null, connectionName: `htmse-worker-${queueName}` },
          prefix: options.prefix,
          concurrency: options.concurrency,
          autorun: false,
        },
      );
      worker.on('failed', (job, err) => {
        const permanent = !job || job.attemptsMade >= (job.opts.attempts ?? JOB_ATTEMPTS);
        logger.error(
          { err, job: job?.name, jobId: job?.id, attempt: job?.attemptsMade, queue: queueName },
          permanent ? 'job failed permanently' : 'job failed, will retry',
        );
      });
      worker.on('error', (err) => logger.warn({ err: err.message, queue: queueName }, 'queue worker error'));
      return worker;
    });
  }

  start(): void {
    for (const worker of this.workers) {
      // run() resolves when the worker closes; errors are reported through the 'error' event.
      void worker.run().catch((err: unknown) => this.logger.error({ err }, 'queue worker stopped'));
    }
    this.logger.info({ queues: this.queueNames }, 'consuming queues');
  }

  /** Stops taking new jobs and waits for the running ones to finish. */
  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.close()));
  }
}
