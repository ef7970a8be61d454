import type { Handle, HandleServerError } from '@sveltejs/kit/hooks';
import { dev } from '$app/env';
import { proxyToApi, isApiPath, useApiAgent } from '#lib/server/api-proxy.js';
import { crossSiteRefusal } from '#lib/server/csrf.js';
import { apiInternalUrl, protocolKnown, servedOverHttps } from '#lib/server/config.js';
import { requestIdFor } from '#lib/server/request-id.js';
import { resolveSession } from '#lib/server/session.js';

const SECURITY_HEADERS: Record<string, string> = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'strict-origin-when-cross-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), interest-cohort=()',
  'cross-origin-opener-policy': 'same-origin'
};

// Keep-alive connections to the API for the proxy and the pages' API calls.
useApiAgent();

export const handle: Handle = async ({ event, resolve }) => {
  const requestId = requestIdFor(event.request);
  event.locals.requestId = requestId;

  // SvelteKit's own check is off (svelte.config.js) because it misjudges plain-http deployments
  // without ORIGIN; this is the same check, see $lib/server/csrf.
  const refusal = crossSiteRefusal(event.request, event.url, { protocolKnown: protocolKnown(), requestId });
  if (refusal) return refusal;

  if (isApiPath(event.url.pathname)) {
    return proxyToApi(event.request, event.url, {
      upstream: apiInternalUrl(),
      requestId,
      clientAddress: event.getClientAddress(),
      protocol: servedOverHttps(event.url) ? 'https' : 'http'
    });
  }

  // Pages learn who is signed in (renewing an expired access token once); /api/* does not need it.
  const session = await resolveSession(event);
  event.locals.user = session.user;
  event.locals.accessToken = session.accessToken;

  const response = await resolve(event);
  response.headers.set('x-request-id', requestId);
  // Pages may show personal data: never let a shared cache keep them.
  if (session.user && !response.headers.has('cache-control')) response.headers.set('cache-control', 'private, no-store');
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) {
    if (!response.headers.has(name)) response.headers.set(name, value);
  }
  if (!dev && servedOverHttps(event.url)) {
    response.headers.set('strict-transport-security', 'max-age=31536000; includeSubDomains');
  }
  return response;
};

export const handleError: HandleServerError = ({ kind, error, event }) => {
  // error(...) from our own code already says what the page shows (SvelteKit 3 passes it here too).
  if (kind === 'app') return;
  const requestId = event.locals.requestId;
  const status = kind === 'unknown' ? 500 : error.status;
  // 404s and other expected statuses are not server faults; log only what we did not expect.
  if (status >= 500) {
    console.error(
      JSON.stringify({
        level: 50,
        time: new Date().toISOString(),
        role: 'web',
        requestId,
        path: event.url.pathname,
        msg: 'unhandled error while rendering',
        err: error instanceof Error ? { message: error.message, stack: error.stack } : String(error)
      })
    );
    return { message: 'An unexpected error occurred', requestId };
  }
  return { requestId };
};
