/**
 * One attempt as the question pages and the summary share it in the browser: the learner's
 * answers and flags (what the pages show), and the autosave queue that sends them. Created by
 * the attempt's layout, so it lives while the learner moves between questions.
 */
import { getContext, setContext } from 'svelte';
import { isAnswered } from './answers';
import { AutosaveQueue, type SaveOutcome, type SaveStatus } from './autosave';
import { answersPath } from './paths';
import type { AnswerValue, AttemptItemView, AttemptView, SaveAnswersBody, SaveAnswersResult } from './types';

/** The context key, exported for tests that render a page of the attempt on its own. */
export const ATTEMPT_SESSION = Symbol('attempt-session');

/** Reads the autosave endpoint's answer into what the queue does next. */
export async function outcomeOf(response: Response): Promise<SaveOutcome> {
  let body: Record<string, unknown> = {};
  try {
    body = (await response.json()) as Record<string, unknown>;
  } catch {
    // Not JSON (a proxy's error page): judged by the status alone.
  }
  const message = typeof body.message === 'string' && body.message ? body.message : 'Your answers could not be saved.';
  if (response.ok) return { kind: 'saved', result: body as unknown as SaveAnswersResult };
  if (response.status === 409 && body.code === 'ATTEMPT_VERSION_CONFLICT') return { kind: 'conflict' };
  if (response.status === 409 && body.code === 'ATTEMPT_CLOSED') return { kind: 'closed', message };
  if (response.status === 401) return { kind: 'signed-out', message: 'You have been signed out. Sign in again in another tab, then change an answer to save.' };
  if (response.status === 400 || response.status === 404 || response.status === 422) return { kind: 'invalid', message };
  return { kind: 'failed', message: response.status === 429 ? 'The service is busy.' : 'The service did not answer.' };
}

export class AttemptSession {
  readonly attempt: AttemptView;
  readonly items: AttemptItemView[];
  answers: Record<string, AnswerValue | null> = $state({});
  flags: Record<string, boolean> = $state({});
  status: SaveStatus = $state({ state: 'idle' });
  /** Said once after the attempt was reloaded because it was saved elsewhere. */
  notice: string | null = $state(null);
  /** Bumped on every reload, so question controls re-read their values. */
  revision = $state(0);
  readonly #queue: AutosaveQueue;

  constructor(attempt: AttemptView, fetcher: typeof fetch = (...args) => fetch(...args)) {
    this.attempt = attempt;
    this.items = [...attempt.items].sort((a, b) => a.position - b.position);
    for (const item of this.items) {
      this.answers[item.id] = item.answer;
      this.flags[item.id] = item.flagged;
    }
    const endpoint = answersPath(attempt.quizId, attempt.id);
    this.#queue = new AutosaveQueue(
      attempt.version,
      {
        send: async (body: SaveAnswersBody) =>
          outcomeOf(await fetcher(endpoint, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })),
        reload: async () => {
          const response = await fetcher(endpoint, { headers: { accept: 'application/json' } });
          return response.ok ? ((await response.json()) as AttemptView) : null;
        },
        setTimer: (fn, ms) => setTimeout(fn, ms),
        clearTimer: (t) => clearTimeout(t as ReturnType<typeof setTimeout>),
        now: () => new Date()
      },
      {
        onStatus: (status) => (this.status = status),
        onReload: (fresh, unsaved) => this.#merge(fresh, unsaved)
      }
    );
  }

  get version(): number {
    return this.#queue.version;
  }

  get unsaved(): Set<string> {
    return this.#queue.unsaved;
  }

  get hasUnsaved(): boolean {
    return this.#queue.hasUnsaved;
  }

  setAnswer(itemId: string, value: AnswerValue | null): void {
    this.answers[itemId] = value;
    this.#queue.setAnswer(itemId, value);
  }

  setFlag(itemId: string, flagged: boolean): void {
    this.flags[itemId] = flagged;
    this.#queue.setFlag(itemId, flagged);
  }

  answered(item: AttemptItemView): boolean {
    return isAnswered(item.type, this.answers[item.id]);
  }

  flush(): Promise<boolean> {
    return this.#queue.flush();
  }

  dispose(): void {
    this.#queue.dispose();
  }

  /** Saved elsewhere meanwhile: take those answers, except where this page has newer ones. */
  #merge(fresh: AttemptView, unsaved: ReadonlySet<string>): void {
    let changed = 0;
    for (const item of fresh.items) {
      if (unsaved.has(item.id)) continue;
      if (JSON.stringify(this.answers[item.id] ?? null) !== JSON.stringify(item.answer ?? null)) changed++;
      this.answers[item.id] = item.answer;
      this.flags[item.id] = item.flagged;
    }
    this.revision++;
    this.notice =
      changed > 0
        ? `This attempt was also changed in another window. ${changed === 1 ? 'One answer was' : `${changed} answers were`} updated from there; your latest changes here are kept.`
        : 'This attempt was also saved in another window; your latest changes here are kept.';
  }
}

export function setAttemptSession(session: AttemptSession): void {
  setContext(ATTEMPT_SESSION, session);
}

export function attemptSession(): AttemptSession {
  const session = getContext<AttemptSession | undefined>(ATTEMPT_SESSION);
  if (!session) throw new Error('attemptSession() outside an attempt layout');
  return session;
}
