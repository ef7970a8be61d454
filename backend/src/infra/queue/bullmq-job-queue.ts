import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { withTimeout } from '../../common/async/with-timeout.js';
import { currentRequestId } from '../../common/logging/request-context.js';
import { JobQueue, type QueuedJob, type QueueHealth } from './job-queue.js';
import {
  JOB_ATTEMPTS,
  JOB_BACKOFF_MS,
  JobCatalogue,
  type EnqueueOptions,
  type JobEnvelope,
  type JobName,
  type JobPayloads,
  type QueueName,
} from './job.types.js';

const HEALTH_TIMEOUT_MS = 1_000;

export interface BullmqOptions {
  redisUrl: string;
  prefix: string;
}

/** Producer side of BullMQ. The worker process (worker.ts) consumes. */
@Injectable()
export class BullmqJobQueue extends JobQueue implements OnApplicationShutdown {
  readonly driver = 'bullmq' as const;
  private readonly connection: Redis;
  /** Separate from the producer connection so a health probe never queues behind commands. */
  private readonly probe: Redis;
  private readonly queues: Map<QueueName, Queue>;

  constructor(
    options: BullmqOptions,
    private readonly catalogue: JobCatalogue,
    private readonly logger: Logger,
  ) {
    super();
    this.connection = new Redis(options.redisUrl, { maxRetriesPerRequest: 3, connectionName: 'htmse-producer' });
    this.probe = new Redis(options.redisUrl, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      connectionName: 'htmse-health',
    });
    for (const client of [this.connection, this.probe]) {
      // ioredis reconnects on its own; without a listener an outage would crash the process.
      client.on('error', (err) => this.logger.warn({ err: err.message }, 'redis connection error'));
    }
    this.queues = new Map(
      catalogue.queues.map((name) => [
        name,
        new Queue(name, {
          connection: this.connection,
          prefix: options.prefix,
          defaultJobOptions: {
            attempts: JOB_ATTEMPTS,
            backoff: { type: 'exponential', delay: JOB_BACKOFF_MS },
            removeOnComplete: { age: 24 * 3600, count: 1000 },
            // Failed jobs are kept a week so an admin can see and retry them.
            removeOnFail: { age: 7 * 24 * 3600 },
          },
        }),
      ]),
    );
    // A Queue re-emits its connection's errors, and prints them to stderr when nobody listens: the
    // connection's listener above already logs them once.
    for (const queue of this.queues.values()) queue.on('error', () => undefined);
  }

  async enqueue<N extends JobName>(name: N, payload: JobPayloads[N], options: EnqueueOptions): Promise<void> {
    const queue = this.queues.get(this.catalogue.queueOf(name));
    if (!queue) throw new Error(`No queue for job ${name}`);
    const data: JobEnvelope<N> = { payload, requestId: currentRequestId() };
    await queue.add(name, data, { jobId: options.jobId, delay: options.delayMs, ...this.catalogue.retentionOf(name) });
  }

  /** One `addBulk` per queue: one Redis round trip for the lot instead of one per job. */
  override async enqueueMany(jobs: readonly QueuedJob[]): Promise<void> {
    const requestId = currentRequestId();
    const byQueue = new Map<QueueName, Parameters<Queue['addBulk']>[0]>();
    for (const job of jobs) {
      const queueName = this.catalogue.queueOf(job.name);
      if (!this.queues.has(queueName)) throw new Error(`No queue for job ${job.name}`);
      const data: JobEnvelope = { payload: job.payload, requestId };
      const list = byQueue.get(queueName) ?? [];
      list.push({ name: job.name, data, opts: { jobId: job.options.jobId, delay: job.options.delayMs, ...this.catalogue.retentionOf(job.name) } });
      byQueue.set(queueName, list);
    }
    await Promise.all([...byQueue].map(([queueName, list]) => this.queues.get(queueName)!.addBulk(list)));
  }

  async health(): Promise<QueueHealth> {
    try {
      const pong = await withTimeout(this.probe.ping(), HEALTH_TIMEOUT_MS);
      return pong === 'PONG' ? 'up' : 'down';
    } catch {
      return 'down';
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled([...this.queues.values()].map((q) => q.close()));
    this.connection.disconnect();
    this.probe.disconnect();
  }
}
