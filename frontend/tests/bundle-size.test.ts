import { gzipSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser } from './support/browser.js';

/**
 * Budget: a lesson page ships at most 60 KB of gzipped JavaScript. Every script the page loads
 * (entry, preloaded chunks, anything imported later) is collected from the responses, gzipped
 * here at the default level, and summed, so the figure does not depend on how the server
 * compresses.
 */
const BUDGET_BYTES = 60 * 1024;
const baseUrl = inject('baseUrl');

let browser: Browser;
let page: Page;

beforeAll(async () => {
  browser = await launchBrowser();
  page = await browser.newPage();
});
afterAll(() => browser?.close());

function isScript(url: string, contentType: string, resourceType: string): boolean {
  return resourceType === 'script' || /javascript|ecmascript/.test(contentType) || /\.m?js(\?|$)/.test(new URL(url).pathname);
}

describe('bundle size', () => {
  it(`ships at most ${BUDGET_BYTES / 1024} KB of gzipped JavaScript on a lesson page`, async () => {
    // A lesson URL from the course page, so the test does not depend on ids.
    await page.goto(`${baseUrl}/courses/foundations`);
    const href = await page.getByRole('region', { name: 'Syllabus' }).locator('a[href*="/lessons/"]').first().getAttribute('href');
    expect(href).toMatch(/\/lessons\//);

    const fresh = await browser.newPage();
    const bodies = new Map<string, Promise<Buffer | null>>();
    fresh.on('response', (response) => {
      const url = response.url();
      if (!url.startsWith(baseUrl)) return;
      const type = response.headers()['content-type'] ?? '';
      if (!isScript(url, type, response.request().resourceType())) return;
      if (!bodies.has(url))
        bodies.set(
          url,
          response.body().catch(() => null)
        );
    });
    await fresh.goto(`${baseUrl}${href}`, { waitUntil: 'networkidle' });
    // Hydration imports the page's chunks after load; networkidle waits for them.
    const performanceScripts = await fresh.evaluate(() =>
      performance
        .getEntriesByType('resource')
        .filter((e) => (e as PerformanceResourceTiming).initiatorType === 'script' || /\.m?js(\?|$)/.test(new URL(e.name).pathname))
        .map((e) => e.name)
    );

    const sizes: { url: string; raw: number; gzip: number }[] = [];
    for (const [url, body] of bodies) {
      const buffer = await body;
      if (!buffer) continue;
      sizes.push({ url: new URL(url).pathname, raw: buffer.length, gzip: gzipSync(buffer).length });
    }
    await fresh.close();

    // Every script the browser reports was also measured.
    for (const url of performanceScripts) {
      if (url.startsWith(baseUrl))
        expect(
          sizes.map((s) => s.url),
          url
        ).toContain(new URL(url).pathname);
    }
    expect(sizes.length).toBeGreaterThan(0);

    const total = sizes.reduce((sum, s) => sum + s.gzip, 0);
    const raw = sizes.reduce((sum, s) => sum + s.raw, 0);
    console.log(
      `lesson page JavaScript: ${sizes.length} files, ${(raw / 1024).toFixed(1)} KB raw, ` +
        `${(total / 1024).toFixed(1)} KB gzipped (budget ${BUDGET_BYTES / 1024} KB)\n` +
        sizes
          .sort((a, b) => b.gzip - a.gzip)
          .map((s) => `  ${(s.gzip / 1024).toFixed(1).padStart(6)} KB  ${s.url}`)
          .join('\n')
    );
    expect(total).toBeLessThanOrEqual(BUDGET_BYTES);
  });
});
