import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { apiFor } from '#lib/server/api-event.js';
import { callApi } from '#lib/server/api-result.js';
import { requirePlatformAdmin } from '#lib/server/guards.js';
import { pageError } from '#lib/server/problems.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const load: PageServerLoad = async (event) => {
  requirePlatformAdmin(event);
  const { quizId } = event.params;
  if (!UUID.test(quizId)) error(404, 'Quiz not found');
  const wanted = event.url.searchParams.get('organisationId') ?? '';
  const organisationId = UUID.test(wanted) ? wanted : undefined;
  const api = apiFor(event);
  const [analysis, settings, organisations] = await Promise.all([
    callApi(() => api.GET('/api/quizzes/{quizId}/analysis', { params: { path: { quizId }, query: { organisationId } } })),
    callApi(() => api.GET('/api/quizzes/{quizId}/settings', { params: { path: { quizId } } })),
    callApi(() => api.GET('/api/organisations'))
  ]);
  if (!analysis.ok) pageError(analysis.problem, event, { notFound: 'Quiz not found' });
  return {
    analysis: analysis.data,
    moduleSlug: settings.ok ? settings.data.moduleSlug : null,
    organisations: organisations.ok ? organisations.data.items.map((o) => ({ value: o.id, label: o.name })) : [],
    organisationId: organisationId ?? ''
  };
};
