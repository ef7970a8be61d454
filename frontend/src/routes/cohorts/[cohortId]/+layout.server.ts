import { error } from '@sveltejs/kit';
import type { LayoutServerLoad } from './$types';
import { apiFor } from '#lib/server/api-event.js';
import { callApi } from '#lib/server/api-result.js';
import { getCohort } from '#lib/server/cohorts-api.js';
import { canActAs, requireSignedIn } from '#lib/server/guards.js';
import { pageError } from '#lib/server/problems.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Every page of a cohort: the cohort (the API answers 404 to anyone who may not see it: a trainer
 * of another cohort, a learner) and the viewer's role in its organisation, which decides whether
 * the page offers to change it (organisation admins) or only to follow it (its trainers).
 */
export const load: LayoutServerLoad = async (event) => {
  const user = requireSignedIn(event);
  const { cohortId } = event.params;
  if (!UUID.test(cohortId)) error(404, 'Cohort not found');
  const api = apiFor(event);
  const cohort = await getCohort(api, cohortId);
  if (!cohort.ok) pageError(cohort.problem, event, { notFound: 'Cohort not found' });
  const organisationId = cohort.data.organisationId;
  const organisation = await callApi(() => api.GET('/api/organisations/{organisationId}', { params: { path: { organisationId } } }));
  if (!organisation.ok) pageError(organisation.problem, event, { notFound: 'Cohort not found' });
  return {
    cohort: cohort.data,
    organisation: { id: organisation.data.id, name: organisation.data.name, role: organisation.data.role },
    canManage: canActAs(user, organisation.data.role, 'org_admin')
  };
};
