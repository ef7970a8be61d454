import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import pg from 'pg';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser } from './support/browser.js';

/**
 * Issue #10's acceptance line, in the real built app: a learner reads every lesson of a module,
 * passes its quiz, sees the module complete on "My learning", closes the browser, signs in again
 * and continues where they left off (the Continue link lands on the right lesson, at the right
 * place). Also: "My learning" needs a session, and a new learner's is empty and points to the
 * catalogue; the pages pass axe at a phone's and a laptop's width.
 */

let browser: Browser;
const contexts: BrowserContext[] = [];
const baseUrl = inject('baseUrl');
const databaseUrl = inject('databaseUrl');
const axeSource = (createRequire(import.meta.url)('axe-core') as { source: string }).source;

const PASSWORD = 'a kingfisher over the weir at dusk';
/** A module only the Foundations course uses (the other courses' tests are untouched), two lessons long. */
const MODULE_SLUG = 'ending-forced-labour-2030';
const PUBLICATION = 'ending-forced-labour-by-2030';
const PASSAGE =
  'In 2016 a report by the International Labour Organisation found that on any given day there were around 25 million people subjected to forced labour, of which just over 4 million people were below the age of 18.';

let moduleTitle = '';

/** The module's quiz, one true/false question on its publication's figures, so passing it is quick. */
async function seedOneQuestionQuiz(): Promise<void> {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    await db.query('BEGIN');
    const module = await db.query<{ id: string; title: string }>('SELECT id, title FROM modules WHERE slug = $1', [MODULE_SLUG]);
    if (module.rowCount !== 1) throw new Error(`module ${MODULE_SLUG} is not in the database`);
    const { id: moduleId, title } = module.rows[0]!;
    moduleTitle = title;
    const quiz = await db.query<{ id: string }>(
      `INSERT INTO quizzes (module_id, title, pass_mark, max_attempts, wait_seconds, time_limit_seconds, grading_method, review_policy, shuffle_questions, shuffle_options)
       VALUES ($1, $2, 70, NULL, 0, NULL, 'highest', $3, false, false)
       ON CONFLICT (module_id) WHERE course_id IS NULL DO UPDATE
         SET title = EXCLUDED.title, pass_mark = 70, max_attempts = NULL, wait_seconds = 0, time_limit_seconds = NULL,
             review_policy = EXCLUDED.review_policy, shuffle_questions = false, shuffle_options = false, closes_at = NULL, version = quizzes.version + 1
       RETURNING id`,
      [moduleId, title, JSON.stringify({ score: 'immediately', correctness: 'immediately', correctAnswers: 'immediately', feedback: 'immediately' })]
    );
    const quizId = quiz.rows[0]!.id;
    const q = {
      prompt: 'In 2016, the ILO found that on any given day around 25 million people were in forced labour.',
      answerKey: { value: true },
      feedback: 'Around 25 million, of whom just over 4 million were under 18.'
    };
    const question = await db.query<{ id: string }>(
      `INSERT INTO questions (module_id, slug, origin, tags) VALUES ($1, 'ui-progress-ilo-2016', 'authored', '{ui-test}')
       ON CONFLICT (module_id, slug) DO UPDATE SET updated_at = now() RETURNING id`,
      [moduleId]
    );
    const questionId = question.rows[0]!.id;
    const next = await db.query<{ n: number }>('SELECT coalesce(max(version), 0) + 1 AS n FROM question_versions WHERE question_id = $1', [questionId]);
    const version = await db.query<{ id: string }>(
      `INSERT INTO question_versions (question_id, version, type, prompt, definition, answer_key, general_feedback, source, content_hash)
       VALUES ($1, $2, 'true_false', $3, '{}', $4, $5, $6, $7) RETURNING id`,
      [
        questionId,
        next.rows[0]!.n,
        q.prompt,
        JSON.stringify(q.answerKey),
        q.feedback,
        JSON.stringify({ publication: PUBLICATION, passage: PASSAGE }),
        createHash('sha256').update(JSON.stringify(q)).digest('hex')
      ]
    );
    await db.query('UPDATE questions SET current_version_id = $2, retired_at = NULL WHERE id = $1', [questionId, version.rows[0]!.id]);
    await db.query('DELETE FROM quiz_slots WHERE quiz_id = $1', [quizId]);
    await db.query('INSERT INTO quiz_slots (quiz_id, position, question_id, points) VALUES ($1, 1, $2, 1)', [quizId, questionId]);
    await db.query('COMMIT');
  } catch (err) {
    await db.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    await db.end();
  }
}

beforeAll(async () => {
  browser = await launchBrowser();
  await seedOneQuestionQuiz();
});
afterEach(async () => {
  for (const context of contexts.splice(0)) await context.close().catch(() => undefined);
});
afterAll(() => browser?.close());

