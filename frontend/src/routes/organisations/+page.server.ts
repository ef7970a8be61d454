import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { failForm } from '#lib/server/form-result.js';
import { loginUrl } from '#lib/safe-redirect.js';
import { apiFor } from '#lib/server/api-event.js';
import { callApi, mapFieldErrors } from '#lib/server/api-result.js';
import { textField } from '#lib/server/form-data.js';

export const load: PageServerLoad = async (event) => {
  const { locals, url } = event;
  if (!locals.user) redirect(303, loginUrl(`${url.pathname}${url.search}`));
  const q = (url.searchParams.get('q') ?? '').trim().slice(0, 120);
  const cursor = url.searchParams.get('cursor') ?? '';

  const api = apiFor(event);
  const outcome = await callApi(() =>
    api.GET('/api/organisations', { params: { query: { q: q || undefined, cursor: cursor || undefined } } })
  );
  const base = { q, cursor, isPlatformAdmin: locals.user.isPlatformAdmin };
  if (!outcome.ok) {
    const { problem } = outcome;
    if (problem.status === 401) redirect(303, loginUrl(`${url.pathname}${url.search}`));
    // A stale or hand-edited cursor: say so and offer the first page rather than failing the page.
    if (problem.status === 400) {
      return { ...base, organisations: [], nextCursor: null, loadProblem: 'This page of results is no longer available.' };
    }
    error(problem.status >= 500 ? 503 : problem.status, problem.message);
  }
  return { ...base, organisations: outcome.data.items, nextCursor: outcome.data.nextCursor, loadProblem: null };
};

export const actions: Actions = {
  create: async (event) => {
    if (!event.locals.user || !event.locals.accessToken) redirect(303, loginUrl('/organisations'));
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
    const { problem } = outcome;
    if (problem.status === 401) redirect(303, loginUrl('/organisations'));
    if (problem.code === 'VALIDATION_FAILED') {
      const { errors, unmatched } = mapFieldErrors(problem, { name: { label: 'Name', missing: 'Enter the organisation’s name' } });
      return failForm(400, { form: 'create', values, errors, problem: unmatched.join(' ') || undefined });
    }
    return failForm(problem.status >= 500 ? 503 : problem.status, { form: 'create', values, problem: problem.message });
  }
};
