import { error, redirect } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { loginUrl } from '#lib/safe-redirect.js';
import { apiFor } from '#lib/server/api-event.js';
import { callApi } from '#lib/server/api-result.js';

/**
 * "Download my data": the API's export, fetched with the person's token and handed over as a
 * file. A plain link works everywhere (no script, no cookie-authenticated API call from the page).
 */
export const GET: RequestHandler = async (event) => {
  if (!event.locals.user || !event.locals.accessToken) redirect(303, loginUrl('/account'));
  const api = apiFor(event);
  const outcome = await callApi(() => api.GET('/api/me/export'));
  if (!outcome.ok) {
    if (outcome.problem.status === 401) redirect(303, loginUrl('/account'));
    error(outcome.problem.status >= 500 ? 503 : outcome.problem.status, outcome.problem.message);
  }
  return new Response(`${JSON.stringify(outcome.data, null, 2)}\n`, {
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'content-disposition': 'attachment; filename="htmse-academy-my-data.json"',
      'cache-control': 'private, no-store'
    }
  });
};
