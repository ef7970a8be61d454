import { createRequire } from 'node:module';
import pg from 'pg';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser } from './support/browser.js';
import { COURSE_PATH, KEY_TEXTS, PASS_MARK, QUESTIONS, seedQuiz, TIME_LIMIT_SECONDS } from './support/quiz-fixture.js';

/**
 * A learner takes a quiz with the keyboard alone (Tab, Space, Enter, arrow keys and typing; no
 * mouse), passes, and sees the review; the quiz pages hold no answer key before submission and
 * pass axe at a phone's and a laptop's width; and a question can be answered without JavaScript.
 */

let browser: Browser;
const contexts: BrowserContext[] = [];
const baseUrl = inject('baseUrl');
const databaseUrl = inject('databaseUrl');
const axeSource = (createRequire(import.meta.url)('axe-core') as { source: string }).source;

const PASSWORD = 'a heron waiting by the lock gates';
let quizId = '';
let moduleTitle = '';

beforeAll(async () => {
  browser = await launchBrowser();
  ({ quizId, moduleTitle } = await seedQuiz(databaseUrl));
});
afterEach(async () => {
  for (const context of contexts.splice(0)) await context.close();
});
afterAll(() => browser?.close());

async function newPage(options: { javaScriptEnabled?: boolean } = {}): Promise<Page> {
  const context = await browser.newContext(options);
  contexts.push(context);
  return context.newPage();
}

const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

/** Registers, confirms through /dev/mail and signs in: the way the other browser tests do. */
async function signInAsNewLearner(page: Page): Promise<string> {
  const email = `learner.${unique()}@example.org`;
  await page.goto(`${baseUrl}/register`);
  await page.getByRole('textbox', { name: 'Email address' }).fill(email);
  await page.getByRole('textbox', { name: 'Display name' }).fill('Lea Learner');
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByLabel('Password').press('Enter');
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
  await page.getByRole('button', { name: 'Confirm my email address' }).press('Enter');
  await page.getByText('Your email address is confirmed.').waitFor();
  await page.goto(`${baseUrl}/login`);
  await page.getByRole('textbox', { name: 'Email address' }).fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByLabel('Password').press('Enter');
  await page.waitForURL(`${baseUrl}/account`);
  return email;
}

interface Focused {
  tag: string;
  type: string;
  name: string;
  value: string;
  checked: boolean;
}

/** What has focus, by its accessible name as a person would hear it (enough for our own pages). */
function focused(page: Page): Promise<Focused> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLInputElement | null;
    if (!el) return { tag: '', type: '', name: '', value: '', checked: false };
    const label = el.getAttribute('aria-label') ?? (el.labels && el.labels[0] ? el.labels[0].textContent : null) ?? el.textContent ?? '';
    return { tag: el.tagName.toLowerCase(), type: el.type ?? '', name: label.replace(/\s+/g, ' ').trim(), value: el.value ?? '', checked: Boolean(el.checked) };
  });
}

/** Presses Tab until the focused element matches (as a keyboard user would move through the page). */
async function tabTo(page: Page, matches: (f: Focused) => boolean, what: string, max = 120): Promise<Focused> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const f = await focused(page);
    if (matches(f)) return f;
  }
  throw new Error(`Tab never reached ${what}`);
}

const named = (name: string | RegExp) => (f: Focused) => (typeof name === 'string' ? f.name === name : name.test(f.name));

async function axeViolations(page: Page): Promise<string[]> {
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: { run: (ctx: Document, opts: unknown) => Promise<{ violations: Array<{ id: string; nodes: Array<{ target: string[] }> }> }> };
      }
    ).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } });
    return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
}

/** axe-clean and no sideways scrolling, at 375 px and 1280 px. */
async function checkLayouts(page: Page, label: string): Promise<void> {
  for (const width of [375, 1280]) {
    await page.setViewportSize({ width, height: 800 });
    expect(await axeViolations(page), `${label} at ${width} px`).toEqual([]);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, `${label} at ${width} px`).toBeLessThanOrEqual(0);
  }
  await page.setViewportSize({ width: 1280, height: 800 });
}

const questionHeading = (page: Page, n: number) =>
  page.waitForFunction((text) => document.querySelector('h1')?.textContent === text, `Question ${n} of ${QUESTIONS.length}`);

