import type { CookieSerializeOptions } from '@fastify/cookie';

export const AUTH_COOKIES = {
  /** Short-lived access token (JWT), httpOnly. */
  access: 'htmse_access',
  /** Rotating refresh token, httpOnly. */
  refresh: 'htmse_refresh',
  /** Readable by the page's script, echoed in X-CSRF-Token (double submit). */
  csrf: 'htmse_csrf',
  /**
   * This browser, for the sign-in limits: set at every successful sign-in, httpOnly, kept for
   * KNOWN_DEVICE_DAYS. Not a credential: it only exempts the browser from its accounts'
   * unknown-device throttle (docs/security.md).
   */
  device: 'htmse_device',
} as const;

export const CSRF_HEADER = 'x-csrf-token';
/** Every path: server-rendered pages renew sessions too. httpOnly and SameSite=Lax keep it from scripts and other sites. */
export const REFRESH_COOKIE_PATH = '/';

/**
 * Options for @fastify/cookie's setCookie: Max-Age (in seconds) and Expires, as Express's
 * res.cookie wrote them, so older clients that only read Expires keep the cookie as long.
 */
export function cookieOptions(secure: boolean, maxAgeMs: number, opts: { httpOnly?: boolean; path?: string } = {}): CookieSerializeOptions {
  return {
    httpOnly: opts.httpOnly ?? true,
    sameSite: 'lax',
    secure,
    path: opts.path ?? '/',
    maxAge: Math.floor(maxAgeMs / 1000),
    expires: new Date(Date.now() + maxAgeMs),
  };
}
