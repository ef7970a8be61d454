import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import { Writable } from 'node:stream';
import type { Request, Response } from 'express';
import { pino } from 'pino';
import { pinoHttp } from 'pino-http';
import { describe, expect, it } from 'vitest';
import { currentRequestId } from '../logging/request-context.js';
import { accessLogOptions, requestIdContext } from './http-logging.js';

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

/** A request and response pair that is never attached to a network socket. */
function exchange(method: string, url: string, headers: Record<string, string> = {}) {
  const req = new IncomingMessage(new Socket());
  req.method = method;
  req.url = url;
  req.headers = headers;
  const res = new ServerResponse(req);
  return { req: req as unknown as Request, res: res as unknown as Response };
}

/**
 * Runs the two middlewares in the app's order (the request id first, as app.use; then the
 * pino-http access logger nestjs-pino mounts with these options) and answers what next() saw.
 */
function pass(logger: pino.Logger, req: Request, res: Response): { nextCalls: number; contextId: string | undefined } {
  const seen = { nextCalls: 0, contextId: undefined as string | undefined };
  const access = pinoHttp(accessLogOptions(logger));
  requestIdContext()(req, res, () =>
    access(req, res, () => {
      seen.nextCalls += 1;
      seen.contextId = currentRequestId();
    }),
  );
  return seen;
}

/** pino-http writes the access line when the response finishes; flush the logger's stream. */
async function finish(res: Response, statusCode: number): Promise<void> {
  res.writeHead(statusCode);
  res.emit('finish');
  await new Promise((resolve) => setImmediate(resolve));
}

describe('request id and access log', () => {
  it('keeps a safe incoming X-Request-Id, echoes it and runs the request inside its context', () => {
    const { logger } = captureLogger();
    const { req, res } = exchange('GET', '/api/system/pings/1', { 'x-request-id': 'proxy-id-0001' });
    const seen = pass(logger, req, res);

    expect(seen.nextCalls).toBe(1);
    expect(req.id).toBe('proxy-id-0001');
    expect(res.getHeader('X-Request-Id')).toBe('proxy-id-0001');
    expect(seen.contextId).toBe('proxy-id-0001');
    // The context ends with the request.
    expect(currentRequestId()).toBeUndefined();
  });

  it('gives a request without a usable id a fresh one, the same everywhere', () => {
    const { logger } = captureLogger();
    const { req, res } = exchange('POST', '/api/system/pings', { 'x-request-id': 'bad id\nforged' });
    const seen = pass(logger, req, res);

    const id = String(req.id);
    expect(id).not.toContain('forged');
    expect(res.getHeader('X-Request-Id')).toBe(id);
    expect(seen.contextId).toBe(id);
  });

  it('writes one access line per response, at a level that follows the status', async () => {
    const cases: Array<[number, string]> = [
      [200, 'info'],
      [404, 'warn'],
      [503, 'error'],
    ];
    for (const [status, level] of cases) {
      const { logger, lines } = captureLogger();
      const { req, res } = exchange('GET', '/api/system/pings/1', { 'x-request-id': `req-id-${status}x` });
      pass(logger, req, res);
      await finish(res, status);

      expect(lines).toHaveLength(1);
      const line = lines[0] ?? {};
      expect(line.level).toBe(pino.levels.values[level]);
      expect(line.req).toEqual({ id: `req-id-${status}x`, method: 'GET', url: '/api/system/pings/1' });
      expect(line.res).toEqual({ statusCode: status });
    }
  });

  it('does not log the request headers (cookies, authorization)', async () => {
    const { logger, lines } = captureLogger();
    const { req, res } = exchange('GET', '/api/system/pings/1', { cookie: 'session=s3cret', authorization: 'Bearer t0ken' });
    pass(logger, req, res);
    await finish(res, 200);
    const text = JSON.stringify(lines);
    expect(text).not.toContain('s3cret');
    expect(text).not.toContain('t0ken');
  });

  it('does not log successful health probes (health, liveness, readiness), but logs other reads', async () => {
    for (const probe of ['/api/health', '/api/health/live', '/api/health/ready']) {
      const { logger, lines } = captureLogger();
      const { req, res } = exchange('GET', probe);
      pass(logger, req, res);
      await finish(res, 200);
      expect(lines, probe).toEqual([]);
    }
    const { logger, lines } = captureLogger();
    const { req, res } = exchange('GET', '/api/health/other');
    pass(logger, req, res);
    await finish(res, 404);
    expect(lines).toHaveLength(1);
  });
});
