import type { Browser, BrowserContext, Page } from 'playwright-core';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser } from './support/browser.js';
import { courseWithContentNote, createLearner, publicationPath, sensitiveLesson, signIn, type TestLearner } from './support/learners.js';

/**
 * The frame around the learner (issue #10): the header is one row on a phone (a Menu button) and
 * on a laptop, signed in and out, with the main menu in the same place; the menus work from the
 * keyboard and without JavaScript; a lesson's title is on the first screen of a phone; and the
 * quick exit is on every sensitive page, its help inside the page's main container.
 */

let browser: Browser;
let db: pg.Client;
const contexts: BrowserContext[] = [];
const baseUrl = inject('baseUrl');
const databaseUrl = inject('databaseUrl');

const PHONE = { width: 375, height: 667 };
const LAPTOP = { width: 1280, height: 800 };

let learner: TestLearner;
let lessonPath = '';
let publication = '';
let notedCourse = '';

beforeAll(async () => {
  browser = await launchBrowser();
  db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  // A member of an organisation, with a long name: the longest header a learner can have.
  learner = await createLearner(baseUrl, db, {
    displayName: 'Maria-Fernanda Oyelaran-Castellanos',
    organisation: `Harbour Outreach ${Date.now().toString(36)}`
  });
  ({ lessonPath } = await sensitiveLesson(db));
  publication = await publicationPath(db);
  notedCourse = await courseWithContentNote(db);
});
afterEach(async () => {
  for (const context of contexts.splice(0)) await context.close();
});
afterAll(async () => {
  await db?.end();
  await browser?.close();
});

async function newPage(options: { javaScriptEnabled?: boolean } = {}): Promise<Page> {
  const context = await browser.newContext(options);
  contexts.push(context);
  return context.newPage();
}

interface HeaderGeometry {
  height: number;
  /** Top of every visible control in the header row, to tell one row from several. */
  tops: number[];
  mainMenuX: number | null;
}

function headerGeometry(page: Page): Promise<HeaderGeometry> {
  return page.evaluate(() => {
    const header = document.querySelector('header.site-header')!;
    const visible = (el: Element) => {
      const r = el.getBoundingClientRect();
      return r.width > 0 && r.height > 0;
    };
    const controls = [...header.querySelectorAll('a, button')].filter(visible);
    const main = header.querySelector('nav[aria-label="Main"] a');
    return {
      height: header.getBoundingClientRect().height,
      tops: controls.map((c) => Math.round(c.getBoundingClientRect().top)),
      mainMenuX: main && visible(main) ? Math.round(main.getBoundingClientRect().left) : null
    };
  });
}

/** The popover's toggle event (which sets aria-expanded) comes a task after the key press: wait for it. */
const expanded = (page: Page, controls: string, value: boolean) =>
  page.locator(`button[aria-controls="${controls}"][aria-expanded="${value}"]`).waitFor({ timeout: 5_000 });

const focusedName = (page: Page) => page.evaluate(() => document.activeElement?.textContent?.replace(/\s+/g, ' ').trim() ?? '');

