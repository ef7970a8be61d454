import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser } from './support/browser.js';

/**
 * The catalogue end to end, as a visitor uses it: search the library, open a publication and its
 * citation, follow it to a course, register and confirm (through /dev/mail), sign in, enrol, and
 * read a module's lessons with Next. Plus the lesson page's quick exit, driven by the keyboard.
 */

let browser: Browser;
const contexts: BrowserContext[] = [];
const baseUrl = inject('baseUrl');

const PASSWORD = 'a quiet path between the allotments';
const EXIT_URL = 'https://www.bbc.co.uk/weather';
const PUBLICATION = 'Understanding and Responding to Modern Slavery within the Homelessness Sector';
const COURSE = 'Modern slavery in homelessness and labour exploitation services';
const COURSE_PATH = '/courses/homelessness-and-labour-exploitation';
const FIRST_LESSON = 'What the report says: a scoping study and its findings';

beforeAll(async () => {
  browser = await launchBrowser();
});
afterEach(async () => {
  for (const context of contexts.splice(0)) await context.close();
});
afterAll(() => browser?.close());

/**
 * A page whose requests to the exit site are answered locally: the tests never reach the BBC
 * (the machine may be offline), but the browser still navigates there as a person's would.
 */
async function newPage(options: { javaScriptEnabled?: boolean } = {}): Promise<Page> {
  const context = await browser.newContext(options);
  contexts.push(context);
  await context.route('https://www.bbc.co.uk/**', (route) =>
    route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>Weather</title><h1>Weather</h1>' })
  );
  return context.newPage();
}

function uniqueEmail(label: string): string {
  return `${label}.${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}@example.org`;
}

const heading = (page: Page) => page.getByRole('heading', { level: 1 }).textContent();

/** Mail links use PUBLIC_ORIGIN (localhost) while the tests browse 127.0.0.1; follow them here. */
function onTestOrigin(href: string): string {
  const url = new URL(href);
  return `${baseUrl}${url.pathname}${url.search}`;
}

async function confirmationLink(page: Page, email: string): Promise<string> {
  await page.goto(`${baseUrl}/dev/mail`);
  for (let attempt = 0; attempt < 60; attempt++) {
    const mail = page.getByRole('article').filter({ hasText: email }).filter({ hasText: 'Confirm your email address' });
    if ((await mail.count()) > 0) {
      const href = await mail
        .first()
        .getByRole('link', { name: /\/verify-email\?token=/ })
        .getAttribute('href');
      if (href) return href;
    }
    await page.waitForTimeout(250);
    await page.reload();
  }
  throw new Error(`no confirmation mail for ${email} at /dev/mail`);
}

/** The first lesson of the homelessness course, found from its syllabus. */
async function firstLessonUrl(page: Page): Promise<string> {
  await page.goto(`${baseUrl}${COURSE_PATH}`);
  const href = await page.getByRole('region', { name: 'Syllabus' }).getByRole('link', { name: FIRST_LESSON }).getAttribute('href');
  return `${baseUrl}${href}`;
}

