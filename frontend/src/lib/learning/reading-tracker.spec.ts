import { describe, expect, it } from 'vitest';
import { positionOf, reachedEnd, ReadingTracker, scrollTopFor, type ReadingReport, type ReadingTrackerOptions } from './reading-tracker';
import { clampPosition, lessonResumeHref, resumeParam } from './resume';

/** Manual clock and timers: the test decides when time passes. */
function setup(options: ReadingTrackerOptions = {}, answers: Array<boolean | Error> = []) {
  let now = 0;
  let id = 0;
  let uuid = 0;
  const timers = new Map<number, { fn: () => void; at: number }>();
  const sent: Array<{ report: ReadingReport; leaving: boolean }> = [];
  const tracker = new ReadingTracker(
    {
      send: async (report, { leaving }) => {
        sent.push({ report: { ...report }, leaving });
        const answer = answers.shift() ?? true;
        if (answer instanceof Error) throw answer;
        return answer;
      },
      now: () => now,
      uuid: () => `interval-${++uuid}`,
      setTimer: (fn, ms) => {
        timers.set(++id, { fn, at: now + ms });
        return id;
      },
      clearTimer: (t) => void timers.delete(t as number)
    },
    options
  );
  /** Moves the clock on, firing the timers that fall due on the way, in order. */
  const advance = (ms: number) => {
    const end = now + ms;
    for (;;) {
      const due = [...timers].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      timers.delete(due[0]);
      now = due[1].at;
      due[1].fn();
    }
    now = end;
  };
  return { tracker, sent, advance, timers };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

describe('visible-time intervals', () => {
  it('ends an interval when the page is hidden, with a fresh id and the whole seconds it was visible', () => {
    const { tracker, sent, advance } = setup();
    tracker.visible();
    advance(12_400);
    tracker.hidden();
    expect(sent).toEqual([{ report: { intervalId: 'interval-1', visibleSeconds: 12 }, leaving: false }]);
    // Hidden time counts for nothing; the next visible spell is a new interval.
    advance(600_000);
    tracker.visible();
    advance(3_000);
    tracker.hidden();
    expect(sent[1]).toEqual({ report: { intervalId: 'interval-2', visibleSeconds: 3 }, leaving: false });
  });

  it('closes the interval every minute while the page stays visible, so an open tab reports as it goes', () => {
    const { tracker, sent, advance } = setup({ intervalMs: 60_000 });
    tracker.visible();
    advance(150_000);
    expect(sent.map((s) => s.report)).toEqual([
      { intervalId: 'interval-1', visibleSeconds: 60 },
      { intervalId: 'interval-2', visibleSeconds: 60 }
    ]);
    tracker.hidden();
    expect(sent[2]!.report).toEqual({ intervalId: 'interval-3', visibleSeconds: 30 });
  });

  it('caps one interval (a laptop asleep with the page open) and sends nothing for a blink under half a second', () => {
    const { tracker, sent, advance } = setup({ intervalMs: 10 * 3600_000, maxIntervalSeconds: 3600 });
    tracker.visible();
    advance(5 * 3600_000);
    tracker.hidden();
    expect(sent[0]!.report.visibleSeconds).toBe(3600);
    tracker.visible();
    advance(400);
    tracker.hidden();
    expect(sent).toHaveLength(1);
  });

  it('counts a visible spell once, however often "visible" is said', () => {
    const { tracker, sent, advance } = setup();
    tracker.visible();
    advance(5_000);
    tracker.visible();
    advance(5_000);
    tracker.hidden();
    tracker.hidden();
    expect(sent.map((s) => s.report)).toEqual([{ intervalId: 'interval-1', visibleSeconds: 10 }]);
  });

  it('on leaving, sends the open interval and the latest position in one request that outlives the page', () => {
    const { tracker, sent, advance } = setup({ positionThrottleMs: 5_000 });
    tracker.visible();
    tracker.scrolled(0.2);
    advance(1_000);
    tracker.scrolled(0.45);
    advance(1_000);
    tracker.leave();
    expect(sent).toEqual([
      { report: { position: 0.2 }, leaving: false },
      { report: { position: 0.45, intervalId: 'interval-1', visibleSeconds: 2 }, leaving: true }
    ]);
    // The throttled position is not sent a second time after leaving.
    advance(10_000);
    expect(sent).toHaveLength(2);
  });

  it('sends a failed interval again, unchanged (same id), with the next report', async () => {
    const { tracker, sent, advance } = setup({}, [false, new Error('offline'), true, true]);
    tracker.visible();
    advance(4_000);
    tracker.hidden();
    await settle();
    tracker.visible();
    advance(2_000);
    tracker.hidden();
    await settle();
    expect(tracker.pending).toHaveLength(1);
    tracker.visible();
    advance(1_000);
    tracker.hidden();
    await settle();
    expect(sent.map((s) => s.report)).toEqual([
      { intervalId: 'interval-1', visibleSeconds: 4 },
      // The retry of interval-1 failed again (offline); interval-2 went with it.
      { intervalId: 'interval-1', visibleSeconds: 4 },
      { intervalId: 'interval-2', visibleSeconds: 2 },
      { intervalId: 'interval-1', visibleSeconds: 4 },
      { intervalId: 'interval-3', visibleSeconds: 1 }
    ]);
    expect(tracker.pending).toEqual([]);
  });

  it('keeps at most maxPending failed reports, dropping the oldest', async () => {
    const { tracker, advance } = setup({ maxPending: 2 }, [false, false, false, false, false, false, false]);
    for (let i = 0; i < 3; i++) {
      tracker.visible();
      advance(1_000);
      tracker.hidden();
      await settle();
    }
    expect(tracker.pending.map((r) => r.intervalId)).toEqual(['interval-2', 'interval-3']);
  });

  it('stops for good when disposed', () => {
    const { tracker, sent, advance, timers } = setup();
    tracker.visible();
    tracker.dispose();
    expect(timers.size).toBe(0);
    advance(120_000);
    tracker.hidden();
    tracker.scrolled(0.5);
    expect(sent).toEqual([]);
  });
});

describe('position', () => {
  it('sends the first position at once, then at most one per throttle window, and always the last', () => {
    const { tracker, sent, advance } = setup({ positionThrottleMs: 5_000 });
    tracker.scrolled(0.1);
    tracker.scrolled(0.2);
    tracker.scrolled(0.3);
    expect(sent.map((s) => s.report)).toEqual([{ position: 0.1 }]);
    advance(5_000);
    expect(sent.map((s) => s.report)).toEqual([{ position: 0.1 }, { position: 0.3 }]);
  });

  it('does not send a move smaller than 1% or the place the reader was already at', () => {
    const { tracker, sent } = setup({ position: 0.5 });
    tracker.scrolled(0.503);
    tracker.scrolled(0.5);
    expect(sent).toEqual([]);
  });

  it('clamps and rounds what it sends', () => {
    expect(clampPosition(-2)).toBe(0);
    expect(clampPosition(1.7)).toBe(1);
    expect(clampPosition(0.123456)).toBe(0.123);
    expect(clampPosition(Number.NaN)).toBe(0);
  });
});

describe('completion', () => {
  it('is sent once, with the position, when the end of the lesson comes into view', () => {
    const { tracker, sent, advance } = setup();
    tracker.scrolled(0.9, true);
    advance(10_000);
    tracker.scrolled(0.95, true);
    expect(sent.map((s) => s.report)).toEqual([{ completed: true, position: 1 }]);
    expect(tracker.completed).toBe(true);
  });

  it('is not sent for a lesson already completed, nor after the reader marked it complete', () => {
    const done = setup({ completed: true, position: 1 });
    done.tracker.scrolled(1, true);
    expect(done.sent).toEqual([]);
    const marked = setup();
    marked.tracker.markedComplete();
    marked.tracker.scrolled(1, true);
    expect(marked.sent.map((s) => s.report)).toEqual([{ position: 1 }]);
  });
});

describe('geometry', () => {
  const box = { top: 500, height: 2000, viewportHeight: 800 };

  it('reads the position as the share of the lesson text above the middle of the screen', () => {
    expect(positionOf({ ...box, scrollTop: 0 })).toBe(0);
    expect(positionOf({ ...box, scrollTop: 1100 })).toBe(0.5);
    expect(positionOf({ ...box, scrollTop: 5000 })).toBe(1);
    expect(positionOf({ ...box, height: 0, scrollTop: 100 })).toBe(0);
  });

  it('scrolls back to the same place (the inverse of positionOf)', () => {
    for (const position of [0.1, 0.25, 0.5, 0.8]) {
      expect(positionOf({ ...box, scrollTop: scrollTopFor(position, box) })).toBeCloseTo(position, 2);
    }
    expect(scrollTopFor(0, box)).toBe(100);
    expect(scrollTopFor(0, { ...box, top: 100 })).toBe(0);
  });

  it('knows when the end of the text is on screen', () => {
    expect(reachedEnd({ ...box, scrollTop: 1000 })).toBe(false);
    expect(reachedEnd({ ...box, scrollTop: 1700 })).toBe(true);
    expect(reachedEnd({ top: 100, height: 300, viewportHeight: 800, scrollTop: 0 })).toBe(true);
  });
});

describe('resume links', () => {
  it('write the saved position into ?resume=, and only a position worth going back to', () => {
    expect(lessonResumeHref('foundations', 'l 1', 0.4567)).toBe('/courses/foundations/lessons/l%201?resume=0.457');
    expect(lessonResumeHref('foundations', 'l1', 0)).toBe('/courses/foundations/lessons/l1');
    expect(lessonResumeHref('foundations', 'l1', null)).toBe('/courses/foundations/lessons/l1');
  });

  it('read back only a number between 0 and 1', () => {
    const at = (q: string) => resumeParam(new URL(`http://x/lesson${q}`));
    expect(at('?resume=0.457')).toBe(0.457);
    expect(at('?resume=1')).toBe(1);
    expect(at('?resume=0')).toBe(0);
    expect(at('')).toBeNull();
    for (const bad of ['?resume=2', '?resume=-0.1', '?resume=abc', '?resume=0.5e1', '?resume=', '?resume=1.5']) expect(at(bad), bad).toBeNull();
  });
});