describe('the header', () => {
  it('is one row on a phone (a Menu button) and on a laptop, signed in and out, with the main menu in the same place', async () => {
    const page = await newPage();
    const signedOut: Record<string, HeaderGeometry> = {};
    for (const [name, size] of [
      ['phone', PHONE],
      ['laptop', LAPTOP]
    ] as const) {
      await page.setViewportSize(size);
      await page.goto(`${baseUrl}/courses`, { waitUntil: 'networkidle' });
      signedOut[name] = await headerGeometry(page);
    }
    await page.setViewportSize(LAPTOP);
    await signIn(page, baseUrl, learner);
    const signedIn: Record<string, HeaderGeometry> = {};
    for (const [name, size] of [
      ['phone', PHONE],
      ['laptop', LAPTOP]
    ] as const) {
      await page.setViewportSize(size);
      await page.goto(`${baseUrl}/courses`, { waitUntil: 'networkidle' });
      signedIn[name] = await headerGeometry(page);
    }

    for (const [state, geometry] of Object.entries({ 'signed out': signedOut, 'signed in': signedIn })) {
      // A phone: the brand and the Menu button; the menu itself is closed.
      expect(geometry.phone!.height, `${state}, phone`).toBeLessThanOrEqual(80);
      expect(geometry.phone!.mainMenuX, `${state}, phone: main menu hidden behind the button`).toBeNull();
      // A laptop: every control on one row, the header no taller than one.
      expect(geometry.laptop!.height, `${state}, laptop`).toBeLessThanOrEqual(80);
      expect(Math.max(...geometry.laptop!.tops) - Math.min(...geometry.laptop!.tops), `${state}, laptop: one row`).toBeLessThanOrEqual(12);
    }
    expect(signedIn.laptop!.mainMenuX).not.toBeNull();
    expect(signedIn.laptop!.mainMenuX).toBe(signedOut.laptop!.mainMenuX);
    // The learner's own links are there; the account items are in the Account menu.
    const main = page.getByRole('navigation', { name: 'Main' });
    expect(await main.getByRole('link').allTextContents()).toEqual(['Home', 'Courses', 'My learning', 'Library', 'Organisations', 'About', 'System status']);
    expect(await main.getByRole('link', { name: 'My learning' }).getAttribute('href')).toBe('/learning');
  });

  it('opens the phone menu from the keyboard, says whether it is open, and closes on Escape with focus back on the button', async () => {
    const page = await newPage();
    await page.setViewportSize(PHONE);
    await page.goto(`${baseUrl}/courses`, { waitUntil: 'networkidle' });
    const button = page.getByRole('button', { name: 'Menu' });
    await page.locator('button[aria-controls="site-menu"][aria-expanded="false"]').waitFor();
    expect(await button.getAttribute('aria-controls')).toBe('site-menu');
    // Tab from the top: skip link, brand, then the Menu button.
    for (let i = 0; i < 3; i++) await page.keyboard.press('Tab');
    expect(await focusedName(page)).toBe('Menu');
    await page.keyboard.press('Enter');
    await expanded(page, 'site-menu', true);
    const main = page.getByRole('navigation', { name: 'Main' });
    expect(await main.isVisible()).toBe(true);
    // The menu follows the button in the Tab order; the current page is marked.
    await page.keyboard.press('Tab');
    expect(await focusedName(page)).toBe('Home');
    expect(await main.getByRole('link', { name: 'Courses' }).getAttribute('aria-current')).toBe('page');
    // The menu opens below the header, not over it.
    const headerBottom = await page.locator('header').evaluate((el) => el.getBoundingClientRect().bottom);
    const menuTop = await page.locator('#site-menu').evaluate((el) => el.getBoundingClientRect().top);
    expect(menuTop).toBeGreaterThanOrEqual(headerBottom - 1);
    await page.keyboard.press('Escape');
    await expanded(page, 'site-menu', false);
    expect(await main.isVisible()).toBe(false);
    expect(await focusedName(page)).toBe('Menu');

    // A link in the menu goes to its page and the menu closes behind it.
    await button.click();
    await main.getByRole('link', { name: 'Library' }).click();
    await page.waitForURL(`${baseUrl}/library`);
    await page.getByRole('heading', { level: 1, name: 'Resource library' }).waitFor();
    await expanded(page, 'site-menu', false);
    expect(await main.isVisible()).toBe(false);
  });

  it('lists the account items in the phone menu, and in an Account menu on a laptop that Escape closes', async () => {
    const page = await newPage();
    await page.setViewportSize(LAPTOP);
    await signIn(page, baseUrl, learner);
    await page.goto(`${baseUrl}/courses`, { waitUntil: 'networkidle' });
    const toggle = page.getByRole('button', { name: 'Account' });
    await page.locator('button[aria-controls="account-menu"][aria-expanded="false"]').waitFor();
    await toggle.focus();
    await page.keyboard.press('Enter');
    await expanded(page, 'account-menu', true);
    const account = page.getByRole('navigation', { name: 'Account' });
    expect(await account.getByText(`Signed in as ${learner.displayName}`).isVisible()).toBe(true);
    await page.keyboard.press('Tab');
    expect(await focusedName(page)).toBe('Your account');
    await page.keyboard.press('Escape');
    await expanded(page, 'account-menu', false);
    expect(await account.getByRole('link', { name: 'Your account' }).isVisible()).toBe(false);
    expect(await focusedName(page)).toBe('Account');

    // Leaving the menu with Tab closes it, so it never covers the page.
    await page.keyboard.press('Enter');
    await expanded(page, 'account-menu', true);
    for (let i = 0; i < 3; i++) await page.keyboard.press('Tab');
    await expanded(page, 'account-menu', false);
    expect(await account.getByRole('button', { name: 'Sign out' }).isVisible()).toBe(false);

    await page.setViewportSize(PHONE);
    await page.getByRole('button', { name: 'Menu' }).click();
    expect(await account.getByRole('link', { name: 'Your account' }).isVisible()).toBe(true);
    expect(await account.getByRole('button', { name: 'Sign out' }).isVisible()).toBe(true);
    expect(await toggle.isVisible()).toBe(false);
  });

  it('works without JavaScript: the Menu button still opens the menu and its links go to their pages', async () => {
    const page = await newPage({ javaScriptEnabled: false });
    await page.setViewportSize(PHONE);
    await page.goto(`${baseUrl}/courses`);
    const main = page.getByRole('navigation', { name: 'Main' });
    expect(await main.isVisible()).toBe(false);
    await page.getByRole('button', { name: 'Menu' }).click();
    await main.getByRole('link', { name: 'About' }).click();
    await page.waitForURL(`${baseUrl}/about`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toMatch(/about/i);
  });

  it('leaves a lesson’s title on the first screen of a phone', async () => {
    const page = await newPage();
    await page.setViewportSize(PHONE);
    await page.goto(`${baseUrl}${lessonPath}`, { waitUntil: 'networkidle' });
    const title = await page.getByRole('heading', { level: 1 }).evaluate((el) => el.getBoundingClientRect().bottom);
    expect(title).toBeLessThanOrEqual(PHONE.height);
  });
});

describe('the quick exit', () => {
  it('is on every sensitive page (lessons, the library, a publication, the glossary, a course with a content note), its help inside the main container, and on no other page', async () => {
    const page = await newPage();
    for (const size of [PHONE, LAPTOP]) {
      await page.setViewportSize(size);
      for (const path of [lessonPath, '/library', publication, '/glossary', notedCourse]) {
        await page.goto(`${baseUrl}${path}`, { waitUntil: 'networkidle' });
        const where = `${path} at ${size.width} px`;
        const exit = page.getByRole('link', { name: 'Quick exit' });
        expect(await exit.count(), where).toBe(1);
        expect(await exit.isVisible(), where).toBe(true);
        const help = await page.evaluate(() => {
          const link = document.querySelector('a.quick-exit');
          const text = document.getElementById(link?.getAttribute('aria-describedby') ?? '');
          const main = text?.closest('main');
          return {
            inMainContainer: Boolean(main?.classList.contains('container')),
            firstInMain: main?.firstElementChild === text,
            text: text?.textContent ?? ''
          };
        });
        expect(help, where).toMatchObject({ inMainContainer: true, firstInMain: true });
        expect(help.text, where).toContain('Escape twice');
        // The first Tab stop.
        await page.keyboard.press('Tab');
        expect(await focusedName(page), where).toBe('Quick exit');
        // It does not cover the header: the header starts below it.
        const exitBottom = await exit.evaluate((el) => el.getBoundingClientRect().bottom);
        const headerTop = await page.locator('header').evaluate((el) => el.getBoundingClientRect().top);
        expect(exitBottom, where).toBeLessThanOrEqual(headerTop);
      }
    }
    for (const path of ['/', '/courses', '/login', '/about']) {
      await page.goto(`${baseUrl}${path}`);
      expect(await page.getByRole('link', { name: 'Quick exit' }).count(), path).toBe(0);
      expect(await page.locator('#quick-exit-help').count(), path).toBe(0);
    }
  });
});