async function newPage(options: { javaScriptEnabled?: boolean } = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 700 }, ...options });
  contexts.push(context);
  return { context, page: await context.newPage() };
}

const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

async function signIn(page: Page, email: string): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.getByRole('textbox', { name: 'Email address' }).fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByLabel('Password').press('Enter');
  await page.waitForURL(`${baseUrl}/account`);
}

/** Registers, confirms through /dev/mail and signs in, as the other browser tests do. */
async function signInAsNewLearner(page: Page): Promise<string> {
  const email = `reader.${unique()}@example.org`;
  await page.goto(`${baseUrl}/register`);
  await page.getByRole('textbox', { name: 'Email address' }).fill(email);
  await page.getByRole('textbox', { name: 'Display name' }).fill('Rea Reader');
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
  await page.getByRole('button', { name: 'Confirm my email address' }).click();
  await page.getByText('Your email address is confirmed.').waitFor();
  await signIn(page, email);
  return email;
}

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
    await page.setViewportSize({ width, height: 700 });
    expect(await axeViolations(page), `${label} at ${width} px`).toEqual([]);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, `${label} at ${width} px`).toBeLessThanOrEqual(0);
  }
  await page.setViewportSize({ width: 1280, height: 700 });
}

/** Where the reader is in the lesson text, as the page measures it (the share above the screen's middle). */
const readingPosition = (page: Page) =>
  page.evaluate(() => {
    const body = document.querySelector('.lesson-body')!.getBoundingClientRect();
    return (window.innerHeight / 2 - body.top) / body.height;
  });

/** Scrolls so that `position` of the lesson text is at the screen's middle. */
const scrollLessonTo = (page: Page, position: number) =>
  page.evaluate((p) => {
    const body = document.querySelector('.lesson-body')!.getBoundingClientRect();
    window.scrollTo({ top: window.scrollY + body.top + p * body.height - window.innerHeight / 2, behavior: 'instant' });
  }, position);

/** The next answer of the lesson's progress endpoint to a report matching `matches`. */
const progressReport = (page: Page, matches: (body: Record<string, unknown>) => boolean) =>
  page.waitForResponse((response) => {
    if (!/\/lessons\/[^/]+\/progress$/.test(new URL(response.url()).pathname) || response.request().method() !== 'POST') return false;
    try {
      return matches(JSON.parse(response.request().postData() ?? '{}') as Record<string, unknown>);
    } catch {
      return false;
    }
  });

