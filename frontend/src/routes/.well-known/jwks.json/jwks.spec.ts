import { describe, expect, it, vi } from 'vitest';

const fetchMock = vi.hoisted(() => vi.fn());
vi.stubGlobal('fetch', fetchMock);
const { GET } = await import('./+server');

describe('/.well-known/jwks.json', () => {
  it('serves the API’s published keys, readable from any origin', async () => {
    fetchMock.mockResolvedValue(
      Response.json({ keys: [{ kty: 'OKP', crv: 'Ed25519', x: 'abc', kid: 'k1' }] }, { headers: { 'cache-control': 'public, max-age=300' } })
    );
    const url = new URL('http://localhost/.well-known/jwks.json');
    const response = await GET({ request: new Request(url), url, locals: { requestId: 'req-1' }, getClientAddress: () => '203.0.113.9' } as never);
    expect(String(fetchMock.mock.calls[0]![0])).toMatch(/\/api\/credentials\/jwks\.json$/);
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('cache-control')).toBe('public, max-age=300');
    expect(await response.json()).toEqual({ keys: [{ kty: 'OKP', crv: 'Ed25519', x: 'abc', kid: 'k1' }] });
  });

  it('passes a failure on as it is, without opening it to other origins', async () => {
    fetchMock.mockRejectedValue(new TypeError('fetch failed'));
    const url = new URL('http://localhost/.well-known/jwks.json');
    const response = await GET({ request: new Request(url), url, locals: { requestId: 'req-1' }, getClientAddress: () => '203.0.113.9' } as never);
    expect(response.status).toBe(503);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });
});
