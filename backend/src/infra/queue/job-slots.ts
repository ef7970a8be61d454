/**
 * The worker process's job slots: WORKER_CONCURRENCY of them, shared by every queue's BullMQ
 * Worker, so the process runs at most that many handlers at once whatever the number of queues
 * (each Worker alone could otherwise run WORKER_CONCURRENCY). A job that BullMQ has handed over
 * waits here, FIFO, for a free slot.
 */
export class JobSlots {
  private used = 0;
  private highest = 0;
  private readonly waiting: Array<(release: (() => void) | null) => void> = [];
  private closed = false;

  constructor(readonly size: number) {
    if (!Number.isInteger(size) || size < 1) throw new Error(`JobSlots needs a positive size, got ${size}`);
  }

  /** Handlers running now. */
  get running(): number {
    return this.used;
  }

  /** The most handlers that ever ran at once (tests and logs). */
  get peak(): number {
    return this.highest;
  }

  /** Jobs handed over by BullMQ that wait for a slot. */
  get queued(): number {
    return this.waiting.length;
  }

  /**
   * A slot, or null once `close` was called (the job then goes back to its queue). Resolve the
   * returned function exactly once when the job is done.
   */
  async acquire(): Promise<(() => void) | null> {
    if (this.closed) return null;
    if (this.used < this.size) {
      this.used += 1;
      this.highest = Math.max(this.highest, this.used);
      return this.releaser();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /** Refuses every waiting and future acquire; running jobs keep their slots until released. */
  close(): void {
    this.closed = true;
    for (const resolve of this.waiting.splice(0)) resolve(null);
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      // The slot passes straight to the next waiter: `used` does not change, so no acquire in
      // between can take it too.
      if (next) next(this.releaser());
      else this.used -= 1;
    };
  }
}
