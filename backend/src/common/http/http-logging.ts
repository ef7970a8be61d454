import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { pinoHttp, type Options } from 'pino-http';
import { requestContext } from '../logging/request-context.js';

/** Health probes (orchestrators call them every few seconds) are not access-logged while healthy. */
const PROBES = new Set(['/api/health', '/api/health/live', '/api/health/ready']);

type RawRequest = IncomingMessage & { id?: string; originalUrl?: string };

/**
 * pino-http options for the access log: one line per response at a level that follows the
 * status. pino-http keeps the id Fastify gave the request (`genReqId`, common/http/request-id.ts);
 * the logger's mixin adds `requestId`, so `req` carries only what the line needs (no headers, no cookies).
 */
export function accessLogOptions(logger: Logger): Options<RawRequest, ServerResponse> {
  return {
    logger,
    customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
    serializers: {
      req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
    autoLogging: { ignore: (req) => req.method === 'GET' && PROBES.has((req.originalUrl ?? req.url ?? '').split('?')[0]!) },
  };
}

/**
 * The first hooks of every request (Fastify): echo the request id in X-Request-Id, start the
 * access log line (pino-http on the raw request, written when the response finishes) and run
 * the request inside the logging context, so every log line (ours, Nest's, the access line) and
 * every error body names it, body parser errors included. The context is entered again after the
 * body is parsed (preValidation): the parser's stream callbacks run outside it.
 * nestjs-pino (`useExisting`) then binds pino-http's `req.log` to Nest's messages.
 */
export function requestLogging(fastify: FastifyInstance, logger: Logger): void {
  const access = pinoHttp(accessLogOptions(logger));
  fastify.addHook('onRequest', (req, reply, done) => {
    const raw = req.raw as RawRequest;
    raw.id = req.id;
    reply.header('X-Request-Id', req.id);
    access(raw, reply.raw);
    requestContext.run({ requestId: req.id }, done);
  });
  fastify.addHook('preValidation', (req, _reply, done) => {
    requestContext.run({ requestId: req.id }, done);
  });
}
