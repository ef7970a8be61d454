import type { Browser, BrowserContext, Page } from 'playwright-core';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { axeViolations, describeViolations } from './support/axe.js';
import { launchBrowser } from './support/browser.js';
import { createLearner, signIn, type TestLearner } from './support/learners.js';

/**
 * Issue 12's acceptance line, in the real built app: an organisation admin creates a cohort,
 * imports its members from a CSV file (the row-level report, the refused rows to download; the
 * same file again adds no one, also without JavaScript), makes a trainer its trainer and assigns a
 * course with a due date; the learner sees it first on My learning; the trainer sees the matrix
 * change once the learner completes a lesson, opens the learner's timeline, downloads the progress,
 * and sends a reminder from the needs-attention queue (a second one the same day is refused, and
 * says so). Every page on the way has no axe violation (WCAG 2.2 AA) and no sideways scrolling at
 * 375 px and 1280 px.
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

let organisationId = '';
let admin: TestLearner;
let trainer: TestLearner;
let learner: TestLearner;
const stamp = Date.now().toString(36);
const COHORT = `Caseworkers ${stamp}`;

beforeAll(async () => {
  browser = await launchBrowser();
  db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  admin = await createLearner(baseUrl, db, { displayName: `Ada Admin ${stamp}` });
  trainer = await createLearner(baseUrl, db, { displayName: `Tomás Trainer ${stamp}` });
  learner = await createLearner(baseUrl, db, { displayName: `Lena Learner ${stamp}` });
  const org = await db.query<{ id: string }>('INSERT INTO organisations (name, slug) VALUES ($1, $2) RETURNING id', [
    `Harbour Outreach ${stamp}`,
    `harbour-${stamp}`
  ]);
  organisationId = org.rows[0]!.id;
  for (const [person, role] of [
    [admin, 'org_admin'],
    [trainer, 'trainer'],
    [learner, 'learner']
  ] as const) {
    await db.query('INSERT INTO memberships (organisation_id, user_id, role) VALUES ($1, $2, $3)', [organisationId, person.id, role]);
  }
});
afterEach(async () => {
  for (const context of contexts.splice(0)) await context.close().catch(() => undefined);
});
afterAll(async () => {
  await db?.end();
  await browser?.close();
});

async function newPage(options: { javaScriptEnabled?: boolean } = {}): Promise<Page> {
  const context = await browser.newContext({ viewport: WIDTHS[1], ...options });
  contexts.push(context);
  return context.newPage();
}

/** axe-clean and no sideways scrolling at both widths; answers one line per problem (checked all at the end). */
async function check(page: Page, label: string): Promise<string[]> {
  const problems: string[] = [];
  for (const size of WIDTHS) {
    await page.setViewportSize(size);
    problems.push(...describeViolations(`${label} (${page.url().replace(baseUrl, '')}) at ${size.width} px`, await axeViolations(page)));
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    if (overflow > 0) problems.push(`${label} at ${size.width} px: scrolls sideways by ${overflow} px`);
  }
  await page.setViewportSize(WIDTHS[1]!);
  return problems;
}

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
const squash = (text: string | null) => (text ?? '').replace(/\s+/g, ' ').trim();

