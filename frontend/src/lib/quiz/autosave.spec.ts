import { describe, expect, it, vi } from 'vitest';
import { AutosaveQueue, isProblem, statusText, type SaveOutcome, type SaveStatus } from './autosave';
import type { AttemptView, SaveAnswersBody } from './types';

/** Manual timers: the test decides when time passes. */
function fakeTimers() {
  let id = 0;
  const timers = new Map<number, { fn: () => void; ms: number }>();
  return {
    timers,
    setTimer: (fn: () => void, ms: number) => {
      timers.set(++id, { fn, ms });
      return id;
    },
    clearTimer: (t: unknown) => void timers.delete(t as number),
    /** Fires every timer now pending (not those they set). */
    fireAll() {
      const due = [...timers];
      timers.clear();
      for (const [, t] of due) t.fn();
    }
  };
}

const settle = () => new Promise((r) => setTimeout(r, 0));
const saved = (version: number): SaveOutcome => ({ kind: 'saved', result: { version, savedAt: '2026-12-02T09:41:00.000Z', items: [] } });

function attemptAt(version: number, status: AttemptView['status'] = 'in_progress'): AttemptView {
  return {
    id: 'att',
    quizId: 'q',
    quizTitle: 'Quiz',
    number: 1,
    status,
    version,
    startedAt: '',
    deadlineAt: null,
    submittedAt: null,
    items: [],
    result: null
  };
}

function setup(outcomes: Array<SaveOutcome | Error>, reload: () => Promise<AttemptView | null> = async () => null) {
  const timers = fakeTimers();
  const sent: SaveAnswersBody[] = [];
  const statuses: SaveStatus[] = [];
  const onReload = vi.fn();
  const send = vi.fn(async (body: SaveAnswersBody) => {
    sent.push(structuredClone(body));
    const next = outcomes.shift();
    if (!next) throw new Error('no outcome left');
    if (next instanceof Error) throw next;
    return next;
  });
  const queue = new AutosaveQueue(
    1,
    { send, reload, setTimer: timers.setTimer, clearTimer: timers.clearTimer, now: () => new Date('2026-12-02T09:41:00Z') },
    { onStatus: (s) => statuses.push(s), onReload, debounceMs: 800 }
  );
  return { queue, timers, sent, statuses, onReload, send };
}