/** Waits until the autosave says the answers are saved. */
const saved = (page: Page) => page.locator('[data-save-state="saved"]').waitFor();

describe('quiz', () => {
  it('is taken with the keyboard alone, passed, and reviewed; no page shows a key before submission', async () => {
    const page = await newPage();
    await page.setViewportSize({ width: 1280, height: 800 });
    await signInAsNewLearner(page);

    // From the course page's module list to the quiz's start page.
    await page.goto(`${baseUrl}${COURSE_PATH}`);
    await tabTo(page, named(`Quiz: ${moduleTitle}`), 'the module quiz link');
    await page.keyboard.press('Enter');
    await page.waitForURL(`${baseUrl}/quizzes/${quizId}?course=foundations`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(moduleTitle);
    const rules = await page.getByRole('region', { name: 'About this quiz' }).textContent();
    expect(rules).toContain(`${QUESTIONS.length} questions`);
    expect(rules).toContain(`${PASS_MARK}%`);
    expect(rules).toContain('1 hour');
    await checkLayouts(page, 'start page');

    await tabTo(page, named('Start the quiz'), 'the start button');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/attempts\/[0-9a-f-]+\/questions\/1$/);
    const attemptUrl = page.url().replace(/\/questions\/1$/, '');

    // The leak test: every question page as the server renders it (markup and page data) before
    // any answer holds no key text, feedback, correctness or score.
    for (let n = 1; n <= QUESTIONS.length; n++) {
      const response = await page.request.get(`${attemptUrl}/questions/${n}`);
      expect(response.status()).toBe(200);
      const html = await response.text();
      expect(html).toContain(QUESTIONS[n - 1]!.prompt.slice(0, 30));
      for (const text of KEY_TEXTS) expect(html, `question ${n} shows "${text}"`).not.toContain(text);
      expect(html, `question ${n}`).not.toMatch(
        /["']?\b(correct|correctAnswer|feedback|optionFeedback|answerKey|answer_key|accepted|tolerance|review|score)\b["']?\s*:/
      );
    }

    // The timer is shown, and only its announcements are live.
    const timer = page.getByRole('timer');
    expect(await timer.textContent()).toMatch(/Time left\s*(1:00:00|59:\d\d)/);

    // 1. Single choice: into the radio group, then arrow keys.
    await questionHeading(page, 1);
    await tabTo(page, (f) => f.type === 'radio', 'the first option');
    await page.keyboard.press('Space');
    await page.keyboard.press('ArrowDown');
    expect(await focused(page)).toMatchObject({ name: 'Injunctive norms', checked: true });
    await saved(page);
    await checkLayouts(page, 'single choice');
    await tabTo(page, named('Next question'), 'Next');
    await page.keyboard.press('Enter');

    // 2. Multiple response: Space on each right box; and flag it to come back to.
    await questionHeading(page, 2);
    expect(await focused(page)).toMatchObject({ tag: 'h1' });
    for (const option of ['Child abuse', 'Violence against women', 'Sexual violence']) {
      await tabTo(page, named(option), option);
      await page.keyboard.press('Space');
    }
    await tabTo(page, named('Flag this question to come back to it'), 'the flag');
    await page.keyboard.press('Space');
    await saved(page);
    await checkLayouts(page, 'multiple response');
    await tabTo(page, named('Next question'), 'Next');
    await page.keyboard.press('Enter');

    // 3. True/false.
    await questionHeading(page, 3);
    await tabTo(page, named('True'), 'True');
    await page.keyboard.press('Space');
    await checkLayouts(page, 'true/false');
    await tabTo(page, named('Next question'), 'Next');
    await page.keyboard.press('Enter');

    // 4. Numeric, with its unit; Enter in the field goes on to the next question.
    await questionHeading(page, 4);
    await tabTo(page, named('Your answer (studies)'), 'the number field');
    await page.keyboard.type('28');
    await checkLayouts(page, 'numeric');
    await page.keyboard.press('Enter');

    // 5. Short text.
    await questionHeading(page, 5);
    await tabTo(page, named('Your answer'), 'the text field');
    await page.keyboard.type('  kathmandu ');
    await checkLayouts(page, 'short text');
    await page.keyboard.press('Enter');

    // 6. Matching: a select per item, chosen by typing the choice's first letter.
    await questionHeading(page, 6);
    await tabTo(page, named('Who published the paper'), 'the first select');
    await page.keyboard.press('t');
    expect(await focused(page)).toMatchObject({ value: 'ff' });
    await tabTo(page, named('When the report was released'), 'the second select');
    await page.keyboard.press('j');
    expect(await focused(page)).toMatchObject({ value: 'jan' });
    await checkLayouts(page, 'matching');
    await tabTo(page, named('Next question'), 'Next');
    await page.keyboard.press('Enter');

    // 7. Ordering with Move up buttons (the items come shuffled): focus stays on the item moved.
    await questionHeading(page, 7);
    const target = ['Focus on injunctive not descriptive norms', 'Effective in a wide variety of mediums', 'Evaluation must be embedded from the onset'];
    const shown = () => page.locator('.order__text').allTextContents();
    let moves = 0;
    for (const [index, text] of target.entries()) {
      while ((await shown()).indexOf(text) > index) {
        if ((await focused(page)).name !== `Move up: ${text}`) await tabTo(page, named(`Move up: ${text}`), `Move up (${text})`);
        await page.keyboard.press('Enter');
        moves++;
        // Still on the item that moved: its Move up button, or Move down once it reaches the top.
        expect((await focused(page)).name).toMatch(new RegExp(`^Move (up|down): ${text}$`));
      }
    }
    if (moves === 0) {
      // Shown in the right order already: say so explicitly.
      await tabTo(page, named('Answer with this order'), 'Answer with this order');
      await page.keyboard.press('Enter');
    }
    expect(await shown()).toEqual(target);
    await saved(page);
    await checkLayouts(page, 'ordering');
    await tabTo(page, named('Finish: check and submit'), 'Finish');
    await page.keyboard.press('Enter');

    // The summary: all answered, the flagged one listed; submit.
    await page.waitForURL(`${attemptUrl}/summary`);
    const overview = (await page.getByRole('region', { name: 'Overview' }).textContent())!.replace(/\s+/g, ' ');
    expect(overview).toContain(`Answered ${QUESTIONS.length} of ${QUESTIONS.length}`);
    expect(overview).toContain('Flagged for review: question 2.');
    await checkLayouts(page, 'summary');
    await tabTo(page, named('Submit my answers'), 'Submit');
    await page.keyboard.press('Enter');

    // The review: passed, each answer marked, with the correct answers and feedback the policy allows.
    await page.waitForURL(`${attemptUrl}/review`);
    await page.getByText('You passed').waitFor();
    const result = (await page.getByRole('region', { name: 'Result' }).textContent())!.replace(/\s+/g, ' ');
    expect(result).toContain('Your score: 100%');
    const answers = (await page.getByRole('region', { name: 'Your answers' }).textContent())!.replace(/\s+/g, ' ');
    expect(answers.match(/Marked Correct/g)).toHaveLength(QUESTIONS.length);
    expect(answers).toContain(
      '1. Focus on injunctive not descriptive norms; 2. Effective in a wide variety of mediums; 3. Evaluation must be embedded from the onset'
    );
    expect(answers).toContain('Who published the paper → The Freedom Fund');
    expect(answers).toContain(QUESTIONS[0]!.feedback);
    await checkLayouts(page, 'review');

    // The start page now shows the grade and the attempt.
    await page.goto(`${baseUrl}/quizzes/${quizId}`);
    expect((await page.getByRole('region', { name: 'Your grade so far' }).textContent())!.replace(/\s+/g, ' ')).toMatch(/100%\s*: passed/);
    // A sign-up, eight pages each checked by axe at two widths: longer than the default minute.
  }, 240_000);

  it('saves an answer without JavaScript, through the question form', async () => {
    const page = await newPage({ javaScriptEnabled: false });
    await signInAsNewLearner(page);
    await page.goto(`${baseUrl}/quizzes/${quizId}`);
    await page.getByRole('button', { name: 'Start the quiz' }).press('Enter');
    await page.waitForURL(/\/questions\/1$/);
    await page.getByRole('radio', { name: 'Injunctive norms' }).check();
    await page.getByRole('button', { name: 'Next question' }).press('Enter');
    await page.waitForURL(/\/questions\/2$/);
    // The number refused is shown again with the reason; nothing is lost.
    await page.goto(page.url().replace(/\/2$/, '/4'));
    await page.getByRole('textbox', { name: 'Your answer (studies)' }).fill('twenty');
    await page.getByRole('button', { name: 'Next question' }).press('Enter');
    await page.getByText('Enter a number, like 12 or 12.5').first().waitFor();
    expect(await page.getByRole('textbox', { name: 'Your answer (studies)' }).inputValue()).toBe('twenty');
    await page.getByRole('textbox', { name: 'Your answer (studies)' }).fill('28');
    await page.getByRole('button', { name: 'Check and submit' }).press('Enter');
    await page.waitForURL(/\/summary$/);
    expect((await page.getByRole('region', { name: 'Overview' }).textContent())!.replace(/\s+/g, ' ')).toContain(`Answered 2 of ${QUESTIONS.length}`);
  });
});

describe('quiz attempts', () => {
  it("are their learner's own: another learner's attempt address is not found", async () => {
    const owner = await newPage();
    await signInAsNewLearner(owner);
    await owner.goto(`${baseUrl}/quizzes/${quizId}`);
    await owner.getByRole('button', { name: 'Start the quiz' }).press('Enter');
    await owner.waitForURL(/\/questions\/1$/);
    const stranger = await newPage();
    await signInAsNewLearner(stranger);
    const response = await stranger.goto(owner.url());
    expect(response?.status()).toBe(404);
    expect(await stranger.getByRole('heading', { level: 1 }).textContent()).toBe('Page not found');
    expect(await stranger.content()).not.toContain(QUESTIONS[0]!.prompt);
  });
});

describe('a timed quiz', () => {
  it('says when time is up, once, and submits the answers saved', async () => {
    const db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    try {
      await db.query('UPDATE quizzes SET time_limit_seconds = 12 WHERE id = $1', [quizId]);
      const page = await newPage();
      // What the live regions say, as a screen reader would hear it (the page is left at once after).
      const said: string[] = [];
      page.on('console', (message) => {
        if (message.text().startsWith('LIVE: ')) said.push(message.text().slice(6));
      });
      await page.addInitScript(() => {
        const last = new WeakMap<Element, string>();
        const watch = () =>
          new MutationObserver(() => {
            for (const region of document.querySelectorAll('[aria-live]')) {
              const text = region.textContent?.trim() ?? '';
              if (text && last.get(region) !== text) console.log(`LIVE: ${text}`);
              last.set(region, text);
            }
          }).observe(document.documentElement, { subtree: true, childList: true, characterData: true });
        if (document.documentElement) watch();
        else document.addEventListener('DOMContentLoaded', watch);
      });
      await signInAsNewLearner(page);
      await page.goto(`${baseUrl}/quizzes/${quizId}`);
      expect((await page.getByRole('region', { name: 'About this quiz' }).textContent())!).toContain('12 seconds');
      await tabTo(page, named('Start the quiz'), 'the start button');
      await page.keyboard.press('Enter');
      await questionHeading(page, 1);
      await tabTo(page, (f) => f.type === 'radio', 'the first option');
      await page.keyboard.press('Space');
      await page.keyboard.press('ArrowDown');
      await saved(page);
      await page.waitForURL(/\/review$/, { timeout: 30_000 });
      // Announced once, at the end (12 seconds crosses no other threshold), not every second.
      expect(said.filter((text) => text.startsWith('Time is up'))).toHaveLength(1);
      expect(said.filter((text) => /left$/.test(text))).toEqual([]);
      // Submitted by the page at the limit, inside the API's grace, so the API records the learner
      // as closing it (only a close after the grace is 'time_limit'); graded on what was saved.
      const result = (await page.getByRole('region', { name: 'Result' }).textContent())!.replace(/\s+/g, ' ');
      expect(result).toMatch(/Your score: 14\.\d+%/);
      const answers = (await page.getByRole('region', { name: 'Your answers' }).textContent())!.replace(/\s+/g, ' ');
      expect(answers).toContain('Your answer Injunctive norms');
      expect(answers.match(/Your answer No answer/g)).toHaveLength(QUESTIONS.length - 1);
    } finally {
      await db.query('UPDATE quizzes SET time_limit_seconds = $2 WHERE id = $1', [quizId, TIME_LIMIT_SECONDS]);
      await db.end();
    }
  }, 120_000);
});