describe('catalogue', () => {
  it('searches the library, cites a publication, registers, enrols and reads a module to its end', async () => {
    const page = await newPage();

    // The library: a plain GET search.
    await page.goto(`${baseUrl}/library`);
    expect(await heading(page)).toBe('Resource library');
    await page.getByRole('searchbox', { name: 'Search publications' }).fill('homelessness');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL((url) => url.pathname === '/library' && url.searchParams.get('q') === 'homelessness');
    const status = page.getByRole('status').filter({ hasText: /publications? found/ });
    await status.waitFor();
    expect(await status.textContent()).toMatch(/^\d+ publications? found$/);

    // The publication and its citation.
    await page.getByRole('link', { name: PUBLICATION }).click();
    await page.waitForURL(`${baseUrl}/library/modern-slavery-and-homelessness`);
    expect(await heading(page)).toBe(PUBLICATION);
    expect(await page.getByRole('heading', { name: 'Cite this publication' }).count()).toBe(1);
    const citation = await page.getByRole('textbox', { name: 'Citation' }).inputValue();
    expect(citation).toContain(PUBLICATION);
    expect(await page.getByRole('textbox', { name: 'Citation' }).getAttribute('readonly')).not.toBeNull();
    // Copying says what happened (copied, or selected for Ctrl+C where the clipboard is refused).
    await page.getByRole('button', { name: 'Copy citation' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: /Citation copied|citation is selected/ })
      .waitFor();
    // The seed gives no address for the source: no dead link.
    expect(await page.getByRole('link', { name: 'Read the full publication' }).count()).toBe(0);

    // A course that uses it.
    await page.getByRole('region', { name: 'Courses that use this publication' }).getByRole('link', { name: COURSE }).click();
    await page.waitForURL(`${baseUrl}${COURSE_PATH}`);
    expect(await heading(page)).toBe(COURSE);
    expect(await page.getByRole('heading', { name: 'Syllabus' }).count()).toBe(1);
    // The course's content note comes before the syllabus; each module says what it teaches.
    const courseOrder = await page.evaluate(() => {
      const headings = [...document.querySelectorAll('h2')].map((h) => h.textContent);
      return [headings.indexOf('Content note'), headings.indexOf('Syllabus')];
    });
    expect(courseOrder[0]).toBeGreaterThanOrEqual(0);
    expect(courseOrder[0]).toBeLessThan(courseOrder[1]!);
    expect(await page.getByRole('heading', { name: 'By the end of this module you can' }).count()).toBe(3);

    // Enrolling signed out asks to sign in first, coming back here.
    await page.getByRole('button', { name: 'Enrol on this course' }).click();
    await page.waitForURL(`${baseUrl}/login?next=${encodeURIComponent(COURSE_PATH)}`);

    // Register, confirm from the mail, sign in.
    const email = uniqueEmail('reader');
    await page.goto(`${baseUrl}/register`);
    await page.getByRole('textbox', { name: 'Email address' }).fill(email);
    await page.getByRole('textbox', { name: 'Display name' }).fill('Rita Reader');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForURL(`${baseUrl}/register/check-email`);
    const link = await confirmationLink(page, email);
    await page.goto(onTestOrigin(link));
    await page.getByRole('button', { name: 'Confirm my email address' }).click();
    await page.getByText('Your email address is confirmed.').waitFor();

    await page.goto(`${baseUrl}/login?next=${encodeURIComponent(COURSE_PATH)}`);
    await page.getByRole('textbox', { name: 'Email address' }).fill(email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${baseUrl}${COURSE_PATH}`);

    // Enrol.
    await page.getByRole('button', { name: 'Enrol on this course' }).click();
    await page.getByText('You are enrolled').waitFor();
    expect(await page.getByRole('button', { name: 'Enrol on this course' }).count()).toBe(0);
    // A reload still knows (from GET /api/me/enrolments).
    await page.reload();
    await page.getByText('You are enrolled').waitFor();
    await page.getByRole('link', { name: 'Start the course' }).click();

    // Lesson 1 of module 1, which has a content note before its text.
    await page.waitForURL(/\/courses\/homelessness-and-labour-exploitation\/lessons\//);
    expect(await heading(page)).toBe(FIRST_LESSON);
    const contents = page.getByRole('navigation', { name: 'Course contents' });
    expect(await contents.locator('[aria-current="page"]').textContent()).toBe(FIRST_LESSON);
    expect(await page.getByRole('link', { name: 'Quick exit' }).count()).toBe(1);
    const note = page.getByRole('heading', { name: 'Content note' });
    expect(await note.count()).toBe(1);
    const order = await page.evaluate(() => {
      const noteHeading = [...document.querySelectorAll('h2')].find((h) => h.textContent === 'Content note')!;
      const body = document.querySelector('.lesson-body')!;
      return noteHeading.compareDocumentPosition(body) & Node.DOCUMENT_POSITION_FOLLOWING;
    });
    expect(order).toBeTruthy();
    expect(await page.getByRole('region', { name: 'Sources' }).textContent()).toContain(`${PUBLICATION} — “`);

    // Next: lesson 2, the last of the first module.
    await page.getByRole('link', { name: /^Next/ }).click();
    await page.waitForFunction(() => document.querySelector('h1')?.textContent === 'What it means for practice');
    expect(await contents.locator('[aria-current="page"]').textContent()).toBe('What it means for practice');
    const firstModule = contents.getByRole('listitem').filter({ hasText: 'Module 1:' }).first();
    const lessonsOfModule1 = await firstModule.getByRole('link').allTextContents();
    expect(lessonsOfModule1.at(-1)).toBe('What it means for practice');
    // Read to the end: the bottom of the lesson is reachable.
    await page.getByRole('navigation', { name: 'Previous and next lessons' }).scrollIntoViewIfNeeded();
    expect(await page.getByRole('link', { name: /^Previous/ }).count()).toBe(1);
  });

  it('lists courses at /courses and shows each with its syllabus, without JavaScript', async () => {
    const page = await newPage({ javaScriptEnabled: false });
    await page.goto(`${baseUrl}/courses`);
    expect(await heading(page)).toBe('Courses');
    await page.getByRole('link', { name: 'Foundations' }).click();
    await page.waitForURL(`${baseUrl}/courses/foundations`);
    expect(await heading(page)).toBe('Foundations');
    // No module is locked behind another; each lists its objectives.
    expect(await page.getByText('Take first:').count()).toBe(0);
    expect(await page.getByRole('heading', { name: 'By the end of this module you can' }).count()).toBe(5);
    expect(await page.getByRole('heading', { name: 'Content note' }).count()).toBe(1);
    // The Enrol form posts without JavaScript too: signed out, it asks to sign in first.
    await page.getByRole('button', { name: 'Enrol on this course' }).click();
    await page.waitForURL(`${baseUrl}/login?next=${encodeURIComponent('/courses/foundations')}`);
  });

  it('links a lesson’s glossary terms to the glossary, each entry labelled as the course’s own explanation', async () => {
    const page = await newPage({ javaScriptEnabled: false });
    await page.goto(`${baseUrl}/courses/foundations`);
    await page.getByRole('link', { name: 'What the review says: the scale, the targets and the protocol' }).click();
    await page.waitForURL(/\/courses\/foundations\/lessons\//);
    await page.getByRole('complementary', { name: 'Terms in the glossary' }).getByRole('link', { name: 'Prevention' }).click();
    await page.waitForURL(`${baseUrl}/glossary#prevention`);
    expect(await heading(page)).toBe('Glossary');
    const entry = page.locator('dt#prevention');
    expect(await entry.textContent()).toBe('Prevention');
    expect(await page.getByText('This course’s own explanation, not a finding of any publication in the library.').count()).toBe(8);
    // The course page links the glossary too.
    await page.goto(`${baseUrl}/courses/foundations`);
    await page.getByRole('region', { name: 'Glossary' }).getByRole('link', { name: 'glossary' }).click();
    await page.waitForURL(`${baseUrl}/glossary`);
  });

  it('filters the library without JavaScript and says when nothing matches', async () => {
    const page = await newPage({ javaScriptEnabled: false });
    await page.goto(`${baseUrl}/library`);
    await page.getByRole('searchbox', { name: 'Search publications' }).fill('zzzznotaword');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL(/q=zzzznotaword/);
    expect(await page.getByText('No publications match').count()).toBeGreaterThan(0);
  });

  it('sends a tailored training enquiry, with inline errors first', async () => {
    const page = await newPage();
    await page.goto(`${baseUrl}/enquiry`);
    expect(await heading(page)).toBe('Ask about tailored training');
    await page.getByRole('button', { name: 'Send enquiry' }).click();
    const summary = page.getByRole('alert').filter({ hasText: 'There is a problem' });
    await summary.waitFor();
    expect(await summary.textContent()).toContain('Enter the name of your organisation');

    await page.getByRole('textbox', { name: 'Organisation' }).fill('Safe Homes Trust');
    await page.getByRole('textbox', { name: 'Contact name' }).fill('Ana Silva');
    await page.getByRole('textbox', { name: 'Email address' }).fill(uniqueEmail('enquiry'));
    await page.getByRole('textbox', { name: 'Training needs' }).fill('Spotting labour exploitation, for outreach workers.');
    await page.getByRole('textbox', { name: 'Number of staff' }).fill('25');
    await page.getByRole('textbox', { name: 'Preferred timing (optional)' }).fill('From March');
    await page.getByRole('button', { name: 'Send enquiry' }).click();
    await page.waitForURL(`${baseUrl}/enquiry/sent`);
    expect(await heading(page)).toBe('Thank you, your enquiry has been sent');
  });

  it('fits a 375 px phone without sideways scrolling', async () => {
    const page = await newPage();
    await page.setViewportSize({ width: 375, height: 740 });
    const lesson = await firstLessonUrl(page);
    for (const url of [
      `${baseUrl}/courses`,
      `${baseUrl}${COURSE_PATH}`,
      `${baseUrl}/library`,
      `${baseUrl}/library/modern-slavery-and-homelessness`,
      `${baseUrl}/enquiry`,
      `${baseUrl}/glossary`,
      lesson
    ]) {
      await page.goto(url);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, url).toBeLessThanOrEqual(0);
    }
  });
});

