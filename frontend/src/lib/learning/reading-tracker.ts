/**
 * What the lesson page reports about reading, as plain logic (no DOM), so every rule is tested
 * without a browser:
 *
 * - visible time, in intervals: an interval starts when the page becomes visible and ends when it
 *   is hidden, when the reader leaves, or every `intervalMs` (60 s) while it stays visible. Each
 *   interval carries its own `intervalId`, so a resend (after a failed request, or a beacon that
 *   did arrive although the page never heard back) adds nothing: the API counts an id once;
 * - the last position (the fraction of the lesson scrolled past), throttled;
 * - completion, once, when the reader reaches the end of the lesson.
 *
 * A request that fails is kept and sent again with the next one (its ids make that safe), up to
 * a bound: a reader offline for an hour loses the oldest intervals, not the page's memory.
 */
import { clampPosition } from './resume';

/** One report, as the lesson page's endpoint takes it (the course comes from the address). */
export interface ReadingReport {
  intervalId?: string;
  visibleSeconds?: number;
  position?: number;
  completed?: boolean;
}

/** Whatever the timer functions hand back (a number in browsers, an object in Node). */
type Timer = object | number;

export interface ReadingTrackerDeps {
  /**
   * Sends one report; resolves true when the server took it. `leaving`: the page is going away,
   * so the request must outlive it (fetch keepalive / sendBeacon) and nobody waits for the answer.
   */
  send(report: ReadingReport, options: { leaving: boolean }): Promise<boolean>;
  /** Milliseconds, monotonic enough (performance.now() or Date.now()). */
  now(): number;
  uuid(): string;
  setTimer(fn: () => void, ms: number): Timer;
  clearTimer(timer: Timer): void;
}

export interface ReadingTrackerOptions {
  /** An interval is closed and sent at least this often while the page stays visible. */
  intervalMs?: number;
  /** Positions are sent at most this often (the last one always goes, later). */
  positionThrottleMs?: number;
  /** The API caps an interval at this; a longer one (a suspended laptop) is cut here too. */
  maxIntervalSeconds?: number;
  /** Position changes smaller than this are not worth a request. */
  minPositionChange?: number;
  /** Already completed (the page says so): completion is never sent again. */
  completed?: boolean;
  /** Where the reader was last time, so coming back to the same place sends nothing. */
  position?: number | null;
  /** Failed reports kept for the next send. */
  maxPending?: number;
}

export class ReadingTracker {
  readonly #deps: ReadingTrackerDeps;
  readonly #intervalMs: number;
  readonly #throttleMs: number;
  readonly #maxSeconds: number;
  readonly #minChange: number;
  readonly #maxPending: number;

  /** When the current visible interval started, or null while hidden. */
  #visibleSince: number | null = null;
  #intervalTimer: Timer | null = null;
  #positionTimer: Timer | null = null;
  /** The latest position seen, and the last one the server has (or is being sent). */
  #position: number | null = null;
  #sentPosition: number | null;
  #lastPositionSendAt = -Infinity;
  #completed: boolean;
  #completionSent = false;
  #pending: ReadingReport[] = [];
  #stopped = false;

  constructor(deps: ReadingTrackerDeps, options: ReadingTrackerOptions = {}) {
    this.#deps = deps;
    this.#intervalMs = options.intervalMs ?? 60_000;
    this.#throttleMs = options.positionThrottleMs ?? 5_000;
    this.#maxSeconds = options.maxIntervalSeconds ?? 3600;
    this.#minChange = options.minPositionChange ?? 0.01;
    this.#maxPending = options.maxPending ?? 50;
    this.#completed = options.completed ?? false;
    this.#sentPosition = options.position ?? null;
  }

  get completed(): boolean {
    return this.#completed;
  }

  /** Reports that failed and wait for the next send. */
  get pending(): readonly ReadingReport[] {
    return this.#pending;
  }

