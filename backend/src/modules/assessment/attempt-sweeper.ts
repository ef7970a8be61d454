import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import { LOGGER } from '../../common/logging/logging.module.js';
import { AttemptsRepository } from './attempts.repository.js';

/** How often each process looks for attempts whose time ran out (plus up to a fifth of it, at random). */
export const SWEEP_INTERVAL_MS = 10_000;
/** Attempts one sweep grades at most; a longer backlog is taken by the next sweeps. */
export const SWEEP_BATCH = 500;

/**
 * Closes timed attempts whose time ran out, on what was saved (docs/assessment.md#time-limits).
 *
 * Every API and worker process sweeps every ~10 s: one indexed read of the attempts in progress
 * past their deadline and grace (`idx_quiz_attempts_deadline_at`, partial on those in progress),
 * each graded in its own transaction, locked with SKIP LOCKED so that processes sweeping at once
 * take different attempts. It replaced a delayed BullMQ job per start: that job cost every start a
 * Redis round trip (about a fifth of the API's CPU per start in the exam-start spike,
 * docs/performance.md), and 2,000 learners starting one exam queued 2,000 delayed jobs. Between
 * sweeps, the learner's own next read or write closes an overdue attempt first, so nobody sees
 * or changes an attempt after its time, whatever the sweep's timing. No Redis is involved: it
 * works the same with the inline queue driver and while Redis is down.
 */
@Injectable()
export class AttemptSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | null = null;
  private stopped = false;

  constructor(
    private readonly attempts: AttemptsRepository,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    const tick = () => {
      if (this.stopped) return;
      void this.sweep().finally(() => {
        if (this.stopped) return;
        // Jittered, so that processes started together do not sweep in step.
        this.timer = setTimeout(tick, SWEEP_INTERVAL_MS + Math.floor(Math.random() * (SWEEP_INTERVAL_MS / 5)));
        this.timer.unref();
      });
    };
    this.timer = setTimeout(tick, Math.floor(Math.random() * SWEEP_INTERVAL_MS));
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  /**
   * Grades the attempts lapsed by `now` (at most SWEEP_BATCH); answers how many. A sweep already
   * running in this process is joined, not doubled. Never throws: a failure (the database away) is
   * logged and the next sweep tries again.
   */
  sweep(now?: Date): Promise<number> {
    this.running ??= this.closeLapsed(now).finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async closeLapsed(now?: Date): Promise<number> {
    let closed = 0;
    try {
      while (closed < SWEEP_BATCH && !this.stopped) {
        const id = await this.attempts.closeNextLapsed(now ?? new Date());
        if (!id) break;
        closed++;
      }
    } catch (err) {
      this.logger.warn({ err: err instanceof Error ? err.message : String(err), closed }, 'closing lapsed attempts failed; the next sweep tries again');
    }
    if (closed > 0) this.logger.info({ closed }, 'closed attempts whose time ran out');
    return closed;
  }
}
