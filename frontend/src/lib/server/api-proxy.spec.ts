import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isApiPath, proxyToApi } from './api-proxy';

interface Seen {
  method?: string;
  url?: string;
  headers: IncomingMessage['headers'];
  body: string;
}

let server: Server;
let upstream: string;
let seen: Seen;

beforeAll(async () => {
  // A real HTTP server on loopback stands in for the API.
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen = { method: req.method, url: req.url, headers: req.headers, body: Buffer.concat(chunks).toString() };
      res.setHeader('set-cookie', ['a=1; Path=/; HttpOnly', 'b=2; Path=/']);
      res.setHeader('connection', 'keep-alive');
      res.statusCode = req.url?.startsWith('/api/missing') ? 404 : 201;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ ok: true }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  upstream = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((r) => server.close(() => r())));

const opts = () => ({ upstream, requestId: 'req-12345678', clientAddress: '203.0.113.9' });

describe('isApiPath', () => {
  it('matches /api and below only', () => {
    expect(isApiPath('/api')).toBe(true);
    expect(isApiPath('/api/health')).toBe(true);
    expect(isApiPath('/apiary')).toBe(false);
    expect(isApiPath('/about/api')).toBe(false);
  });
});

describe('proxyToApi', () => {
  it('forwards to another API path when told, setting and dropping the headers it is given', async () => {
    const url = new URL('http://localhost:3000/admin/queues/api/queues?status=failed');
    const request = new Request(url, { headers: { cookie: 'htmse_access=a; other=b', 'x-xsrf-token': 't' } });
    await proxyToApi(request, url, {
      ...opts(),
      path: '/api/admin/queues/api/queues',
      headers: { cookie: 'htmse_access=a', 'x-xsrf-token': null, 'x-csrf-token': 't' }
    });
    expect(seen.url).toBe('/api/admin/queues/api/queues?status=failed');
    expect(seen.headers.cookie).toBe('htmse_access=a');
    expect(seen.headers['x-csrf-token']).toBe('t');
    expect(seen.headers['x-xsrf-token']).toBeUndefined();
  });

  it('forwards method, path, query and body, and marks the hop', async () => {
    const url = new URL('http://localhost:3000/api/system/pings?x=1&y=two');
    const request = new Request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': '198.51.100.1', connection: 'close' },
      body: JSON.stringify({ label: 'hello' })
    });
    const response = await proxyToApi(request, url, opts());
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ ok: true });
    expect(seen.method).toBe('POST');
    expect(seen.url).toBe('/api/system/pings?x=1&y=two');
    expect(JSON.parse(seen.body)).toEqual({ label: 'hello' });
    expect(seen.headers['x-request-id']).toBe('req-12345678');
    expect(seen.headers['x-forwarded-for']).toBe('198.51.100.1, 203.0.113.9');
    expect(seen.headers['x-forwarded-proto']).toBe('http');
    expect(seen.headers['x-forwarded-host']).toBe('localhost:3000');
  });

  it('keeps each Set-Cookie separate and drops hop-by-hop response headers', async () => {
    const url = new URL('http://localhost:3000/api/health');
    const response = await proxyToApi(new Request(url), url, opts());
    expect(response.headers.getSetCookie()).toEqual(['a=1; Path=/; HttpOnly', 'b=2; Path=/']);
    expect(response.headers.get('connection')).toBeNull();
    expect(response.headers.get('content-type')).toContain('application/json');
  });

  it('passes error statuses through untouched', async () => {
    const url = new URL('http://localhost:3000/api/missing');
    const response = await proxyToApi(new Request(url), url, opts());
    expect(response.status).toBe(404);
  });

  /** A request body that errors the way adapter-node's does past BODY_SIZE_LIMIT (a SvelteKitError with status 413). */
  function overLimitBody(status: number | undefined) {
    return new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('x'.repeat(64 * 1024)));
        controller.error(Object.assign(new Error('request body size exceeded BODY_SIZE_LIMIT of 10485760'), { status, text: 'Payload Too Large' }));
      }
    });
  }

  it('answers a body over the web app\'s limit with 413 in the API error shape, not "API not reachable"', async () => {
    const url = new URL('http://localhost:3000/api/authoring/images');
    const request = new Request(url, {
      method: 'POST',
      headers: { 'content-type': 'multipart/form-data; boundary=x' },
      body: overLimitBody(413),
      duplex: 'half'
    } as RequestInit);
    const response = await proxyToApi(request, url, opts());
    expect(response.status).toBe(413);
    expect(response.headers.get('x-request-id')).toBe('req-12345678');
    expect(await response.json()).toEqual({
      statusCode: 413,
      code: 'PAYLOAD_TOO_LARGE',
      message: 'The request body is too large',
      requestId: 'req-12345678'
    });
  });

  it('still answers 503 when a request body fails for another reason', async () => {
    const url = new URL('http://localhost:3000/api/authoring/images');
    const request = new Request(url, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: overLimitBody(undefined),
      duplex: 'half'
    } as RequestInit);
    expect((await proxyToApi(request, url, opts())).status).toBe(503);
  });

  it('answers 503 in the API error shape when the API is down', async () => {
    const url = new URL('http://localhost:3000/api/health');
    const response = await proxyToApi(new Request(url), url, { ...opts(), upstream: 'http://127.0.0.1:1' });
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('5');
    expect(await response.json()).toMatchObject({
      statusCode: 503,
      code: 'SERVICE_UNAVAILABLE',
      requestId: 'req-12345678'
    });
  });
});
