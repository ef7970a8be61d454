import fastifyCookie from '@fastify/cookie';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { noStoreForPersonalResponses } from './cache-control.js';

/** A real Fastify server with the hook registered as app.ts does: the header is decided as the response is sent. */
let server: FastifyInstance;
let base: string;

beforeAll(async () => {
  server = Fastify();
  await server.register(fastifyCookie);
  server.addHook('onSend', noStoreForPersonalResponses);
  server.get('/anonymous', async () => ({}));
  server.get('/signed-in', async (req) => {
    req.actor = { userId: 'u1', sessionId: 's1', isPlatformAdmin: false, via: 'cookie' };
    return {};
  });
  server.get('/signed-in-error', async (req, reply) => {
    req.actor = { userId: 'u1', sessionId: 's1', isPlatformAdmin: false, via: 'cookie' };
    return reply.code(404).send({});
  });
  server.get('/sets-cookie', async (_req, reply) => {
    reply.setCookie('htmse_access', 'x', { httpOnly: true });
    return {};
  });
  server.get('/sets-cookie-header', async (_req, reply) => {
    reply.header('set-cookie', 'htmse_access=x; HttpOnly');
    return {};
  });
  server.get('/own-policy', async (req, reply) => {
    req.actor = { userId: 'u1', sessionId: 's1', isPlatformAdmin: false, via: 'cookie' };
    reply.header('Cache-Control', 'public, max-age=31536000, immutable');
    return 'img';
  });
  server.get('/thrown', async (req) => {
    req.actor = { userId: 'u1', sessionId: 's1', isPlatformAdmin: false, via: 'bearer' };
    throw new Error('boom');
  });
  base = await server.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(() => server.close());

const cacheControl = async (path: string) => (await fetch(`${base}${path}`)).headers.get('cache-control');

describe('noStoreForPersonalResponses', () => {
  it('marks responses to authenticated requests no-store, errors included', async () => {
    expect(await cacheControl('/signed-in')).toBe('no-store');
    expect(await cacheControl('/signed-in-error')).toBe('no-store');
    expect(await cacheControl('/thrown')).toBe('no-store');
  });

  it('marks responses that set a cookie no-store', async () => {
    expect(await cacheControl('/sets-cookie')).toBe('no-store');
    expect(await cacheControl('/sets-cookie-header')).toBe('no-store');
  });

  it('leaves anonymous responses and explicit policies alone', async () => {
    expect(await cacheControl('/anonymous')).toBeNull();
    expect(await cacheControl('/own-policy')).toBe('public, max-age=31536000, immutable');
  });
});
