import type { NextFunction, Request, Response } from 'express';
import onHeaders from 'on-headers';

/**
 * `Cache-Control: no-store` on every response that may be personal, decided when the headers
 * are written (after the guard, the handler or the exception filter have run):
 * - the request was authenticated (the access guard put an actor on it), whatever the route:
 *   even a public list answers a signed-in person with what their organisations can see, and an
 *   error to them (403, 404) must not be served to a colleague behind the same proxy;
 * - or the response sets a cookie (sign-in, refresh, sign-out).
 * A handler that chose its own Cache-Control keeps it (uploaded images are public and
 * immutable). Anonymous responses keep whatever caching they had.
 */
export function noStoreForPersonalResponses(req: Request, res: Response, next: NextFunction): void {
  onHeaders(res, function () {
    if (this.getHeader('cache-control') !== undefined) return;
    if (req.actor !== undefined || this.getHeader('set-cookie') !== undefined) this.setHeader('Cache-Control', 'no-store');
  });
  next();
}
