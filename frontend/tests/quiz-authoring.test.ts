import pg from 'pg';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser } from './support/browser.js';

/**
 * Quiz authoring end to end: a platform admin writes an ordering question with the keyboard-usable
 * editor (move buttons, the passage picked from the publication's text), creates the module's
 * quiz, and finds the question in it.
 */

let browser: Browser;
const contexts: BrowserContext[] = [];
const baseUrl = inject('baseUrl');
const databaseUrl = inject('databaseUrl');
const PASSWORD = 'a red kite over the water meadow';

beforeAll(async () => {
  browser = await launchBrowser();
});
afterEach(async () => {
  for (const context of contexts.splice(0)) await context.close();
});
afterAll(() => browser?.close());

const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

async function newPage(): Promise<Page> {
  const context = await browser.newContext();
  contexts.push(context);
  return context.newPage();
}

/** Registers through /register, confirms through /dev/mail, grants the role in SQL, signs in. */
async function signInAsPlatformAdmin(page: Page): Promise<void> {
  const email = `quiz.author.${unique()}@example.org`;
  await page.goto(`${baseUrl}/register`);
  await page.getByRole('textbox', { name: 'Email address' }).fill(email);
  await page.getByRole('textbox', { name: 'Display name' }).fill('Quinn Author');
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
    expect((await db.query('UPDATE users SET is_platform_admin = true WHERE email = $1', [email])).rowCount).toBe(1);
  } finally {
    await db.end();
  }
  await page.goto(`${baseUrl}/login`);
  await page.getByRole('textbox', { name: 'Email address' }).fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${baseUrl}/account`);
}

describe('quiz authoring', () => {
  it('writes an ordering question with the move buttons and a picked passage, and finds it in the module’s quiz', async () => {
    const page = await newPage();
    await signInAsPlatformAdmin(page);

    const moduleSlug = `quiz-check-${unique()}`;
    await page.goto(`${baseUrl}/authoring/modules/new`);
    await page.getByRole('textbox', { name: 'Title' }).fill('Quiz check');
    await page.getByRole('textbox', { name: 'Slug' }).fill(moduleSlug);
    const publication = page.getByRole('combobox', { name: 'Publication' });
    await publication.selectOption((await publication.locator('option').nth(1).getAttribute('value'))!);
    await page.getByRole('textbox', { name: 'Summary' }).fill('A module for the quiz editor.');
    await page.getByRole('button', { name: 'Create module' }).click();
    await page.waitForURL(`${baseUrl}/authoring/modules/${moduleSlug}?created=1`);

    await page.getByRole('link', { name: 'Questions and quiz of this module' }).click();
    await page.waitForURL(`${baseUrl}/authoring/modules/${moduleSlug}/questions`);
    await page.getByText('No questions yet').waitFor();
    await page.getByRole('link', { name: 'Write a question' }).click();
    await page.waitForURL(`${baseUrl}/authoring/modules/${moduleSlug}/questions/new`);

    await page.getByRole('combobox', { name: 'Question type' }).selectOption('ordering');
    await page.getByRole('textbox', { name: 'Question', exact: true }).fill('Put these steps in the order the report gives them.');
    await page.getByRole('textbox', { name: 'Item 1', exact: true }).fill('Third step');
    await page.getByRole('textbox', { name: 'Item 2', exact: true }).fill('First step');
    await page.getByRole('textbox', { name: 'Item 3', exact: true }).fill('Second step');
    // Keyboard only: focus "Move up" of item 2 and press Enter, twice (into first place, then item 3 up once).
    const up2 = page.getByRole('button', { name: 'Move up item 2' });
    await up2.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByRole('textbox', { name: 'Item 1', exact: true }).inputValue()).toBe('First step');
    await page.getByRole('button', { name: 'Move up item 3' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByRole('textbox', { name: 'Item 2', exact: true }).inputValue()).toBe('Second step');

    // The passage: a sentence selected in the publication's source text.
    const source = page.getByRole('textbox', { name: 'Source text of the publication' });
    const sentence = await source.evaluate((el) => {
      const box = el as HTMLTextAreaElement;
      const line = box.value
        .split('\n')
        .find((l) => l.trim().length > 60 && !/\d/.test(l))!
        .trim();
      const start = box.value.indexOf(line);
      box.focus();
      box.setSelectionRange(start, start + line.length);
      return line;
    });
    await page.getByRole('button', { name: 'Use the selected text as the passage' }).click();
    await expect.poll(() => page.getByRole('textbox', { name: 'Passage', exact: true }).inputValue()).toBe(sentence.replace(/\s+/g, ' '));

    await page.getByRole('button', { name: 'Create question' }).click();
    await page.waitForURL(new RegExp(`/authoring/modules/${moduleSlug}/questions/[0-9a-f-]{36}\\?created=1$`));
    await page.getByText('Question created.').waitFor();
    expect(await page.getByRole('textbox', { name: 'Item 1', exact: true }).inputValue()).toBe('First step');
    expect(await page.getByRole('textbox', { name: 'Item 3', exact: true }).inputValue()).toBe('Third step');

    await page.goto(`${baseUrl}/authoring/modules/${moduleSlug}/questions`);
    await page.getByRole('button', { name: 'Create the quiz' }).click();
    await page.waitForURL(/\/authoring\/quizzes\/[0-9a-f-]{36}\/settings$/);
    const slotQuestion = page.getByRole('combobox', { name: 'Question of slot 1' });
    const chosen = await slotQuestion.evaluate((el) => (el as HTMLSelectElement).selectedOptions[0]?.textContent ?? '');
    expect(chosen).toBe('Put these steps in the order the report gives them.');
    expect(await page.getByRole('heading', { level: 1 }).count()).toBe(1);
  });
});
