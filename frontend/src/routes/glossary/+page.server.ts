import type { PageServerLoad } from './$types';
import { apiFor } from '#lib/server/api-event.js';
import { callApi } from '#lib/server/api-result.js';
import { pageError } from '#lib/server/problems.js';

export const load: PageServerLoad = async (event) => {
  // The same for everyone: asked without the visitor's credentials.
  const api = apiFor(event, { signedIn: false });
  const outcome = await callApi(() => api.GET('/api/glossary'));
  if (!outcome.ok) pageError(outcome.problem, event);
  return { terms: outcome.data.terms };
};
