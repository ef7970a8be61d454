import { env } from '$env/dynamic/private';

/** Where the web server reaches the API (never exposed to browsers: they use /api on this origin). */
export function apiInternalUrl(): string {
  return (env.API_INTERNAL_URL || 'http://127.0.0.1:3001').replace(/\/+$/, '');
}
