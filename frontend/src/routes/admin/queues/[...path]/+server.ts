/**
 * The queue dashboard (Bull Board) on the web origin: /admin/queues/* is forwarded to the API's
 * /api/admin/queues/*, which serves the board's page, assets and API to platform admins only
 * (it checks the session again; this guard only sends people to sign in, or refuses, first).
 *
 * The board's client (axios) echoes a cookie named XSRF-TOKEN in an X-XSRF-TOKEN header: the
 * page's response sets that cookie to the session's CSRF token (readable by script anyway:
 * htmse_csrf), and the header is handed to the API as X-CSRF-Token, so the API's double-submit
 * check applies to the board's retries as to every other cookie-authenticated write.
 */
import type { RequestHandler } from './$types';
import { dev } from '$app/env';
import { proxyToApi } from '#lib/server/api-proxy.js';
import { apiInternalUrl, servedOverHttps } from '#lib/server/config.js';
import { requirePlatformAdmin } from '#lib/server/guards.js';
import { SESSION_COOKIES } from '#lib/server/session.js';

const BOARD_PATH = '/admin/queues';
const BOARD_XSRF_COOKIE = 'XSRF-TOKEN';

// Bull Board links to /admin/queues/ and /admin/queues alike.
export const trailingSlash = 'ignore';

const forward: RequestHandler = async (event) => {
  requirePlatformAdmin(event);
  const { request, url, cookies, locals } = event;
  const csrf = cookies.get(SESSION_COOKIES.csrf);
  // Only the session, as this request resolved it (an expired access token was renewed just now).
  const cookie = [`${SESSION_COOKIES.access}=${locals.accessToken}`, ...(csrf ? [`${SESSION_COOKIES.csrf}=${csrf}`] : [])].join('; ');
  const xsrf = request.headers.get('x-xsrf-token');
  const response = await proxyToApi(request, url, {
    upstream: apiInternalUrl(),
    requestId: locals.requestId,
    clientAddress: event.getClientAddress(),
    protocol: servedOverHttps(url) ? 'https' : 'http',
    path: `/api${url.pathname.replace(/\/+$/, '')}`,
    headers: { cookie, 'x-xsrf-token': null, ...(xsrf ? { 'x-csrf-token': xsrf } : {}) }
  });
  if (csrf && response.ok && (response.headers.get('content-type') ?? '').startsWith('text/html')) {
    cookies.set(BOARD_XSRF_COOKIE, csrf, { path: BOARD_PATH, httpOnly: false, sameSite: 'lax', secure: servedOverHttps(url) && !dev });
  }
  return response;
};

export const GET = forward;
export const HEAD = forward;
export const PUT = forward;
export const POST = forward;
export const PATCH = forward;
export const DELETE = forward;
