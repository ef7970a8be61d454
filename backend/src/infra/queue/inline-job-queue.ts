import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import { currentRequestId, requestContext } from '../../common/logging/request-context.js';
import type { JobHandlerRegistry } from './job-handler.registry.js';
import { JobQueue, type QueueHealth } from './job-queue.js';
import { JOB_ATTEMPTS, JOB_BACKOFF_MS, type EnqueueOptions, type JobName, type JobPayloads } from './job.types.js';

/**
 * Runs jobs in this process, after the request that enqueued them has been answered, with the
 * same handlers, retries and backoff as the worker. For the embedded default (no Redis): it keeps
 * nothing if the process dies, which is why production uses BullMQ.
 */
/** How far ahead `drain` looks for delayed jobs. */
export const DRAIN_HORIZON_MS = 5_000;

@Injectable()
export class InlineJobQueue extends JobQueue implements OnApplicationShutdown {
  readonly driver = 'inline' as const;
  /** Jobs waiting for their delay or running, with when they are due. */
  private readonly inFlight = new Map<string, { run: Promise<void>; dueAt: number }>();
  private closing = false;
  /** Aborted at shutdown, so a job waiting out a delay or a backoff does not hold the process. */
  private readonly stop = new AbortController();

  constructor(
    private readonly registry: JobHandlerRegistry,
    private readonly logger: Logger,
    private readonly backoffMs = JOB_BACKOFF_MS,
  ) {
    super();
  }

  async enqueue<N extends JobName>(name: N, payload: JobPayloads[N], options: EnqueueOptions): Promise<void> {
    if (this.closing) throw new Error('The job queue is shutting down');
    const jobId = options.jobId ?? randomUUID();
    if (this.inFlight.has(jobId)) return; // same business key already running: idempotent
    const requestId = currentRequestId();
    const delayMs = options.delayMs ?? 0;
    const run = (async () => {
      if (!(await this.wait(delayMs))) return;
      await this.runWithRetries(name, payload, jobId, requestId);
    })().finally(() => this.inFlight.delete(jobId));
    this.inFlight.set(jobId, { run, dueAt: Date.now() + delayMs });
  }

  private async runWithRetries<N extends JobName>(name: N, payload: JobPayloads[N], jobId: string, requestId: string | undefined): Promise<void> {
    for (let attempt = 1; attempt <= JOB_ATTEMPTS; attempt++) {
      try {
        await requestContext.run({ requestId: requestId ?? jobId }, () => this.registry.run(name, payload, { jobId, name, attempt }));
        return;
      } catch (err) {
        const last = attempt === JOB_ATTEMPTS || this.closing;
        this.logger.error({ err, job: name, jobId, attempt }, last ? 'job failed permanently' : 'job failed, retrying');
        if (last) return;
        if (!(await this.wait(this.backoffMs * 2 ** (attempt - 1)))) {
          this.logger.warn({ job: name, jobId, attempt }, 'job abandoned at shutdown; it will not be retried');
          return;
        }
      }
    }
  }

  /** Resolves true after `ms`, or false as soon as shutdown begins. */
  private async wait(ms: number): Promise<boolean> {
    if (this.closing) return false;
    try {
      // Even a zero delay goes through a timer: the job must run after the enqueuing request is answered.
      await sleep(ms, undefined, { signal: this.stop.signal });
      return true;
    } catch {
      return false;
    }
  }

  async health(): Promise<QueueHealth> {
    return 'inline';
  }

  /** Lets running jobs finish (the process's shutdown timeout bounds the wait). */
  async onApplicationShutdown(): Promise<void> {
    this.closing = true;
    this.stop.abort();
    await Promise.allSettled([...this.inFlight.values()].map((j) => j.run));
  }

  /**
   * For tests: resolves when every job due within DRAIN_HORIZON_MS has finished (retries
   * included). A job delayed further (an attempt's close at its time limit, an hourly schedule
   * that enqueues its next run) is not waited for: it would hold the test for that long.
   */
  async drain(): Promise<void> {
    for (;;) {
      const due = [...this.inFlight.values()].filter((j) => j.dueAt <= Date.now() + DRAIN_HORIZON_MS);
      if (due.length === 0) return;
      await Promise.allSettled(due.map((j) => j.run));
    }
  }
}
