import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDataSource } from '../src/database.js';
import { runMigrations } from '../src/infra/database/migrate.js';
import { CompliancePdfRenderer } from '../src/modules/cohorts/compliance-pdf.js';
import { LessonRenderer, RENDER_LIMITS } from '../src/modules/courses/lesson-renderer.js';
import { signInAsNewAdmin } from './support/admin.js';
import { startApi, type TestApi } from './support/api.js';
import { createScratchDatabase } from './support/databases.js';

/**
 * Issue #12's memory line (docs/performance.md#exports-and-the-api-processs-memory): each worker
 * thread holds a V8 heap of its own, so an API that has not rendered holds no render thread. The
 * lesson renderer starts one on the first render and ends it once idle; the compliance PDF's
 * pool the same. Behaviour, not timing: thread counts before and after use.
 */

let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
let api: TestApi;

beforeAll(async () => {
  scratch = await createScratchDatabase(inject('serverUrl'));
  const source = createDataSource({ url: scratch.url, poolMax: 2 });
  await source.initialize();
  await runMigrations(source);
  await source.destroy();
  api = await startApi({
    DATABASE_URL: scratch.url,
    REDIS_URL: inject('redisUrl'),
    QUEUE_PREFIX: inject('queuePrefix'),
    QUEUE_DRIVER: 'inline',
    MIGRATIONS_RUN: 'false',
  });
});

afterAll(async () => {
  await api?.close();
  await scratch?.drop();
});

describe('the API process', () => {
  it('holds no render thread after boot, starts one on the first preview, and still holds none for PDFs', async () => {
    const renderer = api.app.get(LessonRenderer);
    expect(renderer.threadCount).toBe(0);

    const admin = await signInAsNewAdmin(api.baseUrl, scratch.url);
    const res = await fetch(`${api.baseUrl}/api/authoring/preview`, {
      method: 'POST',
      headers: { ...admin.headers, 'content-type': 'application/json' },
      body: JSON.stringify({ markdown: '## Title\n\n*x*' }),
    });
    // The first render waits for its thread to start (RENDER_LIMITS.coldQueueMs), and is answered, not refused as busy.
    expect(res.status, await res.clone().text()).toBe(200);
    expect(await res.json()).toEqual({ html: '<h2 id="title">Title</h2>\n<p><em>x</em></p>\n' });
    expect(renderer.threadCount).toBeGreaterThan(0);
    expect(api.app.get(CompliancePdfRenderer).threadCount).toBe(0);
  });
});

describe('LessonRenderer', () => {
  it('starts no thread until the first render, one for a render at a time, and ends it once idle', async () => {
    const renderer = new LessonRenderer({ ...RENDER_LIMITS, idleMs: 300 });
    try {
      expect(renderer.threadCount).toBe(0);
      for (let i = 0; i < 3; i++) expect(await renderer.renderInBatch(`*${i}*`)).toEqual({ ok: true, html: `<p><em>${i}</em></p>\n` });
      // One render at a time needs one thread, not RENDER_LIMITS.threads.
      expect(renderer.threadCount).toBe(1);
      const deadline = Date.now() + 10_000;
      while (renderer.threadCount > 0 && Date.now() < deadline) await sleep(100);
      expect(renderer.threadCount).toBe(0);
      // And a render after that starts a thread again.
      expect(await renderer.renderInBatch('again')).toEqual({ ok: true, html: '<p>again</p>\n' });
      expect(renderer.threadCount).toBeGreaterThan(0);
    } finally {
      await renderer.close();
    }
  });

  it('starts a second thread only while the first is busy', async () => {
    const renderer = new LessonRenderer({ ...RENDER_LIMITS, idleMs: 60_000 });
    try {
      const results = await Promise.all(Array.from({ length: 4 }, (_, i) => renderer.renderInBatch(`${i}`)));
      expect(results.every((r) => r.ok)).toBe(true);
      expect(renderer.threadCount).toBeGreaterThanOrEqual(1);
      expect(renderer.threadCount).toBeLessThanOrEqual(RENDER_LIMITS.threads);
    } finally {
      await renderer.close();
    }
  });
});
