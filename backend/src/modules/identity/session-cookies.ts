import type { FastifyReply } from 'fastify';
import { randomBytes } from 'node:crypto';
import { AUTH_COOKIES, cookieOptions, REFRESH_COOKIE_PATH } from '../../common/auth/auth-cookies.js';
import type { AppConfig } from '../../config/config.js';
import type { IssuedTokens } from './auth.service.js';
import { KNOWN_DEVICE_DAYS } from './identity.repository.js';

/** httpOnly, SameSite=Lax, Secure when the public origin is HTTPS (always in production). */
export function setSessionCookies(res: FastifyReply, tokens: IssuedTokens, config: AppConfig): void {
  const secure = config.http.secureCookies;
  const refreshMs = Math.max(tokens.refreshExpiresAt.getTime() - Date.now(), 0);
  res.setCookie(AUTH_COOKIES.access, tokens.accessToken, cookieOptions(secure, tokens.expiresIn * 1000));
  res.setCookie(AUTH_COOKIES.refresh, tokens.refreshToken, cookieOptions(secure, refreshMs, { path: REFRESH_COOKIE_PATH }));
  res.setCookie(AUTH_COOKIES.csrf, randomBytes(24).toString('base64url'), cookieOptions(secure, refreshMs, { httpOnly: false }));
}

/** Kept across sign-outs: it says the browser has been used by its accounts before, nothing more. */
export function setDeviceCookie(res: FastifyReply, deviceToken: string, config: AppConfig): void {
  res.setCookie(AUTH_COOKIES.device, deviceToken, cookieOptions(config.http.secureCookies, KNOWN_DEVICE_DAYS * 86_400_000));
}

export function clearSessionCookies(res: FastifyReply, config: AppConfig): void {
  const secure = config.http.secureCookies;
  res.clearCookie(AUTH_COOKIES.access, cookieOptions(secure, 0));
  res.clearCookie(AUTH_COOKIES.refresh, cookieOptions(secure, 0, { path: REFRESH_COOKIE_PATH }));
  res.clearCookie(AUTH_COOKIES.csrf, cookieOptions(secure, 0, { httpOnly: false }));
}
