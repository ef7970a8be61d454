import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { apiFor } from '#lib/server/api-event.js';
import { callApi } from '#lib/server/api-result.js';
import { requireOrgRole, requireSignedIn } from '#lib/server/guards.js';
import { pageError } from '#lib/server/problems.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const load: PageServerLoad = async (event) => {
  const user = requireSignedIn(event);
  const { organisationId, quizId } = event.params;
  if (!UUID.test(organisationId) || !UUID.test(quizId)) error(404, 'Quiz not found');
  const api = apiFor(event);
  const org = await callApi(() => api.GET('/api/organisations/{organisationId}', { params: { path: { organisationId } } }));
  if (!org.ok) pageError(org.problem, event, { notFound: 'Organisation not found' });
  requireOrgRole(user, org.data.role, 'trainer', 'Only trainers and organisation admins may see item analysis.');
  const analysis = await callApi(() => api.GET('/api/quizzes/{quizId}/analysis', { params: { path: { quizId }, query: { organisationId } } }));
  if (!analysis.ok) pageError(analysis.problem, event, { notFound: 'Quiz not found' });
  return { organisation: org.data, analysis: analysis.data };
};
