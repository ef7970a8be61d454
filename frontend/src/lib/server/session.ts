import type { Cookies, RequestEvent } from '@sveltejs/kit';
import { parseString as parseSetCookie } from 'set-cookie-parser';
import { dev } from '$app/env';
import type { components } from '#lib/api/schema.js';
import { createApiClient } from './api';
import { servedOverHttps } from './config';

/** The same cookie names and attributes the API uses, so either can set or clear a session. */
export const SESSION_COOKIES = { access: 'htmse_access', refresh: 'htmse_refresh', csrf: 'htmse_csrf' } as const;
const REFRESH_MAX_AGE = 30 * 24 * 3600;

/**
 * The browser's device cookie (docs/security.md, "Sign-in and abuse limits"): the API sets it
 * at every successful sign-in, and a browser that has it is not slowed when someone else is
 * guessing at its account. Signing out leaves it: it is not a credential.
 */
export const DEVICE_COOKIE = 'htmse_device';
const DEVICE_MAX_AGE = 180 * 24 * 3600;
/** What the API issues: 256 random bits, base64url. Anything else is not forwarded (no header injection). */
const DEVICE_VALUE = /^[A-Za-z0-9_-]{43}$/;

export interface SessionUser {
  id: string;
  email: string;
  displayName: string;
  emailVerified: boolean;
  isPlatformAdmin: boolean;
  /** With what each organisation set for its members' support (the support panel on sensitive pages). */
  memberships: {
    organisationId: string;
    organisationName: string;
    role: 'learner' | 'trainer' | 'org_admin';
    support?: MembershipSupport;
  }[];
}

type MembershipSupport = components['schemas']['MembershipSupportDto'];

export interface IssuedTokens {
  accessToken: string;
  expiresIn: number;
  refreshToken?: string;
}

function secure(url: URL): boolean {
  return servedOverHttps(url) && !dev;
}

/** httpOnly, SameSite=Lax, Secure over HTTPS. */
export function setSession(cookies: Cookies, url: URL, tokens: IssuedTokens): void {
  const base = { httpOnly: true, sameSite: 'lax' as const, secure: secure(url) };
  cookies.set(SESSION_COOKIES.access, tokens.accessToken, { ...base, path: '/', maxAge: tokens.expiresIn });
  if (tokens.refreshToken) {
    cookies.set(SESSION_COOKIES.refresh, tokens.refreshToken, { ...base, path: '/', maxAge: REFRESH_MAX_AGE });
    cookies.set(SESSION_COOKIES.csrf, crypto.randomUUID(), { ...base, httpOnly: false, path: '/', maxAge: REFRESH_MAX_AGE });
  }
}

/**
 * Sign-in and password-reset forms call the API server-to-server, so the browser's device
 * cookie has to be handed on explicitly: a Cookie header with that one cookie, and nothing else.
 */
export function deviceCookieHeader(cookies: Cookies): Record<string, string> {
  const value = cookies.get(DEVICE_COOKIE);
  return value && DEVICE_VALUE.test(value) ? { cookie: `${DEVICE_COOKIE}=${value}` } : {};
}

/** Passes the device cookie the API set on its (server-to-server) answer on to the browser. */
export function forwardDeviceCookie(cookies: Cookies, url: URL, response: Response | undefined): void {
  for (const header of response?.headers.getSetCookie() ?? []) {
    const cookie = parseSetCookie(header, { decodeValues: false });
    if (!cookie || cookie.name !== DEVICE_COOKIE || !DEVICE_VALUE.test(cookie.value)) continue;
    const maxAge = cookie.maxAge !== undefined && cookie.maxAge > 0 ? Math.min(cookie.maxAge, DEVICE_MAX_AGE) : DEVICE_MAX_AGE;
    cookies.set(DEVICE_COOKIE, cookie.value, { httpOnly: true, sameSite: 'lax', secure: secure(url), path: '/', maxAge });
  }
}

export function clearSession(cookies: Cookies): void {
  cookies.delete(SESSION_COOKIES.access, { path: '/' });
  cookies.delete(SESSION_COOKIES.refresh, { path: '/' });
  cookies.delete(SESSION_COOKIES.csrf, { path: '/' });
}

/**
 * Who is signed in, for this page request: the access cookie is checked with GET /api/me; an
 * expired one is renewed once with the refresh token (rotating it). Anything else: signed out.
 */
export async function resolveSession(event: RequestEvent): Promise<{ user: SessionUser | null; accessToken: string | null }> {
  const { cookies, fetch, locals, url } = event;
  const access = cookies.get(SESSION_COOKIES.access);
  if (access) {
    const user = await fetchMe(fetch, locals.requestId, access);
    if (user) return { user, accessToken: access };
  }
  const refreshToken = cookies.get(SESSION_COOKIES.refresh);
  if (!refreshToken) {
    if (access) clearSession(cookies);
    return { user: null, accessToken: null };
  }
  const api = createApiClient(fetch, { requestId: locals.requestId });
  const { data } = await api.POST('/api/auth/refresh', { body: { refreshToken } });
  if (!data?.refreshToken) {
    clearSession(cookies);
    return { user: null, accessToken: null };
  }
  setSession(cookies, url, data);
  const user = await fetchMe(fetch, locals.requestId, data.accessToken);
  return { user, accessToken: user ? data.accessToken : null };
}

async function fetchMe(fetch: typeof globalThis.fetch, requestId: string, accessToken: string): Promise<SessionUser | null> {
  const api = createApiClient(fetch, { requestId, accessToken });
  const { data } = await api.GET('/api/me');
  return (data as SessionUser | undefined) ?? null;
}