describe('AutosaveQueue', () => {
  it('waits for a pause, then sends every change since with the version, once', async () => {
    const { queue, timers, sent, statuses } = setup([saved(2)]);
    queue.setAnswer('i1', { optionId: 'a' });
    queue.setAnswer('i1', { optionId: 'b' });
    queue.setFlag('i2', true);
    expect(sent).toHaveLength(0);
    expect([...timers.timers.values()].map((t) => t.ms)).toEqual([800]);
    timers.fireAll();
    await settle();
    expect(sent).toEqual([{ version: 1, answers: [{ itemId: 'i1', value: { optionId: 'b' } }], flags: [{ itemId: 'i2', flagged: true }] }]);
    expect(queue.version).toBe(2);
    expect(queue.hasUnsaved).toBe(false);
    expect(statuses.map((s) => s.state)).toEqual(['pending', 'pending', 'pending', 'saving', 'saved']);
  });

  it('keeps a change made while a save is in flight and sends it next, with the new version', async () => {
    let release!: (o: SaveOutcome) => void;
    const timers = fakeTimers();
    const sent: SaveAnswersBody[] = [];
    const send = vi.fn((body: SaveAnswersBody) => {
      sent.push(structuredClone(body));
      if (sent.length === 1) return new Promise<SaveOutcome>((r) => (release = r));
      return Promise.resolve(saved(3));
    });
    const queue = new AutosaveQueue(1, { send, reload: async () => null, setTimer: timers.setTimer, clearTimer: timers.clearTimer, now: () => new Date() });
    queue.setAnswer('i1', { text: 'deb' });
    const flushed = queue.flush();
    queue.setAnswer('i1', { text: 'debt bondage' });
    release(saved(2));
    expect(await flushed).toBe(true);
    expect(sent.map((b) => [b.version, b.answers[0]!.value])).toEqual([
      [1, { text: 'deb' }],
      [2, { text: 'debt bondage' }]
    ]);
    expect(queue.hasUnsaved).toBe(false);
  });

  it('retries a failed save with growing delays, saying so, and keeps the answer until it is saved', async () => {
    const { queue, timers, sent, statuses } = setup([new Error('offline'), { kind: 'failed', message: 'Service unavailable' }, saved(2)]);
    queue.setAnswer('i1', { value: 12 });
    expect(await queue.flush()).toBe(false);
    expect(queue.status).toMatchObject({ state: 'retrying', inMs: 1000 });
    expect(isProblem(queue.status)).toBe(true);
    expect(queue.unsaved).toEqual(new Set(['i1']));
    timers.fireAll();
    await settle();
    expect(queue.status).toMatchObject({ state: 'retrying', inMs: 2000, message: 'Service unavailable' });
    timers.fireAll();
    await settle();
    expect(queue.status.state).toBe('saved');
    // The same request each time: the API treats a repeat of an applied save as a no-op.
    expect(sent.map((b) => b.version)).toEqual([1, 1, 1]);
    expect(sent.every((b) => JSON.stringify(b.answers) === JSON.stringify([{ itemId: 'i1', value: { value: 12 } }]))).toBe(true);
    expect(statuses.filter((s) => s.state === 'retrying')).toHaveLength(2);
  });

  it('on a version conflict reloads the attempt and sends the unsaved changes again on top of it', async () => {
    const reload = vi.fn(async () => attemptAt(7));
    const { queue, sent, onReload } = setup([{ kind: 'conflict' }, saved(8)], reload);
    queue.setAnswer('i1', { optionId: 'a' });
    expect(await queue.flush()).toBe(true);
    expect(reload).toHaveBeenCalledTimes(1);
    expect(onReload).toHaveBeenCalledWith(expect.objectContaining({ version: 7 }), new Set(['i1']));
    expect(sent.map((b) => b.version)).toEqual([1, 7]);
    expect(sent[1]!.answers).toEqual([{ itemId: 'i1', value: { optionId: 'a' } }]);
    expect(queue.version).toBe(8);
  });

  it('stops on conflicts that keep coming, and retries later instead of looping', async () => {
    const { queue, timers, sent } = setup([{ kind: 'conflict' }, { kind: 'conflict' }, { kind: 'conflict' }], async () => attemptAt(5));
    queue.setAnswer('i1', { optionId: 'a' });
    expect(await queue.flush()).toBe(false);
    expect(sent).toHaveLength(3);
    expect(queue.status.state).toBe('retrying');
    expect(timers.timers.size).toBe(1);
  });

  it('says an attempt closed elsewhere cannot be saved to, and keeps the unsaved answers listed', async () => {
    const { queue, sent } = setup([{ kind: 'conflict' }], async () => attemptAt(9, 'submitted'));
    queue.setAnswer('i4', { value: true });
    expect(await queue.flush()).toBe(false);
    expect(queue.status.state).toBe('closed');
    expect(queue.unsaved).toEqual(new Set(['i4']));
    expect(sent).toHaveLength(1);
  });

  it('stops for good after ATTEMPT_CLOSED: later changes are not sent and the status says so again', async () => {
    const { queue, sent, statuses, timers } = setup([{ kind: 'closed', message: 'The time limit has passed.' }]);
    queue.setAnswer('i1', { text: 'x' });
    expect(await queue.flush()).toBe(false);
    queue.setAnswer('i1', { text: 'xy' });
    expect(timers.timers.size).toBe(0);
    expect(await queue.flush()).toBe(false);
    expect(sent).toHaveLength(1);
    expect(statuses.at(-1)).toEqual({ state: 'closed', message: 'The time limit has passed.' });
  });

  it('after a refused value waits for the next change, then tries again', async () => {
    const { queue, sent } = setup([{ kind: 'invalid', message: 'answers[0].value: malformed' }, saved(2)]);
    queue.setAnswer('i1', { value: 1 });
    expect(await queue.flush()).toBe(false);
    expect(queue.status).toEqual({ state: 'rejected', message: 'answers[0].value: malformed' });
    expect(await queue.flush()).toBe(false);
    expect(sent).toHaveLength(1);
    queue.setAnswer('i1', { value: 2 });
    expect(await queue.flush()).toBe(true);
    expect(sent[1]!.answers[0]!.value).toEqual({ value: 2 });
  });

  it('sends nothing when nothing changed', async () => {
    const { queue, send } = setup([]);
    expect(await queue.flush()).toBe(true);
    expect(send).not.toHaveBeenCalled();
  });
});

describe('statusText', () => {
  it('says saving, saved at a time, and retrying', () => {
    const at = (d: Date) => d.toISOString().slice(11, 16);
    expect(statusText({ state: 'saving' })).toBe('Saving…');
    expect(statusText({ state: 'saved', at: new Date('2026-12-02T09:41:00Z') }, at)).toBe('Saved at 09:41');
    expect(statusText({ state: 'retrying', message: 'Check your connection.', inMs: 1000 })).toBe('Not saved: retrying. Check your connection.');
    expect(isProblem({ state: 'saved', at: new Date() })).toBe(false);
  });
});
