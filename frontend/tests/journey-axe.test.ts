import type { Browser, BrowserContext, Page } from 'playwright-core';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { axeViolations, describeViolations } from './support/axe.js';
import { launchBrowser } from './support/browser.js';
import { createLearner, publicationPath, sensitiveLesson, signIn, type TestLearner } from './support/learners.js';
import { seedQuiz } from './support/quiz-fixture.js';

/**
 * Issue #10's acceptance line: every page of the learner journey has no axe-core violation of
 * WCAG 2.2 AA (A and AA rules of 2.0, 2.1 and 2.2) at a phone's width (375 px) and a laptop's
 * (1280 px), signed out and signed in as a learner (a member of an organisation, so the header
 * has every link a learner can have); with the phone menu and the account menu open too.
 * Every page is checked before the test fails, and the failure lists each rule id and where.
 */

let browser: Browser;
let db: pg.Client;
const contexts: BrowserContext[] = [];
const baseUrl = inject('baseUrl');
const databaseUrl = inject('databaseUrl');

const WIDTHS = [
  { width: 375, height: 667 },
  { width: 1280, height: 800 }
];

let quizId = '';
let learner: TestLearner;
let lessonPath = '';
let coursePath = '';
let publication = '';

beforeAll(async () => {
  browser = await launchBrowser();
  db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  ({ quizId } = await seedQuiz(databaseUrl));
  learner = await createLearner(baseUrl, db, { organisation: `Harbour Outreach ${Date.now().toString(36)}` });
  const lesson = await sensitiveLesson(db);
  lessonPath = lesson.lessonPath;
  coursePath = `/courses/${lesson.courseSlug}`;
  publication = await publicationPath(db);
});
afterEach(async () => {
  for (const context of contexts.splice(0)) await context.close();
});
afterAll(async () => {
  await db?.end();
  await browser?.close();
});

async function newPage(): Promise<Page> {
  const context = await browser.newContext();
  contexts.push(context);
  return context.newPage();
}

/** The pages both a visitor and a learner reach. */
const publicPages = () => [
  ['home', '/'],
  ['about', '/about'],
  ['catalogue', '/courses'],
  ['course page', coursePath],
  ['lesson with a content note', lessonPath],
  ['glossary', '/glossary'],
  ['library', '/library'],
  ['publication', publication],
  ['sign in', '/login'],
  ['register', '/register'],
  ['forgot password', '/forgot-password'],
  ['quiz start page', `/quizzes/${quizId}`],
  ['check a certificate', '/verify'],
  ['verifying a digital credential', '/verify/digital-credential']
];

/** Checks the page as it is now at both widths; answers one line per violation. */
async function check(page: Page, label: string): Promise<string[]> {
  const problems: string[] = [];
  for (const size of WIDTHS) {
    await page.setViewportSize(size);
    problems.push(...describeViolations(`${label} (${page.url().replace(baseUrl, '')}) at ${size.width} px`, await axeViolations(page)));
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    if (overflow > 0) problems.push(`${label} at ${size.width} px: scrolls sideways by ${overflow} px`);
  }
  return problems;
}

async function visit(page: Page, label: string, path: string): Promise<string[]> {
  const response = await page.goto(`${baseUrl}${path}`, { waitUntil: 'networkidle' });
  if (!response || response.status() >= 400) return [`${label} (${path}): HTTP ${response?.status()}`];
  return check(page, label);
}

/** The phone menu open (375 px) and the account menu open (1280 px, signed in): their content is checked too. */
async function checkOpenMenus(page: Page, signedIn: boolean): Promise<string[]> {
  const problems: string[] = [];
  await page.goto(`${baseUrl}/courses`, { waitUntil: 'networkidle' });
  await page.setViewportSize(WIDTHS[0]!);
  await page.getByRole('button', { name: 'Menu' }).click();
  await page.getByRole('navigation', { name: 'Main' }).waitFor();
  problems.push(...describeViolations('phone menu open at 375 px', await axeViolations(page)));
  await page.keyboard.press('Escape');
  if (signedIn) {
    await page.setViewportSize(WIDTHS[1]!);
    await page.getByRole('button', { name: 'Account' }).click();
    await page.getByRole('link', { name: 'Your account' }).waitFor();
    problems.push(...describeViolations('account menu open at 1280 px', await axeViolations(page)));
    await page.keyboard.press('Escape');
  }
  return problems;
}

describe('the learner journey has no axe violation (WCAG 2.2 AA) at 375 px and 1280 px', () => {
  it('signed out', async () => {
    const page = await newPage();
    const problems: string[] = [];
    for (const [label, path] of publicPages()) problems.push(...(await visit(page, label!, path!)));
    problems.push(...(await checkOpenMenus(page, false)));
    expect(problems, problems.join('\n')).toEqual([]);

    // The checker itself sees a fault: an image without a text alternative and an unnamed button.
    await page.evaluate(() => {
      document.querySelector('main')!.insertAdjacentHTML('beforeend', '<img src="/favicon.svg"><button type="button"></button>');
    });
    expect((await axeViolations(page)).map((v) => v.id)).toEqual(expect.arrayContaining(['image-alt', 'button-name']));
  }, 240_000);

  it('signed in as a learner, through a quiz attempt to its review', async () => {
    const page = await newPage();
    await page.setViewportSize(WIDTHS[1]!);
    await signIn(page, baseUrl, learner);
    // Enrolled on the course, so the lesson page runs its reading tracker and My learning lists the course.
    await page.goto(`${baseUrl}${coursePath}`, { waitUntil: 'networkidle' });
    await page.getByRole('button', { name: 'Enrol on this course' }).click();
    await page.getByText('You are enrolled').first().waitFor();
    const problems: string[] = [];
    for (const [label, path] of [...publicPages(), ['account', '/account'], ['my learning', '/learning']]) {
      problems.push(...(await visit(page, label!, path!)));
    }
    problems.push(...(await checkOpenMenus(page, true)));

    // A quiz attempt: a question, the summary, and the review once submitted.
    await page.goto(`${baseUrl}/quizzes/${quizId}`, { waitUntil: 'networkidle' });
    await page.setViewportSize(WIDTHS[1]!);
    await page.getByRole('button', { name: /^Start (the quiz|attempt \d+)$/ }).click();
    await page.waitForURL(/\/attempts\/[0-9a-f-]+\/questions\/1$/);
    await page.waitForLoadState('networkidle');
    await page.getByRole('radio', { name: 'Injunctive norms' }).check();
    await page.locator('[data-save-state="saved"]').waitFor();
    problems.push(...(await check(page, 'quiz question')));
    const attemptUrl = page.url().replace(/\/questions\/1$/, '');
    await page.goto(`${attemptUrl}/summary`, { waitUntil: 'networkidle' });
    problems.push(...(await check(page, 'quiz summary')));
    await page.setViewportSize(WIDTHS[1]!);
    await page.getByRole('button', { name: 'Submit my answers' }).click();
    await page.waitForURL(`${attemptUrl}/review`);
    await page.waitForLoadState('networkidle');
    problems.push(...(await check(page, 'quiz review')));

    expect(problems, problems.join('\n')).toEqual([]);
  }, 300_000);
});
