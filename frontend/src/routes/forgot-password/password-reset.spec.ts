import { beforeEach, describe, expect, it, vi } from 'vitest';
import { apiOk, apiValidation, fakeApi, fakeEvent, user } from '#lib/event-test-helpers.js';
import { headingsInOrder, renderHtml, textOf } from '#lib/test-helpers.js';

const api = vi.hoisted(() => ({ client: null as unknown as ReturnType<typeof fakeApi>, createApiClient: vi.fn() }));
vi.mock('#lib/server/api.js', () => ({ createApiClient: api.createApiClient }));

const forgot = await import('./+page.server');
const reset = await import('../reset-password/+page.server');
const { default: ResetPage } = await import('../reset-password/+page.svelte');

type Run = (event: never) => Promise<unknown>;

beforeEach(() => {
  api.client = fakeApi();
  api.createApiClient.mockReset().mockReturnValue(api.client);
});

describe('forgot password', () => {
  it('always gives the same answer', async () => {
    api.client.POST.mockResolvedValue(apiOk({ message: 'x' }, 202));
    const result = await (forgot.actions.default as unknown as Run)(fakeEvent({ form: { email: 'anyone@example.org' } }) as never);
    expect(result).toEqual({ success: 'If the address has an account, we sent a link to it. The link works once and expires in 1 hour.' });
  });

  it("sends the browser's device cookie along, so a known browser's request is always mailed", async () => {
    api.client.POST.mockResolvedValue(apiOk({ message: 'x' }, 202));
    const device = 'dEvIcE-0123456789_abcdefghijklmnopqrstuvwxy';
    await (forgot.actions.default as unknown as Run)(fakeEvent({ form: { email: 'ana@example.org' }, cookies: { htmse_device: device } }) as never);
    expect(api.client.POST).toHaveBeenCalledWith('/api/auth/forgot-password', {
      body: { email: 'ana@example.org' },
      headers: { cookie: `htmse_device=${device}` }
    });
  });
});

describe('reset password', () => {
  it('changes the password, ends this session too, and says to sign in again', async () => {
    api.client.POST.mockResolvedValue(apiOk(undefined, 204));
    const event = fakeEvent({
      form: { token: 'reset-token-1', password: 'a fresh passphrase' },
      user,
      cookies: { htmse_access: 'a', htmse_refresh: 'r', htmse_device: 'd' }
    });
    const result = await (reset.actions.default as unknown as Run)(event as never);
    expect(api.client.POST).toHaveBeenCalledWith('/api/auth/reset-password', { body: { token: 'reset-token-1', password: 'a fresh passphrase' } });
    expect(result).toEqual({ done: true });
    expect(event.cookies.jar.has('htmse_refresh')).toBe(false);
    // The browser stays known to the account: the device cookie is not a session.
    expect(event.cookies.jar.get('htmse_device')).toBe('d');
    const out = renderHtml(ResetPage, { data: { token: '' }, form: result } as never);
    expect(headingsInOrder(out)).toBe(true);
    expect(textOf(out)).toContain('Password changed: sign in again');
  });

  it('tells a refused token apart from a refused password', async () => {
    api.client.POST.mockResolvedValue(apiValidation({ token: ['token is invalid, already used or expired: ask for a new link'] }));
    expect(
      await (reset.actions.default as unknown as Run)(fakeEvent({ form: { token: 't-1234567890', password: 'a fresh passphrase' } }) as never)
    ).toMatchObject({
      status: 400,
      data: { tokenInvalid: true }
    });
    api.client.POST.mockResolvedValue(apiValidation({ password: ['password is one of the most common passwords: choose another'] }));
    expect(await (reset.actions.default as unknown as Run)(fakeEvent({ form: { token: 't-1234567890', password: 'password1234' } }) as never)).toMatchObject({
      status: 400,
      data: { errors: { password: 'New password is one of the most common passwords: choose another' } }
    });
  });
});
