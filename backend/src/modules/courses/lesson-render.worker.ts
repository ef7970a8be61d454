import type { MessagePort } from 'node:worker_threads';
import { renderLessonHtml } from './lesson-markdown.js';

/**
 * Runs in a worker thread of LessonRenderer's pool (piscina), never on the API's event loop.
 * Tells the pool when it starts, so the time limit counts running time, not time in the queue.
 */

export interface RenderTask {
  markdown: string;
  /** Receives 'started' as the render begins. */
  started: MessagePort;
}

export type RenderTaskResult = { ok: true; html: string } | { ok: false; reason: 'too-deep' };

export default function renderTask({ markdown, started }: RenderTask): RenderTaskResult {
  started.postMessage('started');
  try {
    return { ok: true, html: renderLessonHtml(markdown) };
  } catch (err) {
    // marked recurses once per level of nesting (quotes, lists): deep enough input overflows the
    // stack. That is a property of the input, answered as such; anything else is a bug.
    if (err instanceof RangeError && /call stack/i.test(err.message)) return { ok: false, reason: 'too-deep' };
    throw err;
  }
}
