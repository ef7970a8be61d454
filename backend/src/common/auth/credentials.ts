import type { FastifyRequest } from 'fastify';
import { AUTH_COOKIES } from './auth-cookies.js';

/** RFC 6750 §2.1: the scheme (case-insensitive, RFC 7235) and one b64token. */
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;

/**
 * The one credential a request offers. An Authorization header, if present, is the credential:
 * the session cookie is then not looked at, so a request is never authenticated by one thing
 * and judged (for CSRF) by another. A header that is not a well-formed Bearer token is
 * `malformed`, and refused, rather than ignored in favour of the cookie.
 */
export type PresentedCredential = { kind: 'bearer'; token: string } | { kind: 'cookie'; token: string } | { kind: 'malformed' } | { kind: 'none' };

export function presentedCredential(req: Pick<FastifyRequest, 'headers' | 'cookies'>): PresentedCredential {
  const header = req.headers.authorization;
  if (header !== undefined) {
    const match = BEARER.exec(header);
    return match ? { kind: 'bearer', token: match[1]! } : { kind: 'malformed' };
  }
  const cookie: unknown = req.cookies?.[AUTH_COOKIES.access];
  return typeof cookie === 'string' && cookie ? { kind: 'cookie', token: cookie } : { kind: 'none' };
}
