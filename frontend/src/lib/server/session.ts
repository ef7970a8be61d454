import type { Cookies, RequestEvent } from '@sveltejs/kit';
import { dev } from '$app/env';
import { createApiClient } from './api';
import { servedOverHttps } from './config';

/** The same cookie names and attributes the API uses, so either can set or clear a session. */
export const SESSION_COOKIES = { access: 'htmse_access', refresh: 'htmse_refresh', csrf: 'htmse_csrf' } as const;
const REFRESH_MAX_AGE = 30 * 24 * 3600;

export interface SessionUser {
  id: string;
  email: string;
  displayName: string;
  emailVerified: boolean;
  isPlatformAdmin: boolean;
  memberships: { organisationId: string; organisationName: string; role: 'learner' | 'trainer' | 'org_admin' }[];
}

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
