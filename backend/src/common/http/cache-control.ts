import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * `Cache-Control: no-store` on every response that may be personal, decided as the response is
 * sent (a Fastify onSend hook: after the guard, the handler or the exception filter have run, and
 * after @fastify/cookie wrote Set-Cookie, so it is added after that plugin):
 * - the request was authenticated (the access guard put an actor on it), whatever the route:
 *   even a public list answers a signed-in person with what their organisations can see, and an
 *   error to them (403, 404) must not be served to a colleague behind the same proxy;
 * - or the response sets a cookie (sign-in, refresh, sign-out).
 * A handler that chose its own Cache-Control keeps it (uploaded images are public and
 * immutable). Anonymous responses keep whatever caching they had.
 */
export function noStoreForPersonalResponses(req: FastifyRequest, reply: FastifyReply, payload: unknown, done: (err: null, payload: unknown) => void): void {
  if (!reply.hasHeader('cache-control') && (req.actor !== undefined || reply.hasHeader('set-cookie'))) reply.header('Cache-Control', 'no-store');
  done(null, payload);
}
