import pg from 'pg';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { axeViolations, describeViolations } from './support/axe.js';
import { launchBrowser } from './support/browser.js';
import { createLearner, LEARNER_PASSWORD, signIn, type TestLearner } from './support/learners.js';

/**
 * Issue 11 in the real built app (API, worker on Redis, web): a learner completes a course and
 * sees the certificate appear once the worker has issued it, downloads the PDF, and anyone can
 * open its verification page and see it valid; the organisation's admin revokes it (a reason,
 * a confirm step), the admin list shows it revoked at once, and so does the public page. The
 * new pages pass axe (WCAG 2.2 AA) at 375 px and 1280 px, and the verification page works
 * without JavaScript, an unknown code answering 404.
 *
 * The course: one module of one lesson and no quiz (written through the authoring API), in a
 * public course and in the organisation's tailored course, so that one "Mark as complete"
 * completes it and the certificate belongs to the organisation.
 */

let browser: Browser;
let db: pg.Client;
const contexts: BrowserContext[] = [];
const baseUrl = inject('baseUrl');
const databaseUrl = inject('databaseUrl');
const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

const WIDTHS = [
  { width: 375, height: 667 },
  { width: 1280, height: 800 }
];

let organisationId = '';
let orgName = '';
let tailoredSlug = '';
let learner: TestLearner;
let orgAdmin: TestLearner;
let author: TestLearner;

/** An API call with a Bearer token (as API clients call it), failing loudly. */
async function api<T>(token: string, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body)
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