describe('cohorts: import, assign, follow progress, remind', () => {
  it('works end to end for an organisation admin, a trainer and a learner', async () => {
    const problems: string[] = [];
    const invitee = `new.starter.${stamp}@example.org`;
    const csv = ['email,name,external_id', `${learner.email},${learner.displayName},S-001`, 'not-an-email,Bo Broken,S-002', `${invitee},Nia New,S-003`].join(
      '\r\n'
    );

    // The organisation admin: no cohort yet, then one.
    const adminPage = await newPage();
    await signIn(adminPage, baseUrl, admin);
    await adminPage.goto(`${baseUrl}/organisations/${organisationId}/cohorts`);
    await adminPage.getByText('No cohorts yet').waitFor();
    problems.push(...(await check(adminPage, 'cohorts, empty')));
    await adminPage.getByRole('textbox', { name: 'Name' }).fill(COHORT);
    await adminPage.getByRole('button', { name: 'Create the cohort' }).click();
    await adminPage.waitForURL(/\/cohorts\/[0-9a-f-]{36}\/members\?created=1$/);
    const cohortPath = new URL(adminPage.url()).pathname.replace(/\/members$/, '');
    expect(await adminPage.getByRole('heading', { level: 1 }).textContent()).toBe(COHORT);
    await adminPage.getByText('No members yet').waitFor();
    problems.push(...(await check(adminPage, 'members, empty')));

    // The CSV import: the valid rows in, the refused row reported by line, field and reason.
    await adminPage.getByRole('link', { name: 'Import members from a CSV file' }).click();
    await adminPage.waitForURL(`${baseUrl}${cohortPath}/members/import`);
    problems.push(...(await check(adminPage, 'import form')));
    await adminPage.getByRole('button', { name: 'CSV file' }).setInputFiles({ name: 'staff.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await adminPage.getByRole('button', { name: 'Import' }).click();
    await adminPage.getByRole('heading', { name: 'Import finished, with rows to correct' }).waitFor();
    const report = squash(await adminPage.getByRole('region', { name: 'Import finished, with rows to correct' }).textContent());
    expect(report).toContain('2 people added to the cohort.');
    expect(report).toContain('1 of them has no account yet');
    const errors = adminPage.getByRole('table', { name: 'Rows not imported from staff.csv' });
    const errorRow = squash(await errors.getByRole('row').nth(1).innerText());
    expect(errorRow).toMatch(/^3 Email address .+/);
    const download = adminPage.getByRole('link', { name: 'Download the rejected rows (CSV)' });
    const rejected = decodeURIComponent((await download.getAttribute('href'))!.replace(/^data:text\/csv;charset=utf-8,/, ''));
    expect(rejected).toContain('not-an-email');
    expect(rejected).not.toContain(learner.email);
    problems.push(...(await check(adminPage, 'import report')));

    // The same file again, without JavaScript (a plain multipart form post): no one is added twice.
    const noScript = await newPage({ javaScriptEnabled: false });
    await signIn(noScript, baseUrl, admin);
    await noScript.goto(`${baseUrl}${cohortPath}/members/import`);
    await noScript.getByRole('button', { name: 'CSV file' }).setInputFiles({ name: 'staff.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await noScript.getByRole('button', { name: 'Import' }).click();
    await noScript.getByText('No one new was added.').waitFor();
    await noScript.getByRole('table', { name: 'Rows not imported from staff.csv' }).waitFor();

    await adminPage.goto(`${baseUrl}${cohortPath}/members`);
    const members = squash(await adminPage.getByRole('table', { name: `Members of ${COHORT}` }).textContent());
    expect(members).toContain(learner.displayName);
    expect(members).toContain('Invited: not signed up yet');
    problems.push(...(await check(adminPage, 'members')));

    // The trainer, chosen from the organisation's trainers.
    await adminPage.getByRole('navigation', { name: 'Cohort' }).getByRole('link', { name: 'Settings' }).click();
    await adminPage.getByRole('checkbox', { name: new RegExp(trainer.displayName) }).check();
    await adminPage.getByRole('button', { name: 'Save the trainers' }).click();
    await adminPage.getByText('The cohort has 1 trainer now.').waitFor();
    problems.push(...(await check(adminPage, 'settings')));

    // A course from the catalogue, due in 5 days.
    const dueDate = inDays(5);
    await adminPage.getByRole('navigation', { name: 'Cohort' }).getByRole('link', { name: 'Courses' }).click();
    await adminPage.getByText('No course is assigned yet').waitFor();
    await adminPage.getByRole('combobox', { name: 'Course' }).selectOption({ label: 'Foundations' });
    await adminPage.getByLabel('Due date (optional)').fill(dueDate);
    await adminPage.getByRole('button', { name: 'Assign the course' }).click();
    await adminPage.getByText('Foundations is assigned to the cohort.').waitFor();
    const assigned = squash(await adminPage.getByRole('table', { name: `Courses assigned to ${COHORT}` }).textContent());
    expect(assigned).toContain('Foundations');
    problems.push(...(await check(adminPage, 'courses')));

    // The learner: the assigned course first on My learning, with its due date and cohort.
    const learnerPage = await newPage();
    await signIn(learnerPage, baseUrl, learner);
    await learnerPage.goto(`${baseUrl}/learning`);
    const assignedSection = learnerPage.getByRole('region', { name: 'Assigned to you' });
    const card = squash(await assignedSection.getByRole('listitem').filter({ hasText: 'Foundations' }).textContent());
    expect(card).toContain(`For ${COHORT}`);
    expect(card).toMatch(/Due \d{1,2} \w{3} \d{4}/);
    problems.push(...(await check(learnerPage, 'my learning with an assigned course')));

    // The trainer: the cohort's matrix, the learner not started yet.
    const trainerPage = await newPage();
    await signIn(trainerPage, baseUrl, trainer);
    await trainerPage.goto(`${baseUrl}${cohortPath}`);
    const matrix = trainerPage.getByRole('table', { name: /^Progress in Foundations/ });
    const row = () => matrix.getByRole('row').filter({ hasText: learner.displayName });
    expect(squash(await row().textContent())).toContain('Not started');
    problems.push(...(await check(trainerPage, 'progress matrix')));

    // The learner completes the first lesson.
    await learnerPage.goto(`${baseUrl}/courses/foundations`);
    await learnerPage
      .getByRole('link', { name: /^(Start the course|Continue)/ })
      .first()
      .click();
    await learnerPage.waitForURL(/\/courses\/foundations\/lessons\/[0-9a-f-]+/);
    await learnerPage.getByRole('button', { name: 'Mark as complete' }).click();
    await learnerPage.getByText('You have completed this lesson.').waitFor();

    // The trainer sees it: in progress, the first module no longer "not started".
    await trainerPage.reload();
    // The status column and the first module's cell both say so.
    const after = squash(await row().textContent());
    expect(after.match(/In progress/g)?.length ?? 0).toBeGreaterThanOrEqual(2);

    // The progress as a CSV file, and the learner's timeline.
    const csvLink = trainerPage.getByRole('link', { name: /^CSV/ });
    const exported = await trainerPage.request.get(`${baseUrl}${(await csvLink.getAttribute('href'))!}`);
    expect(exported.status()).toBe(200);
    expect(await exported.text()).toContain(learner.email);
    await row().getByRole('link', { name: learner.displayName }).click();
    await trainerPage.waitForURL(new RegExp(`${cohortPath}/members/${learner.id}`));
    await trainerPage.getByRole('list', { name: 'Learning events, newest first' }).waitFor();
    await trainerPage.getByRole('heading', { level: 2, name: learner.displayName, exact: true }).waitFor();
    problems.push(...(await check(trainerPage, 'timeline')));

    // Needs attention: the learner is due within 7 days; one click sends a reminder, a second is refused today.
    await trainerPage.goto(`${baseUrl}/trainer`);
    const item = trainerPage.getByRole('listitem').filter({ has: trainerPage.getByRole('heading', { name: learner.displayName }) });
    expect(squash(await item.textContent())).toMatch(/Due within 7 days|Overdue/);
    problems.push(...(await check(trainerPage, 'needs attention')));
    await item.getByRole('button', { name: `Send reminder to ${learner.displayName}` }).click();
    await item.getByText(`Reminder on its way to ${learner.displayName}`).waitFor();
    await item.getByRole('button', { name: `Send reminder to ${learner.displayName}` }).click();
    await item.getByText(`${learner.displayName} has already been sent a reminder today.`).waitFor();
    problems.push(...(await check(trainerPage, 'needs attention, reminder refused')));

    // The organisation admin's list now shows the cohort with its members.
    await adminPage.goto(`${baseUrl}/organisations/${organisationId}/cohorts`);
    const list = squash(await adminPage.getByRole('table', { name: /^Cohorts of/ }).textContent());
    expect(list).toContain(COHORT);
    problems.push(...(await check(adminPage, 'cohorts')));
    await adminPage.goto(`${baseUrl}${cohortPath}/item-analysis`);
    await adminPage.getByRole('heading', { level: 2, name: 'Questions learners get wrong' }).waitFor();
    problems.push(...(await check(adminPage, 'item analysis')));

    expect(problems, problems.join('\n')).toEqual([]);
  }, 300_000);

  it('keeps a trainer to their own cohorts, and a learner out', async () => {
    const { rows } = await db.query<{ id: string }>('SELECT id FROM cohorts WHERE organisation_id = $1 LIMIT 1', [organisationId]);
    const other = await db.query<{ id: string }>(`INSERT INTO cohorts (organisation_id, name, created_by) VALUES ($1, $2, $3) RETURNING id`, [
      organisationId,
      `Not yours ${stamp}`,
      admin.id
    ]);
    const page = await newPage();
    await signIn(page, baseUrl, trainer);
    expect((await page.goto(`${baseUrl}/cohorts/${other.rows[0]!.id}`))?.status()).toBe(404);
    if (rows[0]) expect((await page.goto(`${baseUrl}/cohorts/${rows[0].id}`))?.status()).toBe(200);
    const learnerPage = await newPage();
    await signIn(learnerPage, baseUrl, learner);
    expect((await learnerPage.goto(`${baseUrl}/organisations/${organisationId}/cohorts`))?.status()).toBe(403);
  });

  it('lets a trainer publish a course to its assigned cohorts only; a member outside them does not see it', async () => {
    const title = `Night shift ${stamp}`;
    const page = await newPage();
    await signIn(page, baseUrl, trainer);
    await page.goto(`${baseUrl}/organisations/${organisationId}/courses`);
    const who = () => page.getByRole('group', { name: 'Who can see this course' });
    expect(
      await who()
        .getByRole('radio', { name: /^Everyone in Harbour Outreach/ })
        .isChecked()
    ).toBe(true);
    await page.getByRole('textbox', { name: 'Title' }).fill(title);
    await page.getByRole('combobox', { name: 'Module to add' }).selectOption({ index: 1 });
    await page.getByRole('button', { name: 'Add module' }).click();
    await page.getByRole('button', { name: /^Remove / }).waitFor();
    await who().getByRole('radio', { name: 'Only cohorts it is assigned to' }).check();
    const problems = await check(page, 'course form with the choice of who sees it');
    await page.getByRole('button', { name: 'Create course' }).click();
    await page.waitForURL(/\/courses\/[a-z0-9-]+\?created=1$/);
    expect(await who().getByRole('radio', { name: 'Only cohorts it is assigned to' }).isChecked()).toBe(true);
    await page.getByText('Assign it to a cohort so that its members can see it.').waitFor();

    const learnerPage = await newPage();
    await signIn(learnerPage, baseUrl, learner);
    for (const path of [`/organisations/${organisationId}/courses`, '/courses']) {
      expect((await learnerPage.goto(`${baseUrl}${path}`))?.status()).toBe(200);
      expect(squash(await learnerPage.getByRole('main').textContent())).not.toContain(title);
    }
    // The trainer's own list names it, with whom it is for.
    await page.goto(`${baseUrl}/organisations/${organisationId}/courses`);
    expect(squash(await page.getByRole('listitem').filter({ hasText: title }).textContent())).toContain('only cohorts it is assigned to');
    expect(problems, problems.join('\n')).toEqual([]);
  });
});
