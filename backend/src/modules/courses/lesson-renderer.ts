import { sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MessageChannel } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { DomainError } from '../../common/errors/domain-error.js';
import { ErrorCode } from '../../common/errors/error-code.js';
import type { RenderTask, RenderTaskResult } from './lesson-render.worker.js';
import { CoursesErrors } from './courses.errors.js';

/**
 * Lesson Markdown is rendered off the event loop, with a time limit: marked's inline parsing
 * grows faster than linearly on some input (99 KB of "_a" took 16 s) and recurses once per level
 * of nesting (49,000 "> " overflowed the stack). Whatever the input, a render either finishes
 * within RENDER_LIMITS.runMs in a worker thread or is refused, and its thread is terminated and
 * replaced (piscina does both when the task's AbortSignal fires while it runs).
 *
 * Lessons are rendered once, when they are written (content import, authoring saves, the
 * migration that added lessons.body_html), and the HTML is stored; reads never render.
 */

export interface RenderLimits {
  /** Longest a render may run. Real lessons (≤ 1.5 KB today; 100 KB of real text) take < 50 ms. */
  runMs: number;
  /**
   * Longest a render may wait for a thread that is busy or still starting (a fresh thread loads
   * marked and sanitize-html, ~150 ms, more on a loaded machine) before the caller is told to
   * retry. queueMs + runMs stays within 2 s, the longest any request may take.
   */
  queueMs: number;
  /**
   * The same when no thread is running (the first render after the pool went idle waits for one
   * to start: 0.1-0.7 s, more on a loaded machine). coldQueueMs + runMs stays within 2 s.
   */
  coldQueueMs: number;
  /** Renders that may wait at once; more are refused at once as busy. */
  maxQueue: number;
  /**
   * Render threads at most. Two, so that while a thread stopped by the time limit is replaced (a
   * fresh thread takes 0.1-0.7 s to load the renderer) the other still serves; renders are rare
   * (authors only), so a second thread starts only while the first is busy.
   */
  threads: number;
  /**
   * A thread with nothing to render for this long ends: each holds a V8 heap of its own (~35 MB
   * of the process's RSS), and an API whose authors are not writing holds none
   * (docs/performance.md#exports-and-the-api-processs-memory). Long enough to stay up through
   * an editing session's previews.
   */
  idleMs: number;
  /** Heap of one render thread: a render that needs more is refused, not the process's memory. */
  heapMb: number;
}

export const RENDER_LIMITS: RenderLimits = {
  runMs: 1_000,
  queueMs: 750,
  coldQueueMs: 1_000,
  maxQueue: 32,
  threads: 2,
  heapMb: 128,
  idleMs: 5 * 60_000,
};

export type RefusalReason = 'too-complex' | 'too-deep' | 'busy';
export type RenderOutcome = { ok: true; html: string } | { ok: false; reason: RefusalReason };

/**
 * Worker threads load JavaScript: the compiled worker beside this file, or, when this file runs
 * from TypeScript source (vitest), the compiled copy in dist (the integration setup builds it).
 */
function workerFile(): string {
  const here = fileURLToPath(import.meta.url);
  const compiled = here.endsWith('.ts') ? here.replace(`${sep}src${sep}`, `${sep}dist${sep}`).replace(/\.ts$/, '.js') : here;
  return compiled.replace(/lesson-renderer\.js$/, 'lesson-render.worker.js');
}

export class LessonRenderer {
  private pool: Piscina<RenderTask, RenderTaskResult> | null = null;

  constructor(private readonly limits: RenderLimits = RENDER_LIMITS) {}

  // Threads start on demand, one per render waiting (up to limits.threads), and end after limits.idleMs
  // without work: a process that has not rendered lately (the API between authoring sessions, the
  // queue worker, openapi) holds none. A thread terminated by the time limit is replaced when next needed.
  private threads(): Piscina<RenderTask, RenderTaskResult> {
    this.pool ??= new Piscina<RenderTask, RenderTaskResult>({
      filename: workerFile(),
      minThreads: 0,
      maxThreads: this.limits.threads,
      idleTimeout: this.limits.idleMs,
      maxQueue: this.limits.maxQueue,
      resourceLimits: { maxOldGenerationSizeMb: this.limits.heapMb },
    });
    return this.pool;
  }

  /** Render threads running now (none until the first render, none again once idle). */
  get threadCount(): number {
    return this.pool?.threads.length ?? 0;
  }

  async render(markdown: string): Promise<RenderOutcome> {
    const pool = this.threads();
    const abort = new AbortController();
    const { port1, port2 } = new MessageChannel();
    // Until the worker says it started, the task is waiting for a thread: that is "busy", not the input's fault.
    let reason: RefusalReason = 'busy';
    let timer = setTimeout(() => abort.abort(), pool.threads.length === 0 ? this.limits.coldQueueMs : this.limits.queueMs);
    port1.once('message', () => {
      clearTimeout(timer);
      reason = 'too-complex';
      timer = setTimeout(() => abort.abort(), this.limits.runMs);
    });
    try {
      return await pool.run({ markdown, started: port2 }, { signal: abort.signal, transferList: [port2] });
    } catch (err) {
      if (abort.signal.aborted) return { ok: false, reason };
      const code = (err as { code?: unknown }).code;
      if (code === 'ERR_WORKER_OUT_OF_MEMORY') return { ok: false, reason: 'too-complex' };
      if (err instanceof Error && err.message === 'Task queue is at limit') return { ok: false, reason: 'busy' };
      throw err;
    } finally {
      clearTimeout(timer);
      port1.close();
    }
  }

  /**
   * For batch writers that render one lesson at a time (content import, migrations): there,
   * "busy" only means a thread is still starting (or restarting after a refused render), so wait.
   */
  async renderInBatch(markdown: string): Promise<RenderOutcome> {
    let outcome = await this.render(markdown);
    for (let attempt = 1; !outcome.ok && outcome.reason === 'busy' && attempt < 20; attempt++) outcome = await this.render(markdown);
    return outcome;
  }

  async close(): Promise<void> {
    const pool = this.pool;
    this.pool = null;
    await pool?.destroy();
  }

  /** Nest calls this on app.close(): the threads end with the process's other resources. */
  onModuleDestroy(): Promise<void> {
    return this.close();
  }
}

/**
 * The HTTP answer to a refused render, naming the field the Markdown came in: 422 when the
 * Markdown is the problem, 503 with Retry-After when every render thread is taken.
 */
export function renderRefusal(field: string, reason: RefusalReason): DomainError {
  if (reason === 'busy') {
    return new DomainError(ErrorCode.ServiceUnavailable, 'The lesson renderer is busy; try again in a moment', undefined, { 'Retry-After': '1' });
  }
  const why =
    reason === 'too-deep'
      ? 'this Markdown is nested too deeply to render; use fewer levels of quotes and lists'
      : `this Markdown is too complex to render within ${RENDER_LIMITS.runMs / 1000} s; simplify it (fewer unmatched emphasis markers, less nesting) or split the lesson`;
  return new DomainError(CoursesErrors.MarkdownRefused, `${field}: ${why}`, { fields: [{ field, reasons: [why] }] });
}
