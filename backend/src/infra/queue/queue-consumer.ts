import { WaitingError, Worker, type Job } from 'bullmq';
import type { Logger } from 'pino';
import { withTimeout } from '../../common/async/with-timeout.js';
import { requestContext } from '../../common/logging/request-context.js';
import type { JobHandlerRegistry } from './job-handler.registry.js';
import { JobSlots } from './job-slots.js';
import { JOB_ATTEMPTS, type JobCatalogue, type JobEnvelope, type JobName } from './job.types.js';

export interface ConsumerOptions {
  redisUrl: string;
  prefix: string;
  /** Handlers the whole process runs at once, over every queue (WORKER_CONCURRENCY). */
  concurrency: number;
  /**
   * BullMQ's job lock, and how often stalled jobs (their worker died: kill -9, OOM, power) are
   * looked for and put back: such a job runs again within about twice this (WORKER_LOCK_MS).
   */
  lockMs?: number;
}

/**
 * How often a job may be found stalled (its worker died holding it, or could not renew its lock
 * in time) before it fails for good: enough for a run of crashes (the fault tests kill the worker
 * 20 times over a batch), few enough that a job that kills its worker every time stops (it then
 * shows, failed, on the queue dashboard).
 */
export const MAX_STALLED = 10;
/** After the handlers have finished at shutdown, how long BullMQ gets to record the results in Redis. */
const RECORD_GRACE_MS = 3_000;

/**
 * The worker process's side of BullMQ: one Worker per queue, each job dispatched to its @OnJob
 * handler inside a logging context that carries the id of the request that enqueued it.
 *
 * WORKER_CONCURRENCY is the process's total: every queue's Worker may take that many jobs, and a
 * job runs only once it holds one of the process's JobSlots, so handlers of all queues together
 * never exceed it (a job taken while every slot is busy waits, its lock kept, until one frees).
 */
export class QueueConsumer {
  private readonly workers: Worker<JobEnvelope, void, JobName>[];
  private readonly queueNames: string[];
  readonly slots: JobSlots;
  /** Handlers running now (their promises settle when the handler does, whatever Redis does). */
  private readonly inFlight = new Set<Promise<unknown>>();
  private closing = false;

  constructor(
    registry: JobHandlerRegistry,
    catalogue: JobCatalogue,
    private readonly logger: Logger,
    options: ConsumerOptions,
  ) {
    this.queueNames = catalogue.queues;
    this.slots = new JobSlots(options.concurrency);
    const lockMs = options.lockMs ?? 30_000;
    this.workers = catalogue.queues.map((queueName) => {
      const worker = new Worker<JobEnvelope, void, JobName>(
        queueName,
        async (job: Job<JobEnvelope, void, JobName>, token?: string) => {
          const release = await this.slots.acquire();
          if (!release) {
            // Shutting down before this job got a slot: back to its queue, no attempt spent.
            await job.moveToWait(token);
            throw new WaitingError();
          }
          const run = this.handle(registry, queueName, job).finally(release);
          this.inFlight.add(run);
          void run.catch(() => undefined).finally(() => this.inFlight.delete(run));
          await run;
        },
        {
          connection: { url: options.redisUrl, maxRetriesPerRequest: null, connectionName: `htmse-worker-${queueName}` },
          prefix: options.prefix,
          concurrency: options.concurrency,
          lockDuration: lockMs,
          stalledInterval: lockMs,
          maxStalledCount: MAX_STALLED,
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
      worker.on('stalled', (jobId) => logger.warn({ jobId, queue: queueName }, 'job stalled (its worker stopped holding it); it runs again'));
      worker.on('error', (err) => logger.warn({ err: err.message, queue: queueName }, 'queue worker error'));
      return worker;
    });
  }

  private async handle(registry: JobHandlerRegistry, queueName: string, job: Job<JobEnvelope, void, JobName>): Promise<void> {
    const jobId = job.id ?? 'unknown';
    await requestContext.run({ requestId: job.data.requestId ?? jobId }, async () => {
      const started = Date.now();
      this.logger.info({ job: job.name, jobId, queue: queueName, attempt: job.attemptsMade + 1 }, 'job started');
      await registry.run(job.name, job.data.payload, { jobId, name: job.name, attempt: job.attemptsMade + 1 });
      // Logged here, inside the context, so the line carries the enqueuing request's id.
      this.logger.info({ job: job.name, jobId, queue: queueName, ms: Date.now() - started }, 'job completed');
    });
  }

  start(): void {
    for (const worker of this.workers) {
      // run() resolves when the worker closes; errors are reported through the 'error' event.
      void worker.run().catch((err: unknown) => this.logger.error({ err }, 'queue worker stopped'));
    }
    this.logger.info({ queues: this.queueNames, concurrency: this.slots.size }, 'consuming queues');
  }

  /** True while the consumer takes jobs (for the health check). */
  get consuming(): boolean {
    return !this.closing && this.workers.every((w) => w.isRunning());
  }

  /**
   * Stops taking new jobs, gives back the ones still waiting for a slot, and waits for the running
   * handlers to finish. Then BullMQ gets RECORD_GRACE_MS to record their results; if Redis is
   * unreachable it cannot, and the process stops anyway: such a job is found stalled later and runs
   * again, which handlers allow (they are idempotent, docs/architecture.md "How a job travels").
   */
  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    const closed = Promise.allSettled(this.workers.map((w) => w.close()));
    this.slots.close();
    await Promise.allSettled([...this.inFlight]);
    try {
      await withTimeout(closed, RECORD_GRACE_MS);
    } catch {
      this.logger.warn('the queue did not confirm the finished jobs (Redis unreachable?); they will be found stalled and run again');
      await Promise.allSettled(this.workers.map((w) => withTimeout(w.close(true), 500)));
    }
  }
}
