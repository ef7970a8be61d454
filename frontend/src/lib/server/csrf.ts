/**
 * SvelteKit's cross-site form check, with one difference. SvelteKit compares the Origin header
 * with the URL adapter-node builds, and adapter-node assumes https unless ORIGIN or
 * PROTOCOL_HEADER says otherwise; served over plain http without them (`npm start`), every
 * form post would then be refused. When the deployment has not said which protocol it uses,
 * the host alone is compared; otherwise the whole origin, exactly as SvelteKit does.
 */

import { apiError, isApiPath } from './api-proxy';

const FORM_CONTENT_TYPES = new Set(['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain']);
const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export interface CsrfOptions {
  /** True when ORIGIN or PROTOCOL_HEADER is configured, so `url.protocol` is known, not guessed. */
  protocolKnown: boolean;
}

export function isCrossSiteFormSubmission(request: Request, url: URL, { protocolKnown }: CsrfOptions): boolean {
  if (!STATE_CHANGING.has(request.method)) return false;
  const type = (request.headers.get('content-type') ?? '').split(';', 1)[0]!.trim().toLowerCase();
  if (!FORM_CONTENT_TYPES.has(type)) return false;
  const origin = request.headers.get('origin');
  if (!origin) return true;
  if (origin === url.origin) return false;
  if (protocolKnown) return true;
  try {
    const parsed = new URL(origin);
    return !((parsed.protocol === 'http:' || parsed.protocol === 'https:') && parsed.host === url.host);
  } catch {
    return true;
  }
}

export interface CrossSiteOptions extends CsrfOptions {
  requestId: string;
}

/**
 * The answer to a cross-site form submission, or null to let the request through.
 *
 * Pages: refused as text, as SvelteKit does. `/api`: the API protects itself against CSRF on
 * cookie-authenticated writes (double submit), and a request carrying a Bearer token is an API
 * client, not a form: no page can make a browser attach that header to a cross-site request
 * (it needs a CORS preflight that neither the web app nor the API grants), so it passes and
 * uploads work. Other form-shaped posts to `/api` from another site (anonymous sign-in,
 * registration, enquiries from someone's browser) stay refused, in the API's error shape.
 */
export function crossSiteRefusal(request: Request, url: URL, { protocolKnown, requestId }: CrossSiteOptions): Response | null {
  if (!isCrossSiteFormSubmission(request, url, { protocolKnown })) return null;
  if (isApiPath(url.pathname)) {
    if (/^Bearer \S/.test(request.headers.get('authorization') ?? '')) return null;
    return apiError(
      403,
      'FORBIDDEN',
      `Cross-site ${request.method} form submissions are forbidden; API clients send Authorization: Bearer <accessToken>`,
      requestId
    );
  }
  return new Response(`Cross-site ${request.method} form submissions are forbidden`, {
    status: 403,
    headers: { 'content-type': 'text/plain; charset=utf-8', 'x-request-id': requestId }
  });
}
