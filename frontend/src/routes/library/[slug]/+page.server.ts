import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { apiFor } from '#lib/server/api-event.js';
import { callApi } from '#lib/server/api-result.js';

export const load: PageServerLoad = async (event) => {
  const api = apiFor(event, { signedIn: false });
  const outcome = await callApi(() =>
    api.GET('/api/publications/{slug}', { params: { path: { slug: event.params.slug } } })
  );
  if (!outcome.ok) {
    const { problem } = outcome;
    if (problem.status === 404 || problem.status === 400) error(404, 'Publication not found');
    error(problem.status >= 500 ? 503 : problem.status, problem.message);
  }
  return { publication: outcome.data };
};
