import createClient from 'openapi-fetch';
import type { paths } from '$lib/api/schema';
import { apiInternalUrl } from './config';

export interface ApiClientOptions {
  /** Sent as X-Request-Id so the page, the API and the worker log one id. */
  requestId?: string;
  baseUrl?: string;
}

/**
 * The typed client generated from backend/openapi.json, for server-side load functions and
 * actions. Pass SvelteKit's `fetch` from the event.
 */
export function createApiClient(fetch: typeof globalThis.fetch, options: ApiClientOptions = {}) {
  const client = createClient<paths>({ baseUrl: options.baseUrl ?? apiInternalUrl(), fetch });
  const { requestId } = options;
  if (requestId) {
    client.use({
      onRequest({ request }) {
        request.headers.set('x-request-id', requestId);
        return request;
      }
    });
  }
  return client;
}

export type ApiClient = ReturnType<typeof createApiClient>;
