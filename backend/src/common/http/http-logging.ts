import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import { pinoHttp, type Options } from 'pino-http';
import { requestContext } from '../logging/request-context.js';
import { requestIdFrom } from './request-id.js';

/** Health probes (orchestrators call them every few seconds) are not access-logged while healthy. */
const PROBES = new Set(['/api/health', '/api/health/live', '/api/health/ready']);

/**
 * Express middleware, first in the chain: assigns the request id, echoes it in X-Request-Id and
 * runs the rest of the request inside the logging context, so every log line (ours, Nest's, the
 * access line) and every error body names it, body-parser errors included.
 */
export function requestIdContext() {
  return (req: Request, res: Response, next: NextFunction) => {
    const id = requestIdFrom(req);
    req.id = id;
    res.setHeader('X-Request-Id', id);
    requestContext.run({ requestId: id }, next);
  };
}

/**
 * pino-http options for the access log: one line per response at a level that follows the
 * status. pino-http keeps the id `requestIdContext` gave the request; the logger's mixin adds
 * `requestId`, so `req` carries only what the line needs (no headers, no cookies).
 */
export function accessLogOptions(logger: Logger): Options<Request, Response> {
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
 * The access logger, mounted right after `requestIdContext` at the application level (not as
 * nestjs-pino's route middleware, which runs after the body parsers and so would miss responses
 * to bodies they reject). nestjs-pino (`useExisting`) then binds its `req.log` to Nest's messages.
 */
export function accessLog(logger: Logger) {
  return pinoHttp(accessLogOptions(logger));
}
