import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, afterEach, describe, expect, inject, it } from 'vitest';
import { launchBrowser } from './support/browser.js';

let browser: Browser;
let page: Page;
const baseUrl = inject('baseUrl');

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());
beforeEach(async () => {
  page = await browser.newPage();
});
afterEach(() => page?.close());

describe('home page', () => {
  it('renders HTMSE Academy with its main landmark and the five source publications', async () => {
    const response = await page.goto(baseUrl);
    expect(response?.status()).toBe(200);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('HTMSE Academy');
    expect(await page.getByRole('main').count()).toBe(1);
    const list = page.getByRole('heading', { name: /publications library/i });
    expect(await list.count()).toBeGreaterThan(0);
    for (const title of [
      'Behaviour change communications campaigns targeting the demand',
      'Combating Modern Slavery through Data, Technology and Partnerships',
      'Ending Forced Labour by 2030: A Review of Policies and Programmes'
    ]) {
      expect(await page.getByRole('heading', { name: title }).count(), title).toBe(1);
    }
  });

  it('is server-rendered: the content is there with JavaScript disabled', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const noJs = await context.newPage();
    await noJs.goto(baseUrl);
    expect(await noJs.getByRole('heading', { level: 1 }).textContent()).toBe('HTMSE Academy');
    await context.close();
  });

  it('fits a 375 px phone without sideways scrolling', async () => {
    await page.setViewportSize({ width: 375, height: 740 });
    for (const path of ['/', '/about', '/status']) {
      await page.goto(`${baseUrl}${path}`);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, path).toBeLessThanOrEqual(0);
    }
  });

  it('offers a skip link as the first tab stop, which moves focus to the main content', async () => {
    await page.goto(baseUrl);
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => document.activeElement?.textContent?.trim());
    expect(focused).toMatch(/skip to main content/i);
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
  });

  it('sends a content security policy and security headers with pages', async () => {
    const response = await page.goto(baseUrl);
    const headers = response!.headers();
    expect(headers['content-security-policy']).toContain("default-src 'self'");
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['x-frame-options']).toBe('DENY');
    expect(headers['x-request-id']).toBeTruthy();
  });
});

describe('navigation', () => {
  it('moves between pages from the main navigation and marks the current page', async () => {
    await page.goto(baseUrl);
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'About' }).click();
    await page.waitForURL(`${baseUrl}/about`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toMatch(/about/i);
    expect(await nav.getByRole('link', { name: 'About' }).getAttribute('aria-current')).toBe('page');
    expect(await nav.getByRole('link', { name: 'Home' }).getAttribute('aria-current')).toBeNull();

    await nav.getByRole('link', { name: 'System status' }).click();
    await page.waitForURL(`${baseUrl}/status`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('System status');

    await nav.getByRole('link', { name: 'Home' }).click();
    await page.waitForURL(`${baseUrl}/`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('HTMSE Academy');
  });
});

describe('health', () => {
  it('is up on the same origin under /api, with the database and the queue up', async () => {
    const response = await page.request.get(`${baseUrl}/api/health`);
    expect(response.status()).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok', database: 'up', queue: 'up' });
  });

  it('shows as operational on the status page', async () => {
    await page.goto(`${baseUrl}/status`);
    expect(await page.getByText('All systems operational').count()).toBe(1);
    const table = page.getByRole('table');
    expect(await table.getByRole('row', { name: /Database.*Operational/ }).count()).toBe(1);
    expect(await table.getByRole('row', { name: /Job queue.*Operational/ }).count()).toBe(1);
  });

  it('answers API errors in the API error shape through the web origin', async () => {
    const response = await page.request.post(`${baseUrl}/api/auth/register`, { data: { email: 'not-an-email', displayName: 'A' } });
    expect(response.status()).toBe(400);
    const body = await response.json();
    expect(body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' });
    expect(body.details.fields.map((f: { field: string }) => f.field).sort()).toEqual(['email', 'password']);
    expect(body.requestId).toBe(response.headers()['x-request-id']);
  });
});

describe('errors', () => {
  it('shows a 404 page with a way home for an unknown URL', async () => {
    const response = await page.goto(`${baseUrl}/no-such-page`);
    expect(response?.status()).toBe(404);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Page not found');
    expect(await page.title()).toMatch(/not found/i);
    await page.getByRole('main').getByRole('link', { name: /home/i }).first().click();
    await page.waitForURL(`${baseUrl}/`);
  });

  it('answers an unknown API path with a JSON 404, not the HTML page', async () => {
    const response = await page.request.get(`${baseUrl}/api/no-such-endpoint`);
    expect(response.status()).toBe(404);
    expect(await response.json()).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
  });
});
