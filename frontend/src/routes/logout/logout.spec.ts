import { beforeEach, describe, expect, it, vi } from 'vitest';
import { apiOk, fakeApi, fakeEvent, thrown, user } from '#lib/event-test-helpers.js';

const api = vi.hoisted(() => ({ client: null as unknown as ReturnType<typeof fakeApi>, createApiClient: vi.fn() }));
vi.mock('#lib/server/api.js', () => ({ createApiClient: api.createApiClient }));

const { actions, load } = await import('./+page.server');
const logout = actions.default as unknown as (event: never) => Promise<unknown>;

const SESSION = { htmse_access: 'access-token-1', htmse_refresh: 'refresh-1', htmse_csrf: 'c' };

beforeEach(() => {
  api.client = fakeApi();
  api.createApiClient.mockReset().mockReturnValue(api.client);
});

describe('logout action', () => {
  it('ends the session at the API, clears the cookies and goes home with a message', async () => {
    api.client.POST.mockResolvedValue(apiOk(undefined, 204));
    const event = fakeEvent({ url: '/logout', form: {}, user, cookies: SESSION });
    expect(await thrown(() => logout(event as never))).toMatchObject({ status: 303, location: '/' });
    expect(api.createApiClient).toHaveBeenCalledWith(fetch, expect.objectContaining({ accessToken: 'access-token-1' }));
    expect(api.client.POST).toHaveBeenCalledWith('/api/auth/logout', { body: { refreshToken: 'refresh-1' } });
    for (const name of ['htmse_access', 'htmse_refresh', 'htmse_csrf']) expect(event.cookies.jar.has(name)).toBe(false);
    expect(event.cookies.jar.get('htmse_flash')).toBe('signed-out');
  });

  it('still signs out on this device when the API is down', async () => {
    api.client.POST.mockRejectedValue(new TypeError('fetch failed'));
    const event = fakeEvent({ url: '/logout', form: {}, user, cookies: SESSION });
    expect(await thrown(() => logout(event as never))).toMatchObject({ status: 303, location: '/' });
    expect(event.cookies.jar.has('htmse_refresh')).toBe(false);
  });
});

describe('logout page', () => {
  it('sends someone signed out home', async () => {
    expect(await thrown(() => load(fakeEvent({ url: '/logout' }) as never))).toMatchObject({ status: 303, location: '/' });
  });
});
