import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { requestMetaOf, trustOneProxyHop } from './request-meta.js';

/** The client address and meta a Fastify app with the API's trust setting sees (inject connects from 127.0.0.1). */
async function seenBy(trustProxy: typeof trustOneProxyHop | false, headers: Record<string, string>) {
  const app = Fastify({ trustProxy });
  app.get('/', async (req) => requestMetaOf(req));
  const res = await app.inject({ method: 'GET', url: '/', headers });
  await app.close();
  return res.json() as { ip: string; userAgent: string | null };
}

describe('client address', () => {
  it('with TRUST_PROXY takes the address the one trusted proxy forwarded: the last in X-Forwarded-For', async () => {
    expect((await seenBy(trustOneProxyHop, { 'x-forwarded-for': '198.51.100.7' })).ip).toBe('198.51.100.7');
    // A client cannot choose its address by sending its own X-Forwarded-For through the proxy.
    expect((await seenBy(trustOneProxyHop, { 'x-forwarded-for': '203.0.113.9, 198.51.100.7' })).ip).toBe('198.51.100.7');
    expect((await seenBy(trustOneProxyHop, {})).ip).toBe('127.0.0.1');
  });

  it('without it, the socket address, whatever the headers say', async () => {
    const meta = await seenBy(false, { 'x-forwarded-for': '198.51.100.7', 'user-agent': 'tester' });
    expect(meta).toMatchObject({ ip: '127.0.0.1', userAgent: 'tester' });
  });
});
