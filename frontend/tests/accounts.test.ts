import type { Browser, BrowserContext, Page } from 'playwright-core';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser } from './support/browser.js';

/**
 * Accounts end to end, as a person does it: register, read the "email" at /dev/mail, confirm,
 * sign in, sign out; plus the wrong-password answer and registering without JavaScript.
 */

let browser: Browser;
const contexts: BrowserContext[] = [];
const baseUrl = inject('baseUrl');

const PASSWORD = 'a long walk along the canal at dawn';

beforeAll(async () => {
  browser = await launchBrowser();
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

function uniqueEmail(label: string): string {
  return `${label}.${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}@example.org`;
}

const heading = (page: Page) => page.getByRole('heading', { level: 1 }).textContent();
const accountNav = (page: Page) => page.getByRole('navigation', { name: 'Account' });

async function fillRegistration(page: Page, email: string, displayName: string) {
  await page.getByRole('textbox', { name: 'Email address' }).fill(email);
  await page.getByRole('textbox', { name: 'Display name' }).fill(displayName);
  await page.getByLabel('Password').fill(PASSWORD);
}

/**
 * The confirmation link from the newest mail to `email`, read from /dev/mail. Mail goes out from
 * the worker, so it may take a moment to appear.
 */
async function confirmationLink(page: Page, email: string): Promise<string> {
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

/**
 * Mail links use PUBLIC_ORIGIN (http://localhost:<port>) while the tests browse 127.0.0.1:<port>;
 * the cookies of one are not sent to the other, so the link is followed on the tests' origin.
 */
function onTestOrigin(href: string): string {
  const url = new URL(href);
  return `${baseUrl}${url.pathname}${url.search}`;
}

describe('accounts', () => {
  it('registers, confirms the address from the mail, signs in, sees the account and signs out', async () => {
    const page = await newPage();
    const email = uniqueEmail('ana');
    const name = `Ana Silva ${email.slice(4, 10)}`;

    await page.goto(`${baseUrl}/register`);
    expect(await heading(page)).toBe('Create an account');
    expect(await page.getByText('At least 12 characters. A long phrase is easiest to remember.').count()).toBe(1);
    await fillRegistration(page, email, name);
    await page.getByRole('button', { name: 'Create account' }).click();

    await page.waitForURL(`${baseUrl}/register/check-email`);
    expect(await heading(page)).toBe('Check your email');
    expect(await page.getByRole('main').textContent()).toContain('expires in 24 hours');
    await page.getByRole('link', { name: 'read the messages the app sent' }).click();
    await page.waitForURL(`${baseUrl}/dev/mail`);
    expect(await heading(page)).toBe('Sent emails');

    const link = await confirmationLink(page, email);
    await page.goto(onTestOrigin(link));
    expect(await heading(page)).toBe('Confirm your email address');
    await page.getByRole('button', { name: 'Confirm my email address' }).click();
    await page.getByText('Your email address is confirmed.').waitFor();

    await page.getByRole('main').getByRole('link', { name: 'Sign in' }).click();
    await page.waitForURL(`${baseUrl}/login`);
    await page.getByRole('textbox', { name: 'Email address' }).fill(email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();

    await page.waitForURL(`${baseUrl}/account`);
    expect(await heading(page)).toBe('Your account');
    expect(await accountNav(page).textContent()).toContain(name);
    expect(await page.getByRole('textbox', { name: 'Display name' }).inputValue()).toBe(name);
    expect(await accountNav(page).getByRole('link', { name: 'Sign in' }).count()).toBe(0);
    // The API's device cookie came through the sign-in form to the browser (sign-in limits).
    const deviceCookie = async () => (await page.context().cookies(baseUrl)).find((c) => c.name === 'htmse_device');
    const device = await deviceCookie();
    expect(device).toMatchObject({ value: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/), httpOnly: true, sameSite: 'Lax', path: '/' });

    // Sign out is in the Account menu (a popover button in the header at this width).
    await accountNav(page).getByRole('button', { name: 'Account' }).click();
    await accountNav(page).getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(`${baseUrl}/`);
    // Signing out keeps it: the browser stays known to the account.
    expect((await deviceCookie())?.value).toBe(device!.value);
    expect(await page.getByText('You have signed out.').count()).toBe(1);
    expect(await accountNav(page).getByRole('link', { name: 'Sign in' }).count()).toBe(1);
    expect(await accountNav(page).getByRole('button', { name: 'Sign out' }).count()).toBe(0);
    expect(await page.getByRole('banner').textContent()).not.toContain(name);

    // Signed out for real: the account page sends us to sign in, and back afterwards.
    await page.goto(`${baseUrl}/account`);
    await page.waitForURL(`${baseUrl}/login?next=%2Faccount`);
  });

  it('says so when the password is wrong, and moves focus to the error summary', async () => {
    const page = await newPage();
    await page.goto(`${baseUrl}/login`);
    await page.getByRole('textbox', { name: 'Email address' }).fill(uniqueEmail('nobody'));
    await page.getByLabel('Password').fill('not the right password');
    await page.getByRole('button', { name: 'Sign in' }).click();

    const summary = page.getByRole('alert').filter({ hasText: 'There is a problem' });
    await summary.waitFor();
    expect(await summary.textContent()).toContain('Email or password is incorrect');
    const focused = await page.evaluate(() => {
      const active = document.activeElement;
      return { summary: active?.hasAttribute('data-error-summary') ?? false, id: active?.id ?? '' };
    });
    expect(focused.summary || focused.id === 'email').toBe(true);
    // The password is never put back into the form.
    expect(await page.getByLabel('Password').inputValue()).toBe('');
    expect(await page.title()).toMatch(/^Error: Sign in/);
  });

  it('registers with JavaScript disabled, and then asks to confirm the address before signing in', async () => {
    const page = await newPage({ javaScriptEnabled: false });
    const email = uniqueEmail('nojs');

    await page.goto(`${baseUrl}/register`);
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForLoadState();
    // Server-rendered errors: a summary linking to each field, and the message under each field.
    const summary = page.getByRole('alert').filter({ hasText: 'There is a problem' });
    expect(await summary.getByRole('link', { name: 'Enter your email address' }).getAttribute('href')).toBe('#email');
    expect(await page.getByRole('textbox', { name: 'Email address' }).getAttribute('aria-invalid')).toBe('true');

    await fillRegistration(page, email, 'Bo Chen');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForURL(`${baseUrl}/register/check-email`);
    expect(await heading(page)).toBe('Check your email');

    // Signing in before confirming: the right password gets "confirm first" and a new link.
    await page.goto(`${baseUrl}/login`);
    await page.getByRole('textbox', { name: 'Email address' }).fill(email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForLoadState();
    expect(await page.getByRole('main').textContent()).toContain('Confirm your email address first');
    await page.getByRole('button', { name: 'Send a new confirmation link' }).click();
    await page.waitForURL(`${baseUrl}/verify-email?/resend`);
    expect(await page.getByRole('main').textContent()).toContain('we sent a new link');
  });

  // Each of these normalises to "//evil.example", which a browser reads as another host.
  const OPEN_REDIRECT_PROBES = ['/.//evil.example', '/%2e//evil.example', '/a/..//evil.example', '/..//evil.example', '/account/..//evil.example'];

  it('never sends someone off this site after signing in, whatever ?next= says', async () => {
    const email = uniqueEmail('redirect');
    const registered = await fetch(`${baseUrl}/api/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, displayName: 'Rae Dunn', password: PASSWORD })
    });
    expect(registered.status).toBe(202);
    // The confirmation mail is covered above; here the address is confirmed directly.
    const db = new pg.Client({ connectionString: inject('databaseUrl') });
    await db.connect();
    try {
      const confirmed = await db.query('UPDATE users SET email_verified_at = now() WHERE email = $1', [email]);
      expect(confirmed.rowCount).toBe(1);
    } finally {
      await db.end();
    }

    // Signed out: the form carries ?next= into the POST's redirect.
    const page = await newPage();
    await page.goto(`${baseUrl}/login?next=${encodeURIComponent(OPEN_REDIRECT_PROBES[0]!)}`);
    await page.getByRole('textbox', { name: 'Email address' }).fill(email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${baseUrl}/account`);

    // Signed in: /login answers 303 at once, and never to another host.
    for (const probe of OPEN_REDIRECT_PROBES) {
      const response = await page.request.get(`${baseUrl}/login?next=${encodeURIComponent(probe)}`, { maxRedirects: 0 });
      expect(response.status(), probe).toBe(303);
      const location = response.headers()['location'] ?? '';
      expect(location.startsWith('//'), `${probe} -> ${location}`).toBe(false);
      expect(new URL(location, baseUrl).origin, `${probe} -> ${location}`).toBe(baseUrl);
    }
  });

  it('fits a 375 px phone on the account pages', async () => {
    const page = await newPage();
    await page.setViewportSize({ width: 375, height: 740 });
    for (const path of ['/register', '/register/check-email', '/login', '/forgot-password', '/verify-email', '/dev/mail']) {
      await page.goto(`${baseUrl}${path}`);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, path).toBeLessThanOrEqual(0);
      expect(await page.getByRole('heading', { level: 1 }).count(), path).toBe(1);
    }
  });
});
