import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeEvent, thrown, user } from '#lib/event-test-helpers.js';

const proxy = vi.hoisted(() => ({ proxyToApi: vi.fn() }));
vi.mock('#lib/server/api-proxy.js', () => ({ proxyToApi: proxy.proxyToApi }));

const endpoint = await import('./[...path]/+server');
type Handler = (event: never) => Promise<Response>;
const GET = endpoint.GET as unknown as Handler;
const PUT = endpoint.PUT as unknown as Handler;

const admin = { ...user, isPlatformAdmin: true };
const html = () => new Response('<!DOCTYPE html><base href="/admin/queues/">', { status: 200, headers: { 'content-type': 'text/html; charset=utf-8' } });

beforeEach(() => {
  proxy.proxyToApi.mockReset().mockImplementation(async () => html());
});

describe('/admin/queues (Bull Board through the API)', () => {
  it('sends people who are signed out to sign in and back, and refuses everyone but platform admins, without asking the API', async () => {
    expect(await thrown(() => GET(fakeEvent({ url: '/admin/queues' }) as never))).toEqual({
      status: 303,
      location: `/login?next=${encodeURIComponent('/admin/queues')}`
    });
    expect(await thrown(() => GET(fakeEvent({ url: '/admin/queues/api/queues', user }) as never))).toMatchObject({ status: 403 });
    expect(await thrown(() => PUT(fakeEvent({ url: '/admin/queues/api/queues/mail/1/retry', method: 'PUT', user }) as never))).toMatchObject({
      status: 403
    });
    expect(proxy.proxyToApi).not.toHaveBeenCalled();
  });

  it("forwards to the API's /api/admin/queues with the session only, and gives the board's client the CSRF token as XSRF-TOKEN", async () => {
    const event = fakeEvent({
      url: '/admin/queues/?x=1',
      user: admin,
      accessToken: 'renewed-access',
      cookies: { htmse_access: 'stale-access', htmse_csrf: 'csrf-123', htmse_device: 'device' }
    });
    const res = await GET(event as never);
    expect(res.status).toBe(200);
    const [, url, options] = proxy.proxyToApi.mock.calls[0]!;
    expect((url as URL).search).toBe('?x=1');
    expect(options).toMatchObject({ path: '/api/admin/queues', headers: { cookie: 'htmse_access=renewed-access; htmse_csrf=csrf-123', 'x-xsrf-token': null } });
    expect(event.cookies.jar.get('XSRF-TOKEN')).toBe('csrf-123');
    expect(event.cookies.options.get('XSRF-TOKEN')).toMatchObject({ path: '/admin/queues', httpOnly: false, sameSite: 'lax' });
  });

  it("hands the board client's X-XSRF-TOKEN to the API as X-CSRF-Token (the API compares it with the session's cookie)", async () => {
    proxy.proxyToApi.mockResolvedValue(new Response(null, { status: 204 }));
    const event = fakeEvent({
      url: '/admin/queues/api/queues/system/7/retry',
      method: 'PUT',
      user: admin,
      cookies: { htmse_csrf: 'csrf-123' },
      headers: { 'x-xsrf-token': 'csrf-123' }
    });
    expect((await PUT(event as never)).status).toBe(204);
    const [, , options] = proxy.proxyToApi.mock.calls[0]!;
    expect(options).toMatchObject({ path: '/api/admin/queues/api/queues/system/7/retry', headers: { 'x-csrf-token': 'csrf-123' } });
    // Not a page: no cookie set.
    expect(event.cookies.set).not.toHaveBeenCalled();
  });
});
