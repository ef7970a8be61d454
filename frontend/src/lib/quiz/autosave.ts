/**
 * The question pages' autosave: changes are collected per question, sent after a pause in
 * typing (debounced) with the attempt's version, and kept until the API confirms them. A
 * change is never dropped silently: a failed save is retried with backoff and says so; a
 * version conflict (the attempt was saved from another tab) reloads the attempt and sends the
 * learner's unsaved changes again on top of it; a closed attempt or a refused value stops and
 * says which changes were not saved.
 */
import type { AnswerValue, AttemptView, SaveAnswersBody, SaveAnswersResult } from './types';

export type SaveOutcome =
  | { kind: 'saved'; result: SaveAnswersResult }
  /** 409 ATTEMPT_VERSION_CONFLICT. */
  | { kind: 'conflict' }
  /** 409 ATTEMPT_CLOSED: submitted, or past the time limit. */
  | { kind: 'closed'; message: string }
  /** 400: the API refused a value (it changes nothing). */
  | { kind: 'invalid'; message: string }
  | { kind: 'signed-out'; message: string }
  /** The network, a 5xx or a 429: worth trying again. */
  | { kind: 'failed'; message: string };

export type SaveStatus =
  | { state: 'idle' }
  | { state: 'pending' }
  | { state: 'saving' }
  | { state: 'saved'; at: Date }
  | { state: 'retrying'; message: string; inMs: number }
  | { state: 'closed'; message: string }
  | { state: 'rejected'; message: string }
  | { state: 'signed-out'; message: string };

/** Whatever the timer functions hand back (a number in browsers, an object in Node). */
type Timer = object | number;

export interface AutosaveDeps {
  send(body: SaveAnswersBody): Promise<SaveOutcome>;
  /** The attempt as the API has it now (after a conflict), or null when it could not be read. */
  reload(): Promise<AttemptView | null>;
  setTimer(fn: () => void, ms: number): Timer;
  clearTimer(timer: Timer): void;
  now(): Date;
}

export interface AutosaveOptions {
  debounceMs?: number;
  /** Retry delays grow from this, doubling, up to maxRetryMs. */
  firstRetryMs?: number;
  maxRetryMs?: number;
  onStatus?: (status: SaveStatus) => void;
  /**
   * After a conflict: the attempt as saved elsewhere. `unsaved` are the questions whose
   * answers here are still waiting to be sent (keep those; take the rest from `attempt`).
   */
  onReload?: (attempt: AttemptView, unsaved: ReadonlySet<string>) => void;
  onSaved?: (result: SaveAnswersResult) => void;
}

interface Change<T> {
  value: T;
  seq: number;
}

/** Conflicts in a row before giving up and retrying later (two tabs saving over each other). */
const MAX_CONFLICTS = 3;

export class AutosaveQueue {
  #version: number;
  readonly #deps: AutosaveDeps;
  readonly #options: Required<Pick<AutosaveOptions, 'debounceMs' | 'firstRetryMs' | 'maxRetryMs'>> & AutosaveOptions;
  readonly #answers = new Map<string, Change<AnswerValue | null>>();
  readonly #flags = new Map<string, Change<boolean>>();
  #seq = 0;
  #debounce: Timer | null = null;
  #retry: Timer | null = null;
  #failures = 0;
  #inFlight: Promise<void> | null = null;
  /** Closed, signed out or refused: wait for the learner (or for good, when closed). */
  #blocked: 'closed' | 'rejected' | 'signed-out' | null = null;
  #status: SaveStatus = { state: 'idle' };

  constructor(version: number, deps: AutosaveDeps, options: AutosaveOptions = {}) {
    this.#version = version;
    this.#deps = deps;
    this.#options = { debounceMs: 800, firstRetryMs: 1000, maxRetryMs: 30_000, ...options };
  }

  get version(): number {
    return this.#version;
  }

  get status(): SaveStatus {
    return this.#status;
  }

  /** Questions with changes the API has not confirmed yet. */
  get unsaved(): Set<string> {
    return new Set([...this.#answers.keys(), ...this.#flags.keys()]);
  }

  get hasUnsaved(): boolean {
    return this.#answers.size > 0 || this.#flags.size > 0;
  }

  setAnswer(itemId: string, value: AnswerValue | null): void {
    this.#answers.set(itemId, { value, seq: ++this.#seq });
    this.#changed();
  }

  setFlag(itemId: string, flagged: boolean): void {
    this.#flags.set(itemId, { value: flagged, seq: ++this.#seq });
    this.#changed();
  }

  /** Sends now whatever is waiting; true when everything is saved. */
  async flush(): Promise<boolean> {
    this.#clear('debounce');
    this.#clear('retry');
    if (this.#blocked === 'closed') return !this.hasUnsaved;
    await this.#run();
    return !this.hasUnsaved;
  }

  dispose(): void {
    this.#clear('debounce');
    this.#clear('retry');
  }

  #changed(): void {
    if (this.#blocked === 'closed') {
      // Say it again: this change will not be saved either.
      this.#setStatus(this.#status);
      return;
    }
    // A new change is the learner's next try after a refusal or a lost session.
    this.#blocked = null;
    if (this.#status.state !== 'saving' && this.#status.state !== 'retrying') this.#setStatus({ state: 'pending' });
    this.#clear('debounce');
    this.#debounce = this.#deps.setTimer(() => {
      this.#debounce = null;
      void this.#run();
    }, this.#options.debounceMs);
  }

  #clear(which: 'debounce' | 'retry'): void {
    const timer = which === 'debounce' ? this.#debounce : this.#retry;
    if (timer !== null) this.#deps.clearTimer(timer);
    if (which === 'debounce') this.#debounce = null;
    else this.#retry = null;
  }

  #setStatus(status: SaveStatus): void {
    this.#status = status;
    this.#options.onStatus?.(status);
  }