/** The quick exit's script (Escape twice, history replaced) runs once the page has hydrated. */
async function enhanced(page: Page) {
  await page.locator('[data-quick-exit="enhanced"]').waitFor({ state: 'attached' });
}

describe('quick exit', () => {
  it('is the first Tab stop on a lesson page, named "Quick exit", and points away from the site', async () => {
    const page = await newPage();
    await page.goto(await firstLessonUrl(page));
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const el = document.activeElement as HTMLAnchorElement | null;
      return { text: el?.textContent?.trim(), href: el?.getAttribute('href'), rel: el?.getAttribute('rel') };
    });
    expect(focused).toEqual({ text: 'Quick exit', href: EXIT_URL, rel: 'noreferrer' });
    expect(new URL(focused.href!).origin).not.toBe(new URL(baseUrl).origin);
    // Visible, and fixed in place while the page scrolls.
    const exit = page.getByRole('link', { name: 'Quick exit' });
    expect(await exit.isVisible()).toBe(true);
    expect(await exit.evaluate((el) => getComputedStyle(el).position)).toBe('fixed');
  });

  it('leaves with Enter, replacing the lesson in the history so Back does not return to it', async () => {
    const page = await newPage();
    const lesson = await firstLessonUrl(page);
    await page.goto(lesson);
    await enhanced(page);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.waitForURL(EXIT_URL);
    await page.goBack();
    expect(page.url()).toBe(`${baseUrl}${COURSE_PATH}`);
  });

  it('leaves when Escape is pressed twice', async () => {
    const page = await newPage();
    await page.goto(await firstLessonUrl(page));
    await enhanced(page);
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
    await page.waitForURL(EXIT_URL);
  });

  it('works as a plain link without JavaScript', async () => {
    const page = await newPage({ javaScriptEnabled: false });
    await page.goto(await firstLessonUrl(page));
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Quick exit');
    await page.keyboard.press('Enter');
    await page.waitForURL(EXIT_URL);
  });
});