  /** The page is visible (on load when visible, and on every visibilitychange to visible). */
  visible(): void {
    if (this.#stopped || this.#visibleSince !== null) return;
    this.#visibleSince = this.#deps.now();
    this.#armInterval();
  }

  /** The page is hidden (another tab, a minimised window, a locked phone): the interval ends. */
  hidden(): void {
    if (this.#stopped) return;
    this.#endInterval({ leaving: false, restart: false });
  }

  /**
   * The reader leaves (pagehide, or a client-side navigation away): the interval ends and the
   * latest position goes with it, in a request that outlives the page.
   */
  leave(): void {
    if (this.#stopped) return;
    this.#endInterval({ leaving: true, restart: false, withPosition: true });
    this.#clearPositionTimer();
  }

  /** The page came back from the back/forward cache: start counting again. */
  resume(): void {
    this.visible();
  }

  /** Stops every timer for good (the component is destroyed). */
  dispose(): void {
    this.#stopped = true;
    this.#clearIntervalTimer();
    this.#clearPositionTimer();
  }

  /** The reader scrolled: `position` 0..1 through the lesson; `atEnd` when its end is in view. */
  scrolled(position: number, atEnd = false): void {
    if (this.#stopped) return;
    this.#position = clampPosition(atEnd ? Math.max(position, 1) : position);
    if (atEnd && !this.#completed && !this.#completionSent) {
      this.#completionSent = true;
      this.#completed = true;
      this.#post({ completed: true, ...this.#positionPart() }, false);
      return;
    }
    if (!this.#positionChanged()) return;
    const wait = this.#lastPositionSendAt + this.#throttleMs - this.#deps.now();
    if (wait <= 0) {
      this.#post(this.#positionPart(), false);
    } else if (this.#positionTimer === null) {
      this.#positionTimer = this.#deps.setTimer(() => {
        this.#positionTimer = null;
        if (this.#positionChanged()) this.#post(this.#positionPart(), false);
      }, wait);
    }
  }

  /** The reader marked the lesson complete (the button): nothing more to send about it. */
  markedComplete(): void {
    this.#completed = true;
    this.#completionSent = true;
  }

  #positionChanged(): boolean {
    if (this.#position === null) return false;
    return this.#sentPosition === null || Math.abs(this.#position - this.#sentPosition) >= this.#minChange;
  }

  #positionPart(): ReadingReport {
    if (this.#position === null || this.#position === this.#sentPosition) return {};
    return { position: this.#position };
  }

  #armInterval(): void {
    this.#clearIntervalTimer();
    this.#intervalTimer = this.#deps.setTimer(() => {
      this.#intervalTimer = null;
      this.#endInterval({ leaving: false, restart: true });
    }, this.#intervalMs);
  }

  #endInterval({ leaving, restart, withPosition = false }: { leaving: boolean; restart: boolean; withPosition?: boolean }): void {
    this.#clearIntervalTimer();
    const since = this.#visibleSince;
    const now = this.#deps.now();
    this.#visibleSince = restart ? now : null;
    if (restart) this.#armInterval();
    const report: ReadingReport = withPosition && this.#positionChanged() ? this.#positionPart() : {};
    if (since !== null) {
      const seconds = Math.min(this.#maxSeconds, Math.round((now - since) / 1000));
      if (seconds > 0) Object.assign(report, { intervalId: this.#deps.uuid(), visibleSeconds: seconds });
    }
    if (Object.keys(report).length > 0 || (leaving && this.#pending.length > 0)) this.#post(report, leaving);
  }

  #post(report: ReadingReport, leaving: boolean): void {
    if (report.position !== undefined) {
      this.#sentPosition = report.position;
      this.#lastPositionSendAt = this.#deps.now();
      this.#clearPositionTimer();
    }
    // Earlier failures go first, each as it was (its interval id unchanged).
    const batch = [...this.#pending];
    if (Object.keys(report).length > 0) batch.push(report);
    this.#pending = [];
    for (const item of batch) {
      void this.#deps.send(item, { leaving }).then(
        (ok) => {
          if (!ok) this.#keep(item);
        },
        () => this.#keep(item)
      );
    }
  }

  #keep(report: ReadingReport): void {
    this.#pending.push(report);
    if (this.#pending.length > this.#maxPending) this.#pending.splice(0, this.#pending.length - this.#maxPending);
  }

  #clearIntervalTimer(): void {
    if (this.#intervalTimer !== null) this.#deps.clearTimer(this.#intervalTimer);
    this.#intervalTimer = null;
  }

  #clearPositionTimer(): void {
    if (this.#positionTimer !== null) this.#deps.clearTimer(this.#positionTimer);
    this.#positionTimer = null;
  }
}

/** The geometry the position is read from: the lesson text's box and the viewport, in page pixels. */
export interface ReadingGeometry {
  /** window.scrollY. */
  scrollTop: number;
  viewportHeight: number;
  /** The lesson text's top and height, in page coordinates. */
  top: number;
  height: number;
}

/**
 * How far through the lesson text the reader is: the fraction of it above the viewport's
 * middle. 0 before it starts; 1 once its end is in the top half of the screen.
 */
export function positionOf({ scrollTop, viewportHeight, top, height }: ReadingGeometry): number {
  if (height <= 0) return 0;
  return clampPosition((scrollTop + viewportHeight / 2 - top) / height);
}

/** Whether the end of the lesson text is on screen (a few pixels of slack for rounding). */
export function reachedEnd({ scrollTop, viewportHeight, top, height }: ReadingGeometry): boolean {
  return top + height <= scrollTop + viewportHeight + 4;
}

/** Where to scroll to put `position` of the lesson text back in the middle of the screen (the inverse of positionOf). */
export function scrollTopFor(position: number, { viewportHeight, top, height }: Omit<ReadingGeometry, 'scrollTop'>): number {
  return Math.max(0, Math.round(top + clampPosition(position) * height - viewportHeight / 2));
}