  #run(): Promise<void> {
    this.#inFlight ??= (async () => {
      let conflicts = 0;
      while (this.hasUnsaved && this.#blocked === null) {
        const next = await this.#sendOnce();
        if (next === 'stop') break;
        if (next === 'conflict') {
          if (++conflicts >= MAX_CONFLICTS) {
            this.#scheduleRetry('Your answers were changed in another window. Trying again.');
            break;
          }
        } else conflicts = 0;
      }
    })().finally(() => {
      this.#inFlight = null;
    });
    return this.#inFlight;
  }

  async #sendOnce(): Promise<'sent' | 'conflict' | 'stop'> {
    const answers = [...this.#answers].map(([itemId, change]) => ({ itemId, change }));
    const flags = [...this.#flags].map(([itemId, change]) => ({ itemId, change }));
    const body: SaveAnswersBody = {
      version: this.#version,
      answers: answers.map(({ itemId, change }) => ({ itemId, value: change.value }))
    };
    if (flags.length > 0) body.flags = flags.map(({ itemId, change }) => ({ itemId, flagged: change.value }));
    this.#setStatus({ state: 'saving' });
    let outcome: SaveOutcome;
    try {
      outcome = await this.#deps.send(body);
    } catch {
      outcome = { kind: 'failed', message: 'Your answers could not be sent. Check your connection.' };
    }
    switch (outcome.kind) {
      case 'saved': {
        this.#version = outcome.result.version;
        this.#failures = 0;
        // Only what was sent and has not changed since is saved; newer changes go next.
        for (const { itemId, change } of answers) if (this.#answers.get(itemId)?.seq === change.seq) this.#answers.delete(itemId);
        for (const { itemId, change } of flags) if (this.#flags.get(itemId)?.seq === change.seq) this.#flags.delete(itemId);
        this.#options.onSaved?.(outcome.result);
        this.#setStatus(this.hasUnsaved ? { state: 'saving' } : { state: 'saved', at: this.#deps.now() });
        return 'sent';
      }
      case 'conflict': {
        const attempt = await this.#deps.reload().catch(() => null);
        if (!attempt) {
          this.#scheduleRetry('Your answers could not be saved. Trying again.');
          return 'stop';
        }
        this.#version = attempt.version;
        if (attempt.status !== 'in_progress') {
          this.#blocked = 'closed';
          this.#setStatus({ state: 'closed', message: 'This attempt has been submitted, so changes here can no longer be saved.' });
          return 'stop';
        }
        this.#options.onReload?.(attempt, this.unsaved);
        return 'conflict';
      }
      case 'closed':
        this.#blocked = 'closed';
        this.#setStatus({ state: 'closed', message: outcome.message });
        return 'stop';
      case 'invalid':
        this.#blocked = 'rejected';
        this.#setStatus({ state: 'rejected', message: outcome.message });
        return 'stop';
      case 'signed-out':
        this.#blocked = 'signed-out';
        this.#setStatus({ state: 'signed-out', message: outcome.message });
        return 'stop';
      case 'failed':
        this.#scheduleRetry(outcome.message);
        return 'stop';
    }
  }

  #scheduleRetry(message: string): void {
    this.#failures++;
    const inMs = Math.min(this.#options.maxRetryMs, this.#options.firstRetryMs * 2 ** (this.#failures - 1));
    this.#setStatus({ state: 'retrying', message, inMs });
    this.#clear('retry');
    this.#retry = this.#deps.setTimer(() => {
      this.#retry = null;
      void this.#run();
    }, inMs);
  }
}

const TIME = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit' });

/** What the status line says. */
export function statusText(status: SaveStatus, formatTime: (d: Date) => string = (d) => TIME.format(d)): string {
  switch (status.state) {
    case 'idle':
      return 'Your answers are saved as you go.';
    case 'pending':
      return 'Unsaved changes…';
    case 'saving':
      return 'Saving…';
    case 'saved':
      return `Saved at ${formatTime(status.at)}`;
    case 'retrying':
      return `Not saved: retrying. ${status.message}`;
    case 'closed':
    case 'rejected':
    case 'signed-out':
      return `Not saved. ${status.message}`;
  }
}

/** Is the status a problem the learner must hear about (a live region says these, not every save)? */
export function isProblem(status: SaveStatus): boolean {
  return status.state === 'retrying' || status.state === 'closed' || status.state === 'rejected' || status.state === 'signed-out';
}
