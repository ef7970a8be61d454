import type { EnqueueOptions, JobName, JobPayloads } from './job.types.js';

/** One job of enqueueMany. */
export interface QueuedJob<N extends JobName = JobName> {
  name: N;
  payload: JobPayloads[N];
  options: EnqueueOptions;
}

export type QueueHealth = 'up' | 'down' | 'inline';

/**
 * What services use to start background work. Two drivers: BullMQ on Redis (jobs consumed by the
 * worker process) and inline (the same handlers run in this process; for the embedded default).
 */
export abstract class JobQueue {
  abstract readonly driver: 'bullmq' | 'inline';
  abstract enqueue<N extends JobName>(name: N, payload: JobPayloads[N], options: EnqueueOptions): Promise<void>;

  /**
   * Several jobs at once (the outbox relay's batch). Each job is added or, when it fails, the whole
   * call rejects; a repeat is harmless (job ids). The default adds them one after another.
   */
  async enqueueMany(jobs: readonly QueuedJob[]): Promise<void> {
    for (const job of jobs) await this.enqueue(job.name, job.payload, job.options);
  }

  abstract health(): Promise<QueueHealth>;
}