async function tokenFor(email: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: LEARNER_PASSWORD, tokenDelivery: 'body' })
  });
  if (!res.ok) throw new Error(`signing in ${email}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { accessToken: string }).accessToken;
}

beforeAll(async () => {
  browser = await launchBrowser();
  db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();

  // A platform admin writes a one-lesson module and a public course holding it.
  author = await createLearner(baseUrl, db, { displayName: 'Ada Author' });
  await db.query('UPDATE users SET is_platform_admin = true WHERE id = $1', [author.id]);
  const authorToken = await tokenFor(author.email);
  const publication = await db.query<{ slug: string }>('SELECT slug FROM publications ORDER BY slug LIMIT 1');
  const moduleSlug = `cert-check-${unique()}`;
  await api(authorToken, 'POST', '/api/authoring/modules', {
    slug: moduleSlug,
    publicationSlug: publication.rows[0]!.slug,
    title: 'Recognising indicators',
    summary: 'A short module for the certificate check.'
  });
  await api(authorToken, 'POST', `/api/authoring/modules/${moduleSlug}/lessons`, {
    slug: 'indicators',
    title: 'Indicators of exploitation',
    estimatedMinutes: 2,
    bodyMarkdown: 'Indicators are signs that someone may be exploited. No single sign proves it.'
  });
  const publicSlug = `cert-public-${unique()}`;
  await api(authorToken, 'POST', '/api/authoring/courses', { slug: publicSlug, title: 'Indicators (public)', moduleSlugs: [moduleSlug], passMark: 70 });
  await api(authorToken, 'POST', `/api/authoring/courses/${publicSlug}/publish`);

  // An organisation with an admin and a learner; its admin tailors a course from the module.
  orgName = `Harbour Outreach ${unique()}`;
  orgAdmin = await createLearner(baseUrl, db, { displayName: 'Olu Orgadmin', organisation: orgName });
  await db.query(`UPDATE memberships SET role = 'org_admin' WHERE user_id = $1`, [orgAdmin.id]);
  organisationId = (await db.query<{ organisation_id: string }>('SELECT organisation_id FROM memberships WHERE user_id = $1', [orgAdmin.id])).rows[0]!
    .organisation_id;
  learner = await createLearner(baseUrl, db, { displayName: 'Zoë Ødegård-Nguyễn' });
  await db.query(`INSERT INTO memberships (organisation_id, user_id, role) VALUES ($1, $2, 'learner')`, [organisationId, learner.id]);
  const tailored = await api<{ slug: string }>(await tokenFor(orgAdmin.email), 'POST', `/api/organisations/${organisationId}/courses`, {
    title: 'Recognising exploitation: Harbour Outreach',
    moduleSlugs: [moduleSlug],
    passMark: 70
  });
  tailoredSlug = tailored.slug;
}, 120_000);
afterEach(async () => {
  for (const context of contexts.splice(0)) await context.close().catch(() => undefined);
});
afterAll(async () => {
  await db?.end();
  await browser?.close();
});

async function newPage(options: { javaScriptEnabled?: boolean } = {}): Promise<Page> {
  const context = await browser.newContext({ viewport: WIDTHS[1], acceptDownloads: true, ...options });
  // A step that cannot happen fails with its locator, not with the test's timeout.
  context.setDefaultTimeout(30_000);
  contexts.push(context);
  return context.newPage();
}

/** The page as it is now at both widths: axe violations and sideways scrolling, one line each. */
async function check(page: Page, label: string): Promise<string[]> {
  const problems: string[] = [];
  for (const size of WIDTHS) {
    await page.setViewportSize(size);
    problems.push(...describeViolations(`${label} at ${size.width} px`, await axeViolations(page)));
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    if (overflow > 0) problems.push(`${label} at ${size.width} px: scrolls sideways by ${overflow} px`);
  }
  await page.setViewportSize(WIDTHS[1]!);
  return problems;
}

/** Reloads `path` until `ready` says the page shows what the worker was to produce. */
async function reloadUntil(page: Page, path: string, ready: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await page.goto(`${baseUrl}${path}`);
    if (await ready()) return;
    if (Date.now() > deadline) throw new Error(`${path} did not show it within ${timeoutMs / 1000} s:\n${await page.locator('main').innerText()}`);
    await page.waitForTimeout(500);
  }
}

/** Enrols the signed-in learner on the tailored course and completes its one lesson. */
async function completeTheCourse(page: Page): Promise<void> {
  await page.goto(`${baseUrl}/courses/${tailoredSlug}`);
  await page.getByRole('button', { name: 'Enrol on this course' }).click();
  await page.getByRole('link', { name: 'Start the course' }).click();
  await page.waitForURL(/\/lessons\/[0-9a-f-]+$/);
  // The lesson is short: its end is on screen at once, so the reading tracker may complete it
  // before the button is pressed; either way it ends completed.
  const done = page.getByText('You have completed this lesson.');
  await page.getByRole('button', { name: 'Mark as complete' }).or(done).first().waitFor();
  if ((await done.count()) === 0)
    await page
      .getByRole('button', { name: 'Mark as complete' })
      .click({ timeout: 5_000 })
      .catch(() => undefined);
  await done.waitFor();
}

describe('certificates', () => {
  it('are issued on completion, downloaded, verified by anyone, and revoked by the organisation’s admin', async () => {
    const problems: string[] = [];

    // The learner has none yet: the certificates page says what will happen.
    const page = await newPage();
    await signIn(page, baseUrl, learner);
    await page.goto(`${baseUrl}/learning/certificates`);
    await page.getByText('You have no certificates yet').waitFor();
    problems.push(...(await check(page, 'my certificates, empty')));

    // Enrol on the tailored course and complete its one lesson.
    await completeTheCourse(page);

    // My learning: the course is completed; its certificate comes from the worker, a moment later.
    const card = () => page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Recognising exploitation: Harbour Outreach' }) });
    await page.goto(`${baseUrl}/learning`);
    await card().getByText('Completed', { exact: true }).waitFor();
    await reloadUntil(
      page,
      '/learning',
      async () =>
        (await card()
          .getByRole('link', { name: /download it \(PDF\)/ })
          .count()) > 0
    );
    problems.push(...(await check(page, 'my learning with a certificate')));

    // The certificates page lists it, valid, with both downloads and the verification link.
    await page.goto(`${baseUrl}/learning/certificates`);
    const item = page.locator('.certificate').first();
    const itemText = (await item.innerText()).replace(/\s+/g, ' ');
    expect(itemText).toContain('Recognising exploitation: Harbour Outreach');
    expect(itemText).toMatch(/Valid (until \d+ \w+ \d{4}|and does not expire)/);
    const code = /HTM-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}/.exec(itemText)?.[0];
    expect(code).toBeTruthy();
    const verifyHref = await item.locator('.copy-link__url').getAttribute('href');
    expect(verifyHref).toMatch(new RegExp(`/verify/${code}$`));
    // With JavaScript (and a clipboard: localhost is a secure context), the copy button is there.
    await item.getByRole('button', { name: /^Copy link/ }).waitFor();
    problems.push(...(await check(page, 'my certificates')));

    // The PDF download is a PDF.
    const [download] = await Promise.all([page.waitForEvent('download'), item.getByRole('link', { name: /Download the certificate \(PDF\)/ }).click()]);
    const stream = await download.createReadStream();
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    const pdf = Buffer.concat(chunks);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.length).toBeGreaterThan(1000);
    expect(download.suggestedFilename()).toMatch(/\.pdf$/);

    // The digital credential is a VC-JWT signed with EdDSA.
    const [credential] = await Promise.all([page.waitForEvent('download'), item.getByRole('link', { name: /Download the digital credential/ }).click()]);
    const jwtChunks: Buffer[] = [];
    for await (const chunk of await credential.createReadStream()) jwtChunks.push(chunk as Buffer);
    const jwt = Buffer.concat(jwtChunks).toString('utf8').trim();
    expect(jwt.split('.')).toHaveLength(3);
    expect(JSON.parse(Buffer.from(jwt.split('.')[0]!, 'base64url').toString('utf8'))).toMatchObject({ alg: 'EdDSA', typ: 'vc+jwt' });
    expect(credential.suggestedFilename()).toMatch(/\.jwt$/);

    // Nobody else gets the file: another learner 404, someone signed out is asked to sign in.
    const pdfPath = await item.getByRole('link', { name: /Download the certificate \(PDF\)/ }).getAttribute('href');
    expect(pdfPath).toMatch(/^\/certificates\/[0-9a-f-]{36}\/pdf$/);
    const stranger = await newPage();
    await signIn(stranger, baseUrl, await createLearner(baseUrl, db));
    expect((await stranger.request.get(`${baseUrl}${pdfPath}`, { maxRedirects: 0 })).status()).toBe(404);
    const signedOut = await fetch(`${baseUrl}${pdfPath}`, { redirect: 'manual' });
    expect(signedOut.status).toBe(303);
    expect(signedOut.headers.get('location')).toContain('/login');

    // Anyone, signed out and without JavaScript, sees it valid on the verification page.
    const visitor = await newPage({ javaScriptEnabled: false });
    const verifyPath = new URL(verifyHref!).pathname;
    const first = await visitor.goto(`${baseUrl}${verifyPath}`);
    expect(first?.status()).toBe(200);
    expect(first?.headers()['cache-control']).toContain('no-store');
    await visitor.getByRole('heading', { name: 'Valid certificate' }).waitFor();
    const facts = (await visitor.locator('main').innerText()).replace(/\s+/g, ' ');
    expect(facts).toContain('Zoë Ødegård-Nguyễn');
    expect(facts).toContain('Recognising exploitation: Harbour Outreach');
    expect(facts).not.toContain(learner.email);
    // axe runs script in the page: the same pages are checked in a signed-out window with JavaScript.
    const anonymous = await newPage();
    await anonymous.goto(`${baseUrl}${verifyPath}`);
    problems.push(...(await check(anonymous, 'verification, valid')));

    // The typed code, in lower case with spaces, finds the same certificate; a wrong one is a 404.
    await visitor.goto(`${baseUrl}/verify`);
    await visitor.getByRole('textbox', { name: 'Certificate code' }).fill(` ${code!.toLowerCase().replace(/-/g, ' ')} `);
    await visitor.getByRole('button', { name: 'Check the certificate' }).click();
    await visitor.waitForURL(`${baseUrl}/verify/${code}`);
    await visitor.getByRole('heading', { name: 'Valid certificate' }).waitFor();
    const unknown = await visitor.goto(`${baseUrl}/verify/HTM-0000-0000-0000`);
    expect(unknown?.status()).toBe(404);
    await visitor.getByRole('heading', { level: 1, name: 'Certificate not found' }).waitFor();
    await anonymous.goto(`${baseUrl}/verify/HTM-0000-0000-0000`);
    problems.push(...(await check(anonymous, 'verification, not found')));

    // The organisation's admin revokes it: Revoke… opens the confirm step; a reason is required.
    const admin = await newPage();
    await signIn(admin, baseUrl, orgAdmin);
    await admin.goto(`${baseUrl}/organisations/${organisationId}`);
    await admin.getByRole('link', { name: 'Certificates', exact: true }).click();
    await admin.waitForURL(`${baseUrl}/organisations/${organisationId}/certificates`);
    const row = admin.locator('.admin-certificate').filter({ hasText: code! });
    expect((await row.innerText()).replace(/\s+/g, ' ')).toContain('Zoë Ødegård-Nguyễn: Recognising exploitation: Harbour Outreach');
    problems.push(...(await check(admin, 'organisation certificates')));
    await row.getByRole('link', { name: /^Revoke…/ }).click();
    await admin.getByRole('heading', { name: 'Revoke this certificate?' }).waitFor();
    problems.push(...(await check(admin, 'revoke confirm step')));
    // Keyboard only: the reason, then the button.
    const reason = admin.getByRole('textbox', { name: /Reason for revoking/ });
    await reason.focus();
    await admin.keyboard.type('Issued in error: the completion was recorded for the wrong person.');
    await admin.keyboard.press('Tab');
    expect(await admin.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Revoke the certificate');
    await admin.keyboard.press('Enter');
    await admin.getByText(/is revoked\. Its verification page shows it as revoked from now on\./).waitFor();
    expect((await row.innerText()).replace(/\s+/g, ' ')).toMatch(/Status Revoked on \d+ \w+ \d{4}/);
    expect(await row.getByRole('link', { name: /^Revoke…/ }).count()).toBe(0);

    // The public page says so at once, unmistakably, with the date.
    const after = await visitor.goto(`${baseUrl}${verifyPath}`);
    expect(after?.status()).toBe(200);
    await visitor.getByRole('heading', { name: 'Revoked: this certificate is no longer valid' }).waitFor();
    expect((await visitor.locator('main').innerText()).replace(/\s+/g, ' ')).toMatch(/It was revoked on \d+ \w+ \d{4}\./);
    expect(await visitor.getByText('Valid certificate').count()).toBe(0);
    await anonymous.goto(`${baseUrl}${verifyPath}`);
    problems.push(...(await check(anonymous, 'verification, revoked')));

    // The learner's list shows it revoked too.
    await page.goto(`${baseUrl}/learning/certificates`);
    expect((await page.locator('.certificate').first().innerText()).replace(/\s+/g, ' ')).toMatch(/Revoked on \d+ \w+ \d{4}/);

    expect(problems, problems.join('\n')).toEqual([]);
  }, 240_000);

  it('are re-issued in bulk by a platform admin, with progress, from the admin area', async () => {
    // Another member completes the course and gets a certificate.
    const second = await createLearner(baseUrl, db, { displayName: 'Sam Second' });
    await db.query(`INSERT INTO memberships (organisation_id, user_id, role) VALUES ($1, $2, 'learner')`, [organisationId, second.id]);
    const page = await newPage();
    await signIn(page, baseUrl, second);
    await completeTheCourse(page);
    await reloadUntil(page, '/learning/certificates', async () => (await page.locator('.certificate').count()) > 0);
    const before = /HTM-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}/.exec(await page.locator('.certificate').first().innerText())![0];

    // The platform admin finds the organisation, and re-issues its certificates with a reason.
    const admin = await newPage();
    await signIn(admin, baseUrl, author);
    await admin.goto(`${baseUrl}/admin/certificates`);
    expect(await admin.getByRole('link', { name: 'Queue dashboard' }).getAttribute('href')).toBe('/admin/queues');
    await admin.getByRole('textbox', { name: 'Organisation name' }).fill(orgName);
    await admin.getByRole('button', { name: 'Search' }).click();
    await admin.getByRole('link', { name: orgName }).click();
    await admin.getByRole('heading', { level: 1, name: `Certificates: ${orgName}` }).waitFor();
    await admin.locator('.admin-certificate').filter({ hasText: before }).waitFor();
    const problems = await check(admin, 'admin certificates of an organisation');
    await admin.getByRole('textbox', { name: /Reason for re-issuing/ }).fill('Names corrected after a data fix');
    await admin.getByRole('button', { name: /^Re-issue the certificates of/ }).click();
    await admin.waitForURL(/\/admin\/certificates\/batches\/[0-9a-f-]{36}$/);
    // The page asks again by itself while the batch runs, until it says it has finished.
    await admin.getByText(/^Finished: \d+ of \d+ certificates? issued/).waitFor({ timeout: 60_000 });
    expect(await admin.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('100');
    problems.push(...(await check(admin, 'a finished re-issue')));

    // The member's certificate was replaced: a new code; the old one now verifies as revoked.
    await reloadUntil(page, '/learning/certificates', async () => !(await page.locator('.certificate').first().innerText()).includes(before));
    const old = await page.goto(`${baseUrl}/verify/${before}`);
    expect(old?.status()).toBe(200);
    await page.getByRole('heading', { name: 'Revoked: this certificate is no longer valid' }).waitFor();
    expect(problems, problems.join('\n')).toEqual([]);
  }, 180_000);

  it('serves the public keys at the well-known address', async () => {
    // The well-known address answers exactly what the API's own route answers.
    const [wellKnown, direct] = await Promise.all([fetch(`${baseUrl}/.well-known/jwks.json`), fetch(`${baseUrl}/api/credentials/jwks.json`)]);
    expect(wellKnown.status).toBe(direct.status);
    const [wellKnownBody, directBody] = [await wellKnown.text(), await direct.text()];
    expect(wellKnownBody.replace(/"requestId":"[^"]*"/, '')).toBe(directBody.replace(/"requestId":"[^"]*"/, ''));
    if (wellKnown.status === 200) {
      expect(wellKnown.headers.get('access-control-allow-origin')).toBe('*');
      expect((JSON.parse(wellKnownBody) as { keys: Array<{ kty: string; crv: string }> }).keys[0]).toMatchObject({ kty: 'OKP', crv: 'Ed25519' });
    }
  });
});
