import type { PageServerLoad } from './$types';
import { apiFor } from '#lib/server/api-event.js';
import { callApi } from '#lib/server/api-result.js';
import { sessionUser } from '#lib/server/guards.js';
import { pageError } from '#lib/server/problems.js';
import { supportViewOf } from '#lib/support.js';

export const load: PageServerLoad = async (event) => {
  const api = apiFor(event, { signedIn: false });
  const outcome = await callApi(() => api.GET('/api/publications/{slug}', { params: { path: { slug: event.params.slug } } }));
  // A malformed slug is as unknown as a missing one.
  if (!outcome.ok) pageError(outcome.problem, event, { notFound: 'Publication not found' });
  // Every publication is about trafficking or modern slavery: a sensitive page (support panel, quick exit).
  return { publication: outcome.data, support: supportViewOf(sessionUser(event)) };
};
