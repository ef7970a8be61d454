import createClient from 'openapi-fetch';
import type { paths } from '#lib/api/schema.js';
import { apiInternalUrl } from './config';

export interface ApiClientOptions {
  /** Sent as X-Request-Id so the page, the API and the worker log one id. */
  requestId?: string;
  /** The signed-in user's access token (from the session cookie), sent as a Bearer token. */
  accessToken?: string;
  /**
   * The browser's X-Forwarded-For chain (ending with its address), for calls made on a person's
   * behalf from form actions. Without it the API (which trusts one proxy hop) sees this server as
   * the client, so its per-address rate limits would lump every visitor together.
   */
  forwardedFor?: string;
  /** The browser's User-Agent, so the sessions and security events the API records name the device. */
  userAgent?: string;
  baseUrl?: string;
}

/**
 * The typed client generated from backend/openapi.json, for server-side load functions and
 * actions. Pass SvelteKit's `fetch` from the event.
 */
export function createApiClient(fetch: typeof globalThis.fetch, options: ApiClientOptions = {}) {
  const client = createClient<paths>({ baseUrl: options.baseUrl ?? apiInternalUrl(), fetch });
  const { requestId, accessToken, forwardedFor, userAgent } = options;
  if (requestId || accessToken || forwardedFor || userAgent) {
    client.use({
      onRequest({ request }) {
        if (requestId) request.headers.set('x-request-id', requestId);
        // Server-to-server with a Bearer token: no cookies, so no CSRF token is needed.
        if (accessToken) request.headers.set('authorization', `Bearer ${accessToken}`);
        if (forwardedFor) request.headers.set('x-forwarded-for', forwardedFor);
        if (userAgent) request.headers.set('user-agent', userAgent);
        return request;
      }
    });
  }
  return client;
}

export type ApiClient = ReturnType<typeof createApiClient>;
