import type { RequestHandler } from './$types';
import { apiFor } from '#lib/server/api-event.js';
import { callApi } from '#lib/server/api-result.js';
import { requireSignedIn } from '#lib/server/guards.js';
import { pageError } from '#lib/server/problems.js';

/** Signing in comes back to the account page: coming back to a download would leave the sign-in page on screen. */
const RETURN_TO = '/account';

/**
 * "Download my data": the API's export, fetched with the person's token and handed over as a
 * file. A plain link works everywhere (no script, no cookie-authenticated API call from the page).
 */
export const GET: RequestHandler = async (event) => {
  requireSignedIn(event, { returnTo: RETURN_TO });
  const api = apiFor(event);
  const outcome = await callApi(() => api.GET('/api/me/export'));
  if (!outcome.ok) pageError(outcome.problem, event, { returnTo: RETURN_TO });
  return new Response(`${JSON.stringify(outcome.data, null, 2)}\n`, {
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'content-disposition': 'attachment; filename="htmse-academy-my-data.json"',
      'cache-control': 'private, no-store'
    }
  });
};
