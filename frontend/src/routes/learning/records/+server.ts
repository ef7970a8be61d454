import type { RequestHandler } from './$types';
import { apiFor } from '#lib/server/api-event.js';
import { callApi } from '#lib/server/api-result.js';
import { requireSignedIn } from '#lib/server/guards.js';
import { pageError } from '#lib/server/problems.js';

/** Signing in comes back to the dashboard: coming back to a download would leave the sign-in page on screen. */
const RETURN_TO = '/learning';

/**
 * "Download my learning records": the learner's own xAPI statements (GET /api/me/records/download),
 * fetched with their token and handed over as a file, streamed through as the API sends it. A plain link: no script, no cookie-authenticated API call from the page.
 */
export const GET: RequestHandler = async (event) => {
  requireSignedIn(event, { returnTo: RETURN_TO });
  const api = apiFor(event);
  const outcome = await callApi(() => api.GET('/api/me/records/download', { parseAs: 'stream' }));
  if (!outcome.ok) pageError(outcome.problem, event, { returnTo: RETURN_TO });
  return new Response(outcome.data as ReadableStream<Uint8Array>, {
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'content-disposition': 'attachment; filename="htmse-academy-learning-records.json"',
      'cache-control': 'private, no-store'
    }
  });
};
