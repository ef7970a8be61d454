import type { Browser, BrowserContext, Page } from 'playwright-core';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser } from './support/browser.js';

/**
 * Care for the people who read the material (issue #13), as people meet it: an organisation
 * admin sets the safeguarding contact; a member of that organisation sees it in the support
 * panel of a sensitive lesson; a learner without an organisation sees the neutral default; a
 * learner's private reflection is in their data export and on no page a trainer (or admin) of
 * their organisation can reach.
 */

let browser: Browser;
const contexts: BrowserContext[] = [];
const baseUrl = inject('baseUrl');
const databaseUrl = inject('databaseUrl');
const PASSWORD = 'a quiet walk by the river before work';
const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

let db: pg.Client;
let organisation: { id: string; name: string };
let lessonPath: string;
let courseSlug: string;
const people: Record<'admin' | 'trainer' | 'member' | 'loner', { email: string; id: string }> = {} as never;

beforeAll(async () => {
  browser = await launchBrowser();
  db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  // A verified account for each person, through the API as registration makes them.
  for (const label of ['admin', 'trainer', 'member', 'loner'] as const) {
    const email = `${label}.${unique()}@example.org`;
    const res = await fetch(`${baseUrl}/api/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, displayName: `${label} ${unique()}`, password: PASSWORD })
    });
    expect(res.status, await res.text()).toBe(202);
    const { rows } = await db.query<{ id: string }>('UPDATE users SET email_verified_at = now() WHERE email = $1 RETURNING id', [email]);
    people[label] = { email, id: rows[0]!.id };
  }
  const name = `Safe Harbour ${unique()}`;
  const created = await db.query<{ id: string }>('INSERT INTO organisations (name, slug) VALUES ($1, $2) RETURNING id', [name, `safe-harbour-${unique()}`]);
  organisation = { id: created.rows[0]!.id, name };
  for (const [label, role] of [
    ['admin', 'org_admin'],
    ['trainer', 'trainer'],
    ['member', 'learner']
  ] as const) {
    await db.query('INSERT INTO memberships (organisation_id, user_id, role) VALUES ($1, $2, $3)', [organisation.id, people[label].id, role]);
  }
  // A sensitive lesson: one with a content note, in a public published course.
  const lesson = await db.query<{ id: string; slug: string }>(
    `SELECT l.id, c.slug FROM lessons l
       JOIN course_modules cm ON cm.module_id = l.module_id
       JOIN courses c ON c.current_version_id = cm.course_version_id
      WHERE l.content_note IS NOT NULL AND l.retired_at IS NULL AND c.visibility = 'public' AND c.status = 'published' AND c.retired_at IS NULL
      ORDER BY c.slug, l.slug LIMIT 1`
  );
  expect(lesson.rows).toHaveLength(1);
  courseSlug = lesson.rows[0]!.slug;
  lessonPath = `/courses/${courseSlug}/lessons/${lesson.rows[0]!.id}`;
});
afterEach(async () => {
  for (const context of contexts.splice(0)) await context.close();
});
afterAll(async () => {
  await db?.end();
  await browser?.close();
});

async function signedIn(label: keyof typeof people): Promise<Page> {
  const context = await browser.newContext();
  contexts.push(context);
  const page = await context.newPage();
  await page.goto(`${baseUrl}/login`);
  await page.getByRole('textbox', { name: 'Email address' }).fill(people[label].email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${baseUrl}/account`);
  return page;
}

const supportPanel = (page: Page) => page.getByRole('complementary', { name: 'Support while you learn' });
const CONTACT_EMAIL = 'safeguarding.lead@safe-harbour.example';
const REFLECTION = `Action plan ${unique()}: check our referral pathway with the safeguarding lead.`;

describe('support and safeguarding', () => {
  it('an organisation admin sets the safeguarding contact and support line', async () => {
    const page = await signedIn('admin');
    await page.goto(`${baseUrl}/organisations/${organisation.id}`);
    const form = page.locator('form', { has: page.getByRole('button', { name: 'Save support details' }) });
    await form.getByRole('textbox', { name: 'Contact name or role' }).fill('Designated safeguarding lead');
    await form.getByRole('textbox', { name: 'Contact email address' }).fill(CONTACT_EMAIL);
    await form.getByRole('textbox', { name: 'Support line web address' }).fill('http://not-secure.example');
    await form.getByRole('button', { name: 'Save support details' }).click();
    // Refused beside the field, with what was typed kept.
    await page.getByText('Support line web address must be an https:// web address').first().waitFor();
    expect(await form.getByRole('textbox', { name: 'Contact email address' }).inputValue()).toBe(CONTACT_EMAIL);

    await form.getByRole('textbox', { name: 'Support line name' }).fill('Staff support line');
    await form.getByRole('textbox', { name: 'Support line web address' }).fill('https://support.safe-harbour.example');
    await form.getByRole('textbox', { name: 'Support line opening hours' }).fill('Every day, 8:00 to 20:00');
    await form.getByRole('button', { name: 'Save support details' }).click();
    await page.getByText('The safeguarding contact and support line are saved.').waitFor();
    await page.reload();
    expect(await page.getByRole('textbox', { name: 'Contact email address' }).inputValue()).toBe(CONTACT_EMAIL);
  });

  it('a member of that organisation sees it in the support panel of a sensitive lesson, with the platform’s guidance and the quick exit', async () => {
    const page = await signedIn('member');
    await page.goto(`${baseUrl}${lessonPath}`);
    const panel = supportPanel(page);
    await panel.waitFor();
    const text = (await panel.textContent()) ?? '';
    expect(text).toContain('Guidance from HTMSE Academy, not from the publications');
    expect(text).toContain('follow your organisation’s safeguarding procedure and call the emergency services');
    expect(text).toContain(organisation.name);
    expect(text).toContain('Designated safeguarding lead');
    expect(text).toContain('Every day, 8:00 to 20:00');
    expect(await panel.getByRole('link', { name: CONTACT_EMAIL }).getAttribute('href')).toBe(`mailto:${CONTACT_EMAIL}`);
    expect(await panel.getByRole('link', { name: 'https://support.safe-harbour.example' }).count()).toBe(1);
    expect(await panel.getByRole('heading', { name: 'Support while you learn' }).count()).toBe(1);
    expect(await page.getByRole('link', { name: 'Quick exit' }).count()).toBe(1);
  });

  it('a learner without an organisation sees the neutral default, and no organisation’s contact', async () => {
    const page = await signedIn('loner');
    await page.goto(`${baseUrl}${lessonPath}`);
    const text = (await supportPanel(page).textContent()) ?? '';
    expect(text).toContain('talk to someone you trust');
    expect(text).toContain('Guidance from HTMSE Academy, not from the publications');
    expect(await page.content()).not.toContain(CONTACT_EMAIL);
  });

  it('a publication page is a sensitive page too: the support panel and the quick exit, with the courses that teach it near the top', async () => {
    const page = await signedIn('member');
    const { rows } = await db.query<{ slug: string }>(`SELECT slug FROM publications ORDER BY slug LIMIT 1`);
    await page.goto(`${baseUrl}/library/${rows[0]!.slug}`);
    expect(await supportPanel(page).textContent()).toContain(CONTACT_EMAIL);
    expect(await page.getByRole('link', { name: 'Quick exit' }).count()).toBe(1);
    const headings = await page.getByRole('heading', { level: 2 }).allTextContents();
    expect(headings.indexOf('Courses that teach it')).toBeLessThan(headings.indexOf('Summary'));
    expect(await page.getByText('The modules teach this library summary of the publication, not the full report.').count()).toBe(1);
  });
});

describe('a private reflection', () => {
  it('is saved on a lesson, with "do not record identifiable details" beside the prompt, and is in the learner’s data export', async () => {
    const page = await signedIn('member');
    await page.goto(`${baseUrl}${lessonPath}`);
    const reflection = page.getByRole('textbox', { name: 'Your reflection' });
    const describedBy = (await reflection.getAttribute('aria-describedby')) ?? '';
    expect(describedBy).toContain('reflection-care');
    expect(await page.locator('#reflection-care').textContent()).toContain('Do not record identifiable details');
    await reflection.fill(REFLECTION);
    await page.getByRole('button', { name: 'Save reflection' }).click();
    await page.getByText('Your reflection is saved. Only you can read it.').waitFor();
    await page.reload();
    expect(await page.getByRole('textbox', { name: 'Your reflection' }).inputValue()).toBe(REFLECTION);

    // "Download my data" on the account page hands over the API's export.
    await page.goto(`${baseUrl}/account`);
    const href = await page.getByRole('link', { name: /download my data/i }).getAttribute('href');
    const download = await page.request.get(`${baseUrl}${href}`);
    expect(download.status()).toBe(200);
    const exported = (await download.json()) as { reflections: { text: string }[] };
    expect(exported.reflections.map((r) => r.text)).toContain(REFLECTION);
  });

  it('appears on no page a trainer or an org admin of the learner’s organisation can reach', async () => {
    const pages = [
      `/organisations/${organisation.id}`,
      `/organisations/${organisation.id}?q=member`,
      `/organisations/${organisation.id}/courses`,
      `/organisations/${organisation.id}/audit`,
      `/organisations`,
      `/courses/${courseSlug}`,
      lessonPath,
      '/account',
      '/courses',
      '/'
    ];
    for (const label of ['trainer', 'admin'] as const) {
      const page = await signedIn(label);
      for (const path of pages) {
        const response = await page.goto(`${baseUrl}${path}`);
        expect(response?.status(), `${label} ${path}`).toBeLessThan(500);
        expect(await page.content(), `${label} ${path}`).not.toContain(REFLECTION);
      }
      // Their own reflection box on the lesson is theirs: empty.
      await page.goto(`${baseUrl}${lessonPath}`);
      expect(await page.getByRole('textbox', { name: 'Your reflection' }).inputValue()).toBe('');
      // And their own data export holds nothing of the learner's.
      const own = await page.request.get(`${baseUrl}/account/export`);
      expect(await own.text()).not.toContain(REFLECTION);
    }
  });
});
