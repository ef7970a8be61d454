import type { EnqueueOptions, JobName, JobPayloads } from './job.types.js';

export type QueueHealth = 'up' | 'down' | 'inline';

/**
 * What services use to start background work. Two drivers: BullMQ on Redis (jobs consumed by the
 * worker process) and inline (the same handlers run in this process; for the embedded default).
 */
export abstract class JobQueue {
  abstract readonly driver: 'bullmq' | 'inline';
  abstract enqueue<N extends JobName>(name: N, payload: JobPayloads[N], options: EnqueueOptions): Promise<void>;
  abstract health(): Promise<QueueHealth>;
}
