import type { RequestHandler } from './$types';
import { proxyToApi } from '#lib/server/api-proxy.js';
import { apiInternalUrl, servedOverHttps } from '#lib/server/config.js';

/**
 * The issuer's public keys at the well-known address verifiers look for: the API's
 * GET /api/credentials/jwks.json, forwarded as the /api proxy forwards (status, body, caching
 * headers). Public keys for anyone: readable from a verifier's page on another origin too.
 */
export const GET: RequestHandler = async ({ request, url, locals, getClientAddress }) => {
  const response = await proxyToApi(request, new URL('/api/credentials/jwks.json', url), {
    upstream: apiInternalUrl(),
    requestId: locals.requestId,
    clientAddress: getClientAddress(),
    protocol: servedOverHttps(url) ? 'https' : 'http'
  });
  if (response.ok && !response.headers.has('access-control-allow-origin')) response.headers.set('access-control-allow-origin', '*');
  return response;
};
