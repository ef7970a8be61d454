import { MessageChannel } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { executableProblems, XSS_CORPUS } from '../../../test/support/xss-corpus.js';
import { ErrorCode } from '../../common/errors/error-code.js';
import { CoursesErrors } from './courses.errors.js';
import { plainTextLessonHtml } from './lesson-html.js';
import { renderLessonHtml } from './lesson-markdown.js';
import renderTask from './lesson-render.worker.js';
import { RENDER_LIMITS, renderRefusal } from './lesson-renderer.js';

// The pool itself (threads, time limit, termination) runs compiled code: backend/test/rendering.test.ts.

describe('the render task (what a render thread runs)', () => {
  async function run(markdown: string) {
    const { port1, port2 } = new MessageChannel();
    const said = new Promise((resolve) => port1.once('message', resolve));
    try {
      const result = renderTask({ markdown, started: port2 });
      return { result, said: await said };
    } finally {
      port1.close();
      port2.close();
    }
  }

  it('says it started, then renders exactly as renderLessonHtml', async () => {
    expect(await run('## A\n\n*b*')).toEqual({ result: { ok: true, html: renderLessonHtml('## A\n\n*b*') }, said: 'started' });
  });

  it('answers nesting that overflows the stack as too deep, not as an error', async () => {
    expect((await run('> '.repeat(20_000))).result).toEqual({ ok: false, reason: 'too-deep' });
  });
});

describe('renderRefusal', () => {
  it('is a 422 naming the field for Markdown the renderer refused', () => {
    for (const reason of ['too-complex', 'too-deep'] as const) {
      const error = renderRefusal('bodyMarkdown', reason);
      expect(error.code).toBe(CoursesErrors.MarkdownRefused.code);
      expect(error.message).toMatch(/^bodyMarkdown: this Markdown is /);
      expect(error.details).toEqual({ fields: [{ field: 'bodyMarkdown', reasons: [error.message.slice('bodyMarkdown: '.length)] }] });
    }
    expect(renderRefusal('markdown', 'too-complex').message).toContain(`within ${RENDER_LIMITS.runMs / 1000} s`);
  });

  it('is a 503 with Retry-After when every thread is busy: not the Markdown’s fault', () => {
    expect(renderRefusal('markdown', 'busy')).toMatchObject({ code: ErrorCode.ServiceUnavailable, headers: { 'Retry-After': '1' } });
  });
});

describe('plainTextLessonHtml (stored for an old lesson the renderer refuses)', () => {
  it('keeps the words as escaped paragraphs', () => {
    expect(plainTextLessonHtml('One <b>two</b>\n\n\n  Three & "four"  \n')).toBe('<p>One &lt;b&gt;two&lt;/b&gt;</p>\n<p>Three &amp; &quot;four&quot;</p>\n');
  });

  it('lets nothing from the XSS corpus become executable', () => {
    for (const payload of XSS_CORPUS) expect(executableProblems(plainTextLessonHtml(payload)), payload).toEqual([]);
  });
});
