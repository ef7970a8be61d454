import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inflateRequestBody } from './content-encoding.js';

/** Fastify with the hook and a 1 KiB body limit; the route echoes the parsed body, errors answer their status and type. */
let app: FastifyInstance;

beforeAll(async () => {
  app = Fastify({ bodyLimit: 1024 });
  app.addHook('preParsing', inflateRequestBody);
  app.setErrorHandler((err: Error & { statusCode?: number; type?: string }, _req, reply) =>
    reply.code(err.statusCode ?? 500).send({ type: err.type ?? null, code: (err as { code?: string }).code ?? null }),
  );
  app.post('/echo', async (req) => req.body);
  await app.ready();
});
afterAll(() => app.close());

const post = (payload: Buffer | string, encoding?: string) =>
  app.inject({ method: 'POST', url: '/echo', headers: { 'content-type': 'application/json', ...(encoding ? { 'content-encoding': encoding } : {}) }, payload });

describe('inflateRequestBody', () => {
  const body = JSON.stringify({ label: 'compressed' });

  it('inflates gzip, deflate and br bodies, and passes plain ones through', async () => {
    for (const [encoding, bytes] of [
      ['gzip', gzipSync(body)],
      ['x-gzip', gzipSync(body)],
      ['deflate', deflateSync(body)],
      ['br', brotliCompressSync(body)],
      ['identity', Buffer.from(body)],
      [undefined, Buffer.from(body)],
    ] as const) {
      const res = await post(bytes, encoding);
      expect(res.statusCode, String(encoding)).toBe(200);
      expect(res.json(), String(encoding)).toEqual({ label: 'compressed' });
    }
  });

  it('answers bytes that do not inflate with 400, an unknown encoding with 415', async () => {
    const bad = await post('not gzip at all', 'gzip');
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ type: 'encoding.invalid' });
    const unknown = await post(body, 'compress');
    expect(unknown.statusCode).toBe(415);
    expect(unknown.json()).toMatchObject({ type: 'encoding.unsupported' });
  });

  it('applies the body limit to the inflated bytes: a small bomb is 413', async () => {
    const bomb = gzipSync(Buffer.alloc(300_000, 0x20));
    expect(bomb.length).toBeLessThan(1024);
    const res = await post(bomb, 'gzip');
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({ code: 'FST_ERR_CTP_BODY_TOO_LARGE' });
  });
});
