import pg from 'pg';
import type { Browser, BrowserContext, Dialog, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser } from './support/browser.js';

/**
 * Authoring end to end: a platform admin creates a module and a lesson whose Markdown tries to run
 * script, sees the live preview, saves, and no script runs: the preview and the saved lesson are
 * the API's sanitised HTML (no <script>, no javascript: links).
 */

let browser: Browser;
const contexts: BrowserContext[] = [];
const baseUrl = inject('baseUrl');
const databaseUrl = inject('databaseUrl');

const PASSWORD = 'a red kite over the water meadow';
/** A 1×1 PNG. */
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
const HOSTILE = 'Safe **bold** text.\n\n<script>alert(1)</script>\n\n[x](javascript:alert(1))\n\n<img src=x onerror=alert(2)>';

beforeAll(async () => {
  browser = await launchBrowser();
});
afterEach(async () => {
  for (const context of contexts.splice(0)) await context.close();
});
afterAll(() => browser?.close());

async function newPage(): Promise<Page> {
  const context = await browser.newContext();
  contexts.push(context);
  return context.newPage();
}

const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

/** Registers through /register, confirms through /dev/mail, grants the role in SQL, signs in. */
async function signInAsPlatformAdmin(page: Page): Promise<void> {
  const email = `author.${unique()}@example.org`;
  await page.goto(`${baseUrl}/register`);
  await page.getByRole('textbox', { name: 'Email address' }).fill(email);
  await page.getByRole('textbox', { name: 'Display name' }).fill('Ada Author');
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.waitForURL(`${baseUrl}/register/check-email`);

  let link: string | null = null;
  for (let attempt = 0; attempt < 60 && !link; attempt++) {
    await page.goto(`${baseUrl}/dev/mail`);
    const mail = page.getByRole('article').filter({ hasText: email }).filter({ hasText: 'Confirm your email address' });
    if ((await mail.count()) > 0)
      link = await mail
        .first()
        .getByRole('link', { name: /\/verify-email\?token=/ })
        .getAttribute('href');
    if (!link) await page.waitForTimeout(250);
  }
  if (!link) throw new Error(`no confirmation mail for ${email}`);
  const url = new URL(link);
  await page.goto(`${baseUrl}${url.pathname}${url.search}`);
  await page.getByRole('button', { name: 'Confirm my email address' }).click();
  await page.getByText('Your email address is confirmed.').waitFor();

  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const result = await db.query('UPDATE users SET is_platform_admin = true WHERE email = $1', [email]);
    expect(result.rowCount).toBe(1);
  } finally {
    await db.end();
  }

  await page.goto(`${baseUrl}/login`);
  await page.getByRole('textbox', { name: 'Email address' }).fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${baseUrl}/account`);
}

async function expectSanitised(page: Page): Promise<void> {
  const preview = page.getByTestId('lesson-preview');
  expect(await preview.locator('script').count()).toBe(0);
  expect(await preview.locator('[href^="javascript:" i]').count()).toBe(0);
  expect(await preview.locator('[onerror]').count()).toBe(0);
  const html = await preview.innerHTML();
  expect(html).not.toMatch(/<script/i);
  expect(html).not.toMatch(/javascript:/i);
}

describe('authoring', () => {
  it('creates a module and a lesson; the live preview and the saved lesson run no script', async () => {
    const page = await newPage();
    const dialogs: Dialog[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog);
      void dialog.dismiss();
    });
    await signInAsPlatformAdmin(page);

    await page.goto(`${baseUrl}/authoring`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Authoring');
    await page.getByRole('link', { name: 'New module' }).click();
    await page.waitForURL(`${baseUrl}/authoring/modules/new`);

    const moduleSlug = `xss-check-${unique()}`;
    await page.getByRole('textbox', { name: 'Title' }).fill('Sanitising check');
    await page.getByRole('textbox', { name: 'Slug' }).fill(moduleSlug);
    const publication = page.getByRole('combobox', { name: 'Publication' });
    const firstPublication = await publication.locator('option').nth(1).getAttribute('value');
    await publication.selectOption(firstPublication!);
    await page.getByRole('textbox', { name: 'Summary' }).fill('A module that proves lesson bodies are sanitised.');
    await page.getByRole('button', { name: 'Create module' }).click();
    await page.waitForURL(`${baseUrl}/authoring/modules/${moduleSlug}?created=1`);

    await page.getByRole('link', { name: 'Add a lesson' }).click();
    await page.waitForURL(`${baseUrl}/authoring/modules/${moduleSlug}/lessons/new`);
    await page.getByRole('textbox', { name: 'Title' }).fill('Script in Markdown');
    await page.getByRole('textbox', { name: 'Slug' }).fill('script-in-markdown');
    await page.getByRole('spinbutton', { name: 'Estimated minutes' }).fill('5');
    await page.getByRole('textbox', { name: 'Lesson body (Markdown)' }).fill(HOSTILE);

    // The live preview (debounced, through /authoring/preview) shows the rendered Markdown.
    const preview = page.getByTestId('lesson-preview');
    await preview.locator('strong', { hasText: 'bold' }).waitFor({ timeout: 10_000 });
    await expectSanitised(page);

    await page.getByRole('button', { name: 'Create lesson' }).click();
    await page.waitForURL(new RegExp(`/authoring/modules/${moduleSlug}/lessons/[0-9a-f-]{36}\\?created=1$`));
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Script in Markdown');
    await preview.locator('strong', { hasText: 'bold' }).waitFor();
    await expectSanitised(page);
    expect(await page.getByRole('textbox', { name: 'Lesson body (Markdown)' }).inputValue()).toBe(HOSTILE);

    // Images: a file that is not an image is refused on the file field; a PNG's Markdown goes in at the cursor.
    const file = page.getByLabel('Image file');
    await file.setInputFiles({ name: 'notes.png', mimeType: 'image/png', buffer: Buffer.from('just text, not a picture') });
    await page.getByRole('button', { name: 'Upload image' }).click();
    await page.getByText('The file must be a PNG, JPEG, WebP or GIF image').first().waitFor();
    expect(await file.getAttribute('aria-invalid')).toBe('true');
    await file.setInputFiles({ name: 'dot.png', mimeType: 'image/png', buffer: Buffer.from(PNG, 'base64') });
    await page.getByRole('button', { name: 'Upload image' }).click();
    const body = page.getByRole('textbox', { name: 'Lesson body (Markdown)' });
    await expect.poll(() => body.inputValue()).toMatch(/!\[dot\]\(\/api\/uploads\/[0-9a-z]+\.png\)/);
    await preview.locator('img[src^="/api/uploads/"]').waitFor({ timeout: 10_000 });
    await expect.poll(() => file.getAttribute('aria-invalid')).toBeNull();
    expect(await page.getByRole('heading', { name: 'There is a problem' }).count()).toBe(0);
    await expectSanitised(page);

    // A course without JavaScript: add modules, reorder them with the buttons, create, publish.
    const noJs = await browser.newContext({ javaScriptEnabled: false, storageState: await page.context().storageState() });
    contexts.push(noJs);
    const plain = await noJs.newPage();
    await plain.goto(`${baseUrl}/authoring/courses/new`);
    const courseSlug = `xss-course-${unique()}`;
    await plain.getByRole('textbox', { name: 'Title' }).fill('Sanitising course');
    await plain.getByRole('textbox', { name: 'Course slug' }).fill(courseSlug);
    await plain.getByRole('textbox', { name: 'Or a module’s slug' }).fill(moduleSlug);
    await plain.getByRole('button', { name: 'Add module' }).click();
    const addable = plain.getByRole('combobox', { name: 'Module to add' });
    const other = await addable.locator('option').nth(1).getAttribute('value');
    await addable.selectOption(other!);
    await plain.getByRole('button', { name: 'Add module' }).click();
    await plain
      .getByRole('button', { name: /move .* up$/ })
      .last()
      .click();
    const order = await plain.locator('input[name="moduleSlugs"]').evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value));
    expect(order).toEqual([other, moduleSlug]);
    expect(await plain.getByRole('textbox', { name: 'Title' }).inputValue()).toBe('Sanitising course');
    await plain.getByRole('button', { name: 'Create draft course' }).click();
    await plain.waitForURL(`${baseUrl}/authoring/courses/${courseSlug}?created=1`);
    await plain.getByRole('button', { name: 'Publish' }).click();
    await plain.getByText('Published: version 1 is what new learners get.').waitFor();

    // Give anything that might have been injected a moment to fire.
    await page.waitForTimeout(500);
    expect(dialogs.map((d) => d.message())).toEqual([]);

    // Every authoring page fits a 375 px screen (no sideways scrolling) and has one h1.
    const lessonPath = new URL(page.url()).pathname;
    await page.setViewportSize({ width: 375, height: 800 });
    for (const path of [
      '/authoring',
      `/authoring/modules/${moduleSlug}`,
      lessonPath,
      '/authoring/courses/new',
      `/authoring/courses/${courseSlug}`,
      '/admin/enquiries'
    ]) {
      await page.goto(`${baseUrl}${path}`);
      expect(await page.getByRole('heading', { level: 1 }).count(), path).toBe(1);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, `${path} scrolls sideways at 375 px`).toBeLessThanOrEqual(0);
    }
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Training enquiries');
  });

  it('sends someone signed out from /authoring to sign in', async () => {
    const page = await newPage();
    const email = `learner.${unique()}@example.org`;
    await page.goto(`${baseUrl}/register`);
    await page.getByRole('textbox', { name: 'Email address' }).fill(email);
    await page.getByRole('textbox', { name: 'Display name' }).fill('Lee Learner');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForURL(`${baseUrl}/register/check-email`);
    // Not signed in: sent to sign in first.
    const response = await page.goto(`${baseUrl}/authoring`);
    expect(response?.url()).toContain('/login?next=%2Fauthoring');
  });
});
