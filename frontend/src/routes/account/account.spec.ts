import { beforeEach, describe, expect, it, vi } from 'vitest';
import { apiFail, apiOk, apiValidation, fakeApi, fakeEvent, thrown, user } from '#lib/event-test-helpers.js';
import { headingsInOrder, renderHtml, textOf } from '#lib/test-helpers.js';

const api = vi.hoisted(() => ({ client: null as unknown as ReturnType<typeof fakeApi>, createApiClient: vi.fn() }));
vi.mock('#lib/server/api.js', () => ({ createApiClient: api.createApiClient }));

const { actions, load } = await import('./+page.server');
const { GET: exportData } = await import('./export/+server');
const { default: AccountPage } = await import('./+page.svelte');

type Run = (event: never) => Promise<unknown>;
const run = (fn: unknown) => fn as Run;
const SESSION = { htmse_access: 'access-token-1', htmse_refresh: 'refresh-1', htmse_csrf: 'c' };
const post = (form: Record<string, string>) => fakeEvent({ url: '/account?/x', form, user, cookies: SESSION });

beforeEach(() => {
  api.client = fakeApi();
  api.createApiClient.mockReset().mockReturnValue(api.client);
});

describe('account load', () => {
  it('sends someone signed out to sign in and come back', async () => {
    expect(await thrown(() => load(fakeEvent({ url: '/account' }) as never))).toMatchObject({
      status: 303,
      location: '/login?next=%2Faccount'
    });
  });

  it('gives the page the profile and the email settings', async () => {
    api.client.GET.mockResolvedValue(apiOk({ dueDateReminders: false, weeklyDigest: true }));
    expect(await load(fakeEvent({ url: '/account', user }) as never)).toEqual({
      account: { displayName: 'Ana Silva', email: 'ana.silva@example.org', emailVerified: true },
      notifications: { dueDateReminders: false, weeklyDigest: true },
      trains: false
    });
    expect(api.client.GET).toHaveBeenCalledWith('/api/me/notification-settings');
  });

  it('shows the email settings as their defaults (on) when they cannot be read, and offers the digest to trainers', async () => {
    api.client.GET.mockResolvedValue(apiFail(503, 'SERVICE_UNAVAILABLE', 'down'));
    const trainer = { ...user, memberships: [{ organisationId: 'o1', organisationName: 'Harbour', role: 'trainer' as const }] };
    expect(await load(fakeEvent({ url: '/account', user: trainer }) as never)).toMatchObject({
      notifications: { dueDateReminders: true, weeklyDigest: true },
      trains: true
    });
  });
});

describe('account actions', () => {
  it('saves the email settings: a learner form leaves the digest for trainers alone', async () => {
    api.client.PATCH.mockResolvedValue(apiOk({ dueDateReminders: false, weeklyDigest: true }));
    expect(await run(actions.notifications)(post({}) as never)).toEqual({ form: 'notifications', success: 'Your email settings are saved.' });
    expect(api.client.PATCH).toHaveBeenCalledWith('/api/me/notification-settings', { body: { dueDateReminders: false } });
  });

  it('saves the display name', async () => {
    api.client.PATCH.mockResolvedValue(apiOk({}));
    expect(await run(actions.profile)(post({ displayName: ' Ana S. ' }) as never)).toEqual({
      form: 'profile',
      success: 'Your display name has been saved.'
    });
    expect(api.client.PATCH).toHaveBeenCalledWith('/api/me', { body: { displayName: 'Ana S.' } });
  });

  it('changes the password, saying the other sessions ended; maps a wrong current password', async () => {
    api.client.POST.mockResolvedValue(apiOk(undefined, 204));
    const ok = await run(actions.password)(post({ currentPassword: 'old one', newPassword: 'a brand new passphrase' }) as never);
    expect(ok).toMatchObject({ form: 'password', success: expect.stringContaining('signed out everywhere else') });

    api.client.POST.mockResolvedValue(apiValidation({ currentPassword: ['currentPassword is incorrect'] }));
    const bad = await run(actions.password)(post({ currentPassword: 'nope', newPassword: 'a brand new passphrase' }) as never);
    expect(bad).toMatchObject({ status: 400, data: { form: 'password', errors: { currentPassword: 'Current password is incorrect' } } });
    expect(JSON.stringify(bad)).not.toContain('brand new');
  });

  it('deletes the account, clears the session and goes home with a message', async () => {
    api.client.DELETE.mockResolvedValue(apiOk(undefined, 204));
    const event = post({ deletePassword: 'my password here' });
    expect(await thrown(() => run(actions.delete)(event as never))).toMatchObject({ status: 303, location: '/' });
    expect(api.client.DELETE).toHaveBeenCalledWith('/api/me', { body: { password: 'my password here' } });
    expect(event.cookies.jar.has('htmse_access')).toBe(false);
    expect(event.cookies.jar.get('htmse_flash')).toBe('account-deleted');
  });

  it('keeps the account when the password is wrong, and says so under the field', async () => {
    api.client.DELETE.mockResolvedValue(apiValidation({ password: ['password is incorrect'] }));
    const event = post({ deletePassword: 'wrong' });
    expect(await run(actions.delete)(event as never)).toMatchObject({
      status: 400,
      data: { form: 'delete', errors: { deletePassword: 'Password is incorrect' } }
    });
    expect(event.cookies.jar.has('htmse_access')).toBe(true);
  });

  it('sends a person whose session ended back through sign-in', async () => {
    api.client.PATCH.mockResolvedValue(apiFail(401, 'UNAUTHENTICATED', 'Your session has ended'));
    expect(await thrown(() => run(actions.profile)(post({ displayName: 'Ana' }) as never))).toMatchObject({ status: 303 });
  });
});

