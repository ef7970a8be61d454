import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Request, Response } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { noStoreForPersonalResponses } from './cache-control.js';

/** A real HTTP server: the header is decided when Node writes the head, as in the API. */
let server: Server;
let base: string;

const handlers: Record<string, (req: IncomingMessage & { actor?: unknown }, res: ServerResponse) => void> = {
  '/anonymous': (_req, res) => res.end('{}'),
  '/signed-in': (req, res) => {
    req.actor = { userId: 'u1' };
    res.end('{}');
  },
  '/signed-in-error': (req, res) => {
    req.actor = { userId: 'u1' };
    res.statusCode = 404;
    res.end('{}');
  },
  '/sets-cookie': (_req, res) => {
    res.setHeader('set-cookie', 'htmse_access=x; HttpOnly');
    res.end('{}');
  },
  '/own-policy': (req, res) => {
    req.actor = { userId: 'u1' };
    res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
    res.end('img');
  },
  '/write-head': (req, res) => {
    req.actor = { userId: 'u1' };
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{}');
  },
};

beforeAll(async () => {
  server = createServer((req, res) => {
    noStoreForPersonalResponses(req as unknown as Request, res as unknown as Response, () => handlers[req.url ?? '']!(req, res));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const cacheControl = async (path: string) => (await fetch(`${base}${path}`)).headers.get('cache-control');

describe('noStoreForPersonalResponses', () => {
  it('marks responses to authenticated requests no-store, errors included', async () => {
    expect(await cacheControl('/signed-in')).toBe('no-store');
    expect(await cacheControl('/signed-in-error')).toBe('no-store');
    expect(await cacheControl('/write-head')).toBe('no-store');
  });

  it('marks responses that set a cookie no-store', async () => {
    expect(await cacheControl('/sets-cookie')).toBe('no-store');
  });

  it('leaves anonymous responses and explicit policies alone', async () => {
    expect(await cacheControl('/anonymous')).toBeNull();
    expect(await cacheControl('/own-policy')).toBe('public, max-age=31536000, immutable');
  });
});
