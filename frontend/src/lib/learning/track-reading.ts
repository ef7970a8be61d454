/**
 * The lesson page's reading tracker wired to the browser: Page Visibility for visible time,
 * pagehide for leaving, scroll (once per frame) for the position and the end of the lesson, and
 * fetch keepalive to send, so the last report outlives the page. The rules live in
 * reading-tracker.ts; this file only listens and measures.
 */
import type { RecordedProgress } from './types';
import { positionOf, reachedEnd, ReadingTracker, scrollTopFor, type ReadingGeometry, type ReadingReport } from './reading-tracker';

export interface TrackReadingOptions {
  /** The lesson page's progress endpoint (POST JSON). */
  endpoint: string;
  /** The lesson text, whose scrolled share is the position. */
  body: HTMLElement;
  completed: boolean;
  position: number | null;
  /** Every answer the server gives (the lesson completed, its module complete…). */
  onRecorded?: (progress: RecordedProgress) => void;
}

export interface ReadingSession {
  /** The reader marked the lesson complete with the button. */
  markedComplete(): void;
  /** The reader leaves this lesson (another lesson opened in the same page): sends and stops. */
  stop(): void;
}

export function geometryOf(body: HTMLElement): ReadingGeometry {
  const rect = body.getBoundingClientRect();
  return { scrollTop: window.scrollY, viewportHeight: window.innerHeight, top: rect.top + window.scrollY, height: rect.height };
}

/** Scrolls the lesson text back to `position` and answers the block of text now in the middle of the screen. */
export function scrollToPosition(body: HTMLElement, position: number): HTMLElement | null {
  const geometry = geometryOf(body);
  const top = scrollTopFor(position, geometry);
  window.scrollTo({ top, behavior: 'instant' });
  const middle = window.innerHeight / 2;
  const blocks = [...body.children].filter((child): child is HTMLElement => child instanceof HTMLElement);
  return blocks.find((block) => block.getBoundingClientRect().bottom >= middle) ?? blocks.at(-1) ?? null;
}

export function trackReading(options: TrackReadingOptions): ReadingSession {
  const { endpoint, body, onRecorded } = options;

  async function send(report: ReadingReport, { leaving }: { leaving: boolean }): Promise<boolean> {
    let response: Response;
    try {
      response = await fetch(endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(report),
        credentials: 'same-origin',
        keepalive: true
      });
    } catch {
      return false;
    }
    if (response.ok) {
      if (!leaving && onRecorded) onRecorded((await response.json()) as RecordedProgress);
      return true;
    }
    // Refused for good (not enrolled, signed out, bad input): sending it again would change nothing.
    return response.status >= 400 && response.status < 500 && response.status !== 408 && response.status !== 429;
  }

  const tracker = new ReadingTracker(
    {
      send,
      now: () => performance.now(),
      uuid: () => crypto.randomUUID(),
      setTimer: (fn, ms) => window.setTimeout(fn, ms),
      clearTimer: (timer) => window.clearTimeout(timer as number)
    },
    { completed: options.completed, position: options.position }
  );

  let frame = 0;
  const measure = () => {
    frame = 0;
    const geometry = geometryOf(body);
    tracker.scrolled(positionOf(geometry), reachedEnd(geometry));
  };
  const onScroll = () => {
    if (frame === 0) frame = window.requestAnimationFrame(measure);
  };
  const onVisibility = () => (document.visibilityState === 'visible' ? tracker.visible() : tracker.hidden());
  const onPageHide = () => tracker.leave();
  const onPageShow = (event: PageTransitionEvent) => {
    if (event.persisted) tracker.resume();
  };

  document.addEventListener('visibilitychange', onVisibility);
  window.addEventListener('pagehide', onPageHide);
  window.addEventListener('pageshow', onPageShow);
  window.addEventListener('scroll', onScroll, { passive: true });
  if (document.visibilityState === 'visible') tracker.visible();
  // Where the reader is already: a lesson short enough to end on the first screen is read to its
  // end without a scroll, and a reader may have scrolled before this (loaded after the page) ran.
  // Measured on the next frame: after a client-side navigation the router scrolls back to the top
  // only after this runs, and the previous lesson's scroll position must not count for this one.
  let firstFrame = window.requestAnimationFrame(() => {
    firstFrame = 0;
    const first = geometryOf(body);
    const atEnd = reachedEnd(first);
    if (atEnd || window.scrollY > 0) tracker.scrolled(positionOf(first), atEnd);
  });

  return {
    markedComplete: () => tracker.markedComplete(),
    stop() {
      tracker.leave();
      tracker.dispose();
      if (frame !== 0) window.cancelAnimationFrame(frame);
      if (firstFrame !== 0) window.cancelAnimationFrame(firstFrame);
      document.removeEventListener('visibilitychange', onVisibility);
      window.removeEventListener('pagehide', onPageHide);
      window.removeEventListener('pageshow', onPageShow);
      window.removeEventListener('scroll', onScroll);
    }
  };
}
