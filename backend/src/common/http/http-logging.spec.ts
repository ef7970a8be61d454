import { Writable } from 'node:stream';
import Fastify from 'fastify';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { currentRequestId } from '../logging/request-context.js';
import { requestLogging } from './http-logging.js';
import { requestIdFrom } from './request-id.js';

/** A logger whose JSON lines are collected instead of written out. */
function captureLogger() {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { logger: pino({ level: 'info' }, stream), lines };
}

/**
 * A Fastify instance set up as app.ts does it (the request id from `requestIdFrom`, then these
 * hooks), whose routes answer a status and report the logging context the handler ran in.
 */
async function server(logger: pino.Logger) {
  const app = Fastify({ genReqId: (req) => requestIdFrom(req), requestIdHeader: false });
  requestLogging(app, logger);
  const seen = { contextIds: [] as Array<string | undefined> };
  app.all('/*', async (req, reply) => {
    seen.contextIds.push(currentRequestId());
    const status = Number((req.query as { status?: string }).status ?? 200);
    return reply.code(status).send({ id: req.id });
  });
  await app.ready();
  return { app, seen };
}

/** pino-http writes the access line when the response finishes; let the logger's stream flush. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('request id and access log', () => {
  it('keeps a safe incoming X-Request-Id, echoes it and runs the request inside its context', async () => {
    const { logger } = captureLogger();
    const { app, seen } = await server(logger);
    const res = await app.inject({
      method: 'POST',
      url: '/api/system/pings',
      headers: { 'x-request-id': 'proxy-id-0001', 'content-type': 'application/json' },
      payload: '{}',
    });

    expect(res.json()).toEqual({ id: 'proxy-id-0001' });
    expect(res.headers['x-request-id']).toBe('proxy-id-0001');
    // Also after the body was parsed.
    expect(seen.contextIds).toEqual(['proxy-id-0001']);
    // The context ends with the request.
    expect(currentRequestId()).toBeUndefined();
  });

  it('gives a request without a usable id a fresh one, the same everywhere', async () => {
    const { logger } = captureLogger();
    const { app, seen } = await server(logger);
    const res = await app.inject({ method: 'GET', url: '/api/system/pings/1', headers: { 'x-request-id': 'bad id\tforged' } });

    const id = (res.json() as { id: string }).id;
    expect(id).not.toContain('forged');
    expect(res.headers['x-request-id']).toBe(id);
    expect(seen.contextIds).toEqual([id]);
  });

  it('writes one access line per response, at a level that follows the status', async () => {
    const cases: Array<[number, string]> = [
      [200, 'info'],
      [404, 'warn'],
      [503, 'error'],
    ];
    for (const [status, level] of cases) {
      const { logger, lines } = captureLogger();
      const { app } = await server(logger);
      await app.inject({ method: 'GET', url: `/api/system/pings/1?status=${status}`, headers: { 'x-request-id': `req-id-${status}x` } });
      await settle();

      expect(lines).toHaveLength(1);
      const line = lines[0] ?? {};
      expect(line.level).toBe(pino.levels.values[level]);
      expect(line.req).toEqual({ id: `req-id-${status}x`, method: 'GET', url: `/api/system/pings/1?status=${status}` });
      expect(line.res).toEqual({ statusCode: status });
    }
  });

  it('does not log the request headers (cookies, authorization)', async () => {
    const { logger, lines } = captureLogger();
    const { app } = await server(logger);
    await app.inject({ method: 'GET', url: '/api/system/pings/1', headers: { cookie: 'session=s3cret', authorization: 'Bearer t0ken' } });
    await settle();
    expect(lines).toHaveLength(1);
    const text = JSON.stringify(lines);
    expect(text).not.toContain('s3cret');
    expect(text).not.toContain('t0ken');
  });

  it('does not log successful health probes (health, liveness, readiness), but logs other reads', async () => {
    for (const probe of ['/api/health', '/api/health/live', '/api/health/ready']) {
      const { logger, lines } = captureLogger();
      const { app } = await server(logger);
      await app.inject({ method: 'GET', url: probe });
      await settle();
      expect(lines, probe).toEqual([]);
    }
    const { logger, lines } = captureLogger();
    const { app } = await server(logger);
    await app.inject({ method: 'GET', url: '/api/health/other?status=404' });
    await settle();
    expect(lines).toHaveLength(1);
  });
});
