import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import { requestContext } from '../logging/request-context.js';
import { requestIdFrom } from './request-id.js';

/**
 * Express middleware: assigns the request id, echoes it in X-Request-Id, runs the rest of the
 * request inside the logging context, and writes one access-log line per response.
 */
export function httpLogging(logger: Logger) {
  const access = pinoHttp({
    logger,
    genReqId: (req, res) => {
      const id = requestIdFrom(req);
      res.setHeader('X-Request-Id', id);
      return id;
    },
    // The mixin already adds requestId; pino-http's own req serializer repeats it as req.id.
    customLogLevel: (_req, res, err) =>
      err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
    serializers: {
      req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
    autoLogging: { ignore: (req) => req.url === '/api/health' && req.method === 'GET' },
  });
  return (req: Request, res: Response, next: NextFunction) => {
    access(req, res);
    requestContext.run({ requestId: String(req.id) }, next);
  };
}
