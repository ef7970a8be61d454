import { beforeEach, describe, expect, it, vi } from 'vitest';
import { apiFail, apiOk, fakeApi, fakeEvent, user } from '#lib/event-test-helpers.js';

const api = vi.hoisted(() => ({ client: null as unknown as ReturnType<typeof fakeApi>, createApiClient: vi.fn() }));
vi.mock('#lib/server/api.js', () => ({ createApiClient: api.createApiClient }));

const { POST } = await import('./+server');

function postJson(body: unknown, who: typeof user | null = user) {
  const event = fakeEvent({ url: '/authoring/preview', method: 'POST', user: who });
  const request = new Request(event.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { ...event, request };
}

beforeEach(() => {
  api.client = fakeApi();
  api.createApiClient.mockReset().mockReturnValue(api.client);
});

describe('live preview endpoint', () => {
  it('renders through the API as the signed-in person and answers the sanitised html', async () => {
    api.client.POST.mockResolvedValue(apiOk({ html: '<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>' }));
    const response = await POST(postJson({ markdown: '<script>alert(1)</script>' }) as never);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ html: '<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>' });
    expect(api.client.POST).toHaveBeenCalledWith('/api/authoring/preview', { body: { markdown: '<script>alert(1)</script>' } });
    expect(api.createApiClient).toHaveBeenCalledWith(fetch, expect.objectContaining({ accessToken: 'access-token-1' }));
  });

  it('answers 401 to someone signed out without calling the API', async () => {
    const response = await POST(postJson({ markdown: 'x' }, null) as never);
    expect(response.status).toBe(401);
    expect(api.client.POST).not.toHaveBeenCalled();
  });

  it('refuses a body without markdown, and passes on a rate limit', async () => {
    expect((await POST(postJson({ nope: 1 }) as never)).status).toBe(400);
    api.client.POST.mockResolvedValue(apiFail(429, 'RATE_LIMITED', 'Too many previews; wait a moment', undefined, { 'retry-after': '20' }));
    const response = await POST(postJson({ markdown: 'x' }) as never);
    expect(response.status).toBe(429);
    expect(await response.json()).toEqual({ message: 'Too many attempts. Wait 1 minute, then try again.' });
  });
});
