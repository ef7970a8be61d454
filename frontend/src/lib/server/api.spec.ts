import { describe, expect, it } from 'vitest';
import { createApiClient } from './api';

/** A fetch that records the request the client sends and answers 200 with an empty object. */
function recordingFetch() {
  const sent: Request[] = [];
  const fetch = (async (input: Request | string | URL, init?: RequestInit) => {
    sent.push(input instanceof Request ? input : new Request(input, init));
    return Response.json({});
  }) as typeof globalThis.fetch;
  return { fetch, sent };
}

describe('createApiClient', () => {
  it('sends the page request id on every API call (the bench counts a page by it; the logs join on it)', async () => {
    const { fetch, sent } = recordingFetch();
    const api = createApiClient(fetch, {
      baseUrl: 'http://api.test',
      requestId: 'req-page-0001',
      accessToken: 'token-1',
      userAgent: 'Browser/1.0',
      forwardedFor: '203.0.113.7'
    });
    await api.GET('/api/me');
    await api.GET('/api/courses/{slug}', { params: { path: { slug: 'x' } } });
    expect(sent.map((r) => `${r.method} ${new URL(r.url).pathname}`)).toEqual(['GET /api/me', 'GET /api/courses/x']);
    for (const request of sent) {
      expect(request.headers.get('x-request-id')).toBe('req-page-0001');
      expect(request.headers.get('authorization')).toBe('Bearer token-1');
      expect(request.headers.get('user-agent')).toBe('Browser/1.0');
      expect(request.headers.get('x-forwarded-for')).toBe('203.0.113.7');
    }
  });

  it('sends no credential and no forwarded address it was not given', async () => {
    const { fetch, sent } = recordingFetch();
    await createApiClient(fetch, { baseUrl: 'http://api.test', requestId: 'req-2' }).GET('/api/health');
    expect(sent[0]!.headers.get('x-request-id')).toBe('req-2');
    expect(sent[0]!.headers.get('authorization')).toBeNull();
    expect(sent[0]!.headers.get('x-forwarded-for')).toBeNull();
  });
});