describe('my learning', () => {
  it('needs a session: a signed-out visitor is sent to sign in and back', async () => {
    const { page } = await newPage();
    await page.goto(`${baseUrl}/learning`);
    await page.waitForURL(`${baseUrl}/login?next=${encodeURIComponent('/learning')}`);
  });

  it('points a new learner to the catalogue', async () => {
    const { page } = await newPage();
    await signInAsNewLearner(page);
    await page.goto(`${baseUrl}/learning`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('My learning');
    await page.getByText('You are not enrolled on any course yet').waitFor();
    await checkLayouts(page, 'empty My learning');
    await page.getByRole('link', { name: 'course catalogue' }).click();
    await page.waitForURL(`${baseUrl}/courses`);
  });
});

describe('reading a module through to its quiz', () => {
  it('records each lesson, passes the quiz, shows the module complete, and continues where the learner left off after signing in again', async () => {
    const first = await newPage();
    let page = first.page;
    const email = await signInAsNewLearner(page);

    // Enrol; nothing read yet, so the course page offers to start.
    await page.goto(`${baseUrl}/courses/foundations`);
    await page.getByRole('button', { name: 'Enrol on this course' }).click();
    await page.getByRole('link', { name: 'Start the course' }).click();
    await page.waitForURL(/\/courses\/foundations\/lessons\/[0-9a-f-]+$/);

    // Every lesson of the module, read to its end: the page says it is complete (no button needed).
    const moduleLessons = 2;
    for (let n = 1; n <= moduleLessons; n++) {
      await page.getByRole('heading', { level: 1 }).waitFor();
      expect(await page.locator('.lesson__context').textContent()).toContain(moduleTitle);
      await page.getByRole('button', { name: 'Mark as complete' }).waitFor();
      const completion = progressReport(page, (body) => body.completed === true);
      await page.evaluate(() => window.scrollTo({ top: document.documentElement.scrollHeight, behavior: 'instant' }));
      expect((await completion).status()).toBe(200);
      await page.getByText('You have completed this lesson.').waitFor();
      if (n < moduleLessons) {
        await page.getByRole('link', { name: /^Next/ }).click();
        await page.waitForFunction((title) => !document.title.startsWith(title), await page.title());
      }
    }
    await checkLayouts(page, 'a completed lesson');

    // The module's last lesson leads to its quiz; pass it.
    await page.getByRole('link', { name: 'Take the quiz' }).click();
    await page.waitForURL(/\/quizzes\/[0-9a-f-]+\?course=foundations$/);
    await page.getByRole('button', { name: 'Start the quiz' }).click();
    await page.waitForURL(/\/questions\/1$/);
    await page.getByRole('radio', { name: 'True' }).check();
    await page.locator('[data-save-state="saved"]').waitFor();
    await page.getByRole('button', { name: 'Finish: check and submit' }).click();
    await page.waitForURL(/\/summary$/);
    await page.getByRole('button', { name: 'Submit my answers' }).click();
    await page.waitForURL(/\/review$/);
    await page.getByText('You passed').waitFor();
    await page.getByText(`Module complete: ${moduleTitle}.`).waitFor();
    await checkLayouts(page, 'quiz result with the way back');

    // The dashboard shows the module complete and the quiz passed.
    await page.getByRole('link', { name: 'My learning', exact: true }).last().click();
    await page.waitForURL(`${baseUrl}/learning`);
    const card = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Foundations' }) });
    await card.getByText('Modules and quiz results').click();
    const modules = (await card.locator('.modules__list').textContent())!.replace(/\s+/g, ' ');
    expect(modules).toContain(`${moduleTitle} Complete · Quiz: 100%, passed (1 attempt)`);
    expect(await card.getByRole('progressbar').getAttribute('aria-valuenow')).not.toBe('0');
    // The time the lessons were on screen was sent as the reader moved on (visible-time intervals).
    expect((await card.textContent())!.replace(/\s+/g, ' ')).toMatch(/2 of \d+ lessons completed · time spent (under a minute|\d+ minutes?)/);
    await checkLayouts(page, 'My learning with a course');

    // Start the next module's first lesson and stop halfway: the position is recorded.
    await card.getByRole('link', { name: /^Continue/ }).click();
    await page.waitForURL(/\/courses\/foundations\/lessons\/[0-9a-f-]+/);
    const lessonPath = new URL(page.url()).pathname;
    const lessonTitle = await page.getByRole('heading', { level: 1 }).textContent();
    expect(lessonTitle).toBeTruthy();
    await page.getByRole('button', { name: 'Mark as complete' }).waitFor();
    const saved = progressReport(page, (body) => typeof body.position === 'number' && (body.position as number) > 0.3);
    await scrollLessonTo(page, 0.5);
    const savedPosition = JSON.parse((await saved).request().postData()!).position as number;
    expect(savedPosition).toBeGreaterThan(0.3);
    expect(savedPosition).toBeLessThan(0.7);

    // Close the browser; sign in again in a new one.
    await first.context.close();
    const second = await newPage();
    page = second.page;
    await signIn(page, email);
    await page.goto(`${baseUrl}/learning`);
    const again = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Foundations' }) });
    const cont = again.getByRole('link', { name: /^Continue/ });
    expect(await cont.textContent()).toContain(lessonTitle!);
    await cont.click();
    await page.waitForURL((url) => url.pathname === lessonPath && url.searchParams.has('resume'));
    await page.getByText('You are back where you left off.').waitFor();
    expect(Math.abs((await readingPosition(page)) - savedPosition)).toBeLessThan(0.05);
    // Focus moved to the text at that place, so a keyboard or screen reader user carries on from there.
    expect(await page.evaluate(() => Boolean(document.activeElement?.closest('.lesson-body')))).toBe(true);
    await checkLayouts(page, 'a resumed lesson');

    // A plain link to the same lesson is not hijacked: it opens at the top.
    await page.goto(`${baseUrl}${lessonPath}`);
    expect(await page.evaluate(() => window.scrollY)).toBe(0);
  }, 240_000);
});

describe('a lesson without JavaScript', () => {
  it('is marked complete with the button (a form post), and the course page shows it completed', async () => {
    const { page } = await newPage({ javaScriptEnabled: false });
    await signInAsNewLearner(page);
    await page.goto(`${baseUrl}/courses/foundations`);
    await page.getByRole('button', { name: 'Enrol on this course' }).click();
    await page.getByRole('link', { name: 'Start the course' }).click();
    await page.waitForURL(/\/courses\/foundations\/lessons\/[0-9a-f-]+$/);
    const title = (await page.getByRole('heading', { level: 1 }).textContent())!;
    await page.getByRole('button', { name: 'Mark as complete' }).click();
    await page.getByText('You have completed this lesson.').waitFor();
    await page.goto(`${baseUrl}/courses/foundations`);
    const syllabus = (await page.getByRole('region', { name: 'Syllabus' }).textContent())!.replace(/\s+/g, ' ');
    expect(syllabus).toMatch(new RegExp(`${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(\\d+ minutes?\\) Completed`));
  });
});
