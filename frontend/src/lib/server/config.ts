import { API_INTERNAL_URL, ORIGIN, PROTOCOL_HEADER } from '$app/env/private';

/** Where the web server reaches the API (never exposed to browsers: they use /api on this origin). */
export function apiInternalUrl(): string {
  return (API_INTERNAL_URL || 'http://127.0.0.1:3001').replace(/\/+$/, '');
}

/**
 * adapter-node assumes https unless ORIGIN or PROTOCOL_HEADER says otherwise, so `url.protocol`
 * is only trustworthy when one of them is set (compose sets ORIGIN; `npm start` serves plain http).
 */
export function protocolKnown(): boolean {
  return Boolean(ORIGIN || PROTOCOL_HEADER);
}

/** True only when the deployment has declared HTTPS: then cookies are Secure and HSTS is sent. */
export function servedOverHttps(url: URL): boolean {
  return protocolKnown() && url.protocol === 'https:';
}