describe('download my data', () => {
  it("answers the API's export as an attachment", async () => {
    api.client.GET.mockResolvedValue(apiOk({ exportedAt: '2026-01-01T00:00:00Z', account: { email: 'ana@example.org' } }));
    const response = (await exportData(fakeEvent({ url: '/account/export', user }) as never)) as Response;
    expect(api.client.GET).toHaveBeenCalledWith('/api/me/export');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="htmse-academy-my-data.json"');
    expect(response.headers.get('content-type')).toContain('application/json');
    expect(response.headers.get('cache-control')).toContain('no-store');
    expect(JSON.parse(await response.text())).toMatchObject({ account: { email: 'ana@example.org' } });
  });

  it('needs a signed-in person', async () => {
    expect(await thrown(() => exportData(fakeEvent({ url: '/account/export' }) as never))).toMatchObject({ status: 303 });
  });
});

describe('account page', () => {
  const data = {
    account: { displayName: 'Ana Silva', email: 'ana.silva@example.org', emailVerified: true },
    notifications: { dueDateReminders: true, weeklyDigest: false },
    trains: false
  };

  it('offers the due-date reminders to everyone and the weekly digest to trainers only, each as it is set', () => {
    const learner = renderHtml(AccountPage, { data, form: null } as never);
    expect(textOf(learner)).toContain('Reminders before a course assigned to me is due');
    expect(learner).not.toContain('name="weeklyDigest"');
    expect(learner).toMatch(/<input[^>]*name="dueDateReminders"[^>]*checked/);
    const trainer = renderHtml(AccountPage, { data: { ...data, trains: true }, form: null } as never);
    expect(textOf(trainer)).toContain('A weekly digest of the cohorts I train');
    expect(trainer).not.toMatch(/<input[^>]*name="weeklyDigest"[^>]*checked/);
  });

  it('has the five sections in heading order, and says what deletion erases and keeps', () => {
    const out = renderHtml(AccountPage, { data, form: null } as never);
    expect(headingsInOrder(out)).toBe(true);
    const text = textOf(out);
    expect(text).toContain(
      "Your name, email address and password are erased and you leave your organisations. Course progress is kept without your name so your organisation's training statistics stay correct."
    );
    expect(text).toContain('Your certificates are withdrawn: anyone who checks one sees that it was withdrawn when the account was deleted, without your name');
    expect(out).toContain('href="/account/export"');
    expect(text).toContain('Download my data');
    expect(text).toContain('Delete my account');
  });

  it('shows each form’s own result only', () => {
    const out = renderHtml(AccountPage, { data, form: { form: 'delete', errors: { deletePassword: 'Password is incorrect' } } } as never);
    expect(out).toContain('href="#deletePassword"');
    expect(out).not.toContain('href="#currentPassword"');
  });
});
