import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { apiFor } from '#lib/server/api-event.js';
import { callApi } from '#lib/server/api-result.js';
import { textField } from '#lib/server/form-data.js';
import { failForm } from '#lib/server/form-result.js';
import { requireSignedIn } from '#lib/server/guards.js';
import { formFailure, isInvalidInput, pageError } from '#lib/server/problems.js';

export const load: PageServerLoad = async (event) => {
  const user = requireSignedIn(event);
  const { url } = event;
  const q = (url.searchParams.get('q') ?? '').trim().slice(0, 120);
  const cursor = url.searchParams.get('cursor') ?? '';

  const api = apiFor(event);
  const outcome = await callApi(() => api.GET('/api/organisations', { params: { query: { q: q || undefined, cursor: cursor || undefined } } }));
  const base = { q, cursor, isPlatformAdmin: user.isPlatformAdmin };
  if (!outcome.ok) {
    const { problem } = outcome;
    // A stale or hand-edited cursor: say so and offer the first page rather than failing the page.
    if (isInvalidInput(problem)) {
      return { ...base, organisations: [], nextCursor: null, loadProblem: 'This page of results is no longer available.' };
    }
    pageError(problem, event);
  }
  return { ...base, organisations: outcome.data.items, nextCursor: outcome.data.nextCursor, loadProblem: null };
};

export const actions: Actions = {
  create: async (event) => {
    requireSignedIn(event);
    const data = await event.request.formData();
    const name = textField(data, 'name');
    const values = { name };
    if (!name) return failForm(400, { form: 'create', values, errors: { name: 'Enter the organisation’s name' } });
    if ([...name].length < 2 || [...name].length > 120) {
      return failForm(400, { form: 'create', values, errors: { name: 'Name must be between 2 and 120 characters' } });
    }

    const api = apiFor(event);
    const outcome = await callApi(() => api.POST('/api/organisations', { body: { name } }));
    if (outcome.ok) redirect(303, `/organisations/${encodeURIComponent(outcome.data.id)}`);
    return formFailure(
      outcome.problem,
      event,
      { form: 'create', values },
      {
        fields: { name: { label: 'Name', missing: 'Enter the organisation’s name' } }
      }
    );
  }
};
