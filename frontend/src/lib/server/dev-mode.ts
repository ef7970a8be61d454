import { dev } from '$app/env';
import { NODE_ENV } from '$app/env/private';

/**
 * Whether to point people at /dev/mail. The page itself asks the API, which answers 404 in
 * production; this only decides whether a link to it is worth showing. The built app runs with
 * the NODE_ENV `npm start` gives it ('development' unless set).
 */
export function devMailEnabled(): boolean {
  return dev || (NODE_ENV !== undefined && NODE_ENV !== 'production');
}
