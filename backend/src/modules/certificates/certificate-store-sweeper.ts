import { Inject, Injectable, Optional, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import { LOGGER } from '../../common/logging/logging.module.js';
import { CertificateStore } from './certificate-store.js';
import { HolderErasureService } from './holder-erasure.service.js';

/** A temporary file older than this is left by an interrupted write (a write takes milliseconds). */
export const STALE_TEMPORARY_MS = 10 * 60_000;
/** How often each process sweeps, after the sweep at start. */
export const TEMPORARY_SWEEP_INTERVAL_MS = 60 * 60_000;

/**
 * Deletes the store's stale temporary files (docs/certificates.md#storage): once when the process
 * starts (a worker restarted after a `kill -9` cleans what it left) and hourly after that, in
 * every process that has the store (the worker writes; with the inline driver, the API does).
 * The same tick withdraws the certificates of deleted accounts that a failed withdrawal at
 * deletion left standing (docs/certificates.md#account-deletion), when an erasure service is given.
 * Never throws: a failure is logged and the next sweep tries again.
 */
@Injectable()
export class CertificateStoreSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | null = null;
  private stopped = false;

  constructor(
    private readonly store: CertificateStore,
    @Inject(LOGGER) private readonly logger: Logger,
    @Optional() private readonly erasure?: HolderErasureService,
  ) {}

  onApplicationBootstrap(): void {
    const tick = () => {
      if (this.stopped) return;
      void Promise.all([this.sweep(), this.withdrawLeftovers()]).finally(() => {
        if (this.stopped) return;
        this.timer = setTimeout(tick, TEMPORARY_SWEEP_INTERVAL_MS);
        this.timer.unref();
      });
    };
    // Not in the boot path: a large store's folders are read after the process is up.
    this.timer = setTimeout(tick, 1_000);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  /** Certificates of deleted accounts still standing: withdrawn now (never throws). */
  async withdrawLeftovers(): Promise<number> {
    try {
      return (await this.erasure?.eraseDeletedHolders()) ?? 0;
    } catch (err) {
      this.logger.warn(
        { err: err instanceof Error ? err.message : String(err) },
        'withdrawing deleted accounts’ certificates failed; the next sweep tries again',
      );
      return 0;
    }
  }

  /** One sweep (joined when one is running); answers how many files it deleted. */
  sweep(now = new Date()): Promise<number> {
    this.running ??= this.store
      .sweepTemporary(new Date(now.getTime() - STALE_TEMPORARY_MS))
      .then((deleted) => {
        if (deleted > 0) this.logger.info({ deleted }, 'deleted stale temporary certificate files (interrupted writes)');
        return deleted;
      })
      .catch((err: unknown) => {
        this.logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'sweeping temporary certificate files failed; the next sweep tries again');
        return 0;
      })
      .finally(() => {
        this.running = null;
      });
    return this.running;
  }
}
