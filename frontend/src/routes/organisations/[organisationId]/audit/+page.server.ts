import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { apiFor } from '#lib/server/api-event.js';
import { callApi } from '#lib/server/api-result.js';
import { requireSignedIn } from '#lib/server/guards.js';
import { kindOf, pageError, sectionProblem } from '#lib/server/problems.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PAGE_SIZE = 50;
const STALE_EVENTS = 'This page of events is no longer available. Start again from the newest events.';

export const load: PageServerLoad = async (event) => {
  requireSignedIn(event);
  const { params, url } = event;
  // The API answers 404 for a malformed id too; asking it would only cost a round trip.
  if (!UUID.test(params.organisationId)) error(404, 'Organisation not found');
  const organisationId = params.organisationId;
  const cursor = url.searchParams.get('cursor')?.trim() || undefined;
  const api = apiFor(event);

  const [orgOutcome, eventsOutcome] = await Promise.all([
    callApi(() => api.GET('/api/organisations/{organisationId}', { params: { path: { organisationId } } })),
    callApi(() =>
      api.GET('/api/organisations/{organisationId}/audit-events', {
        params: { path: { organisationId }, query: { cursor, limit: PAGE_SIZE } }
      })
    )
  ]);
  if (!orgOutcome.ok) pageError(orgOutcome.problem, event, { notFound: 'Organisation not found' });
  // Only the organisation's admins (and platform admins) may read its trail: others get the API's 403/404.
  if (!eventsOutcome.ok && ['forbidden', 'not-found'].includes(kindOf(eventsOutcome.problem))) {
    pageError(eventsOutcome.problem, event, { notFound: 'Organisation not found' });
  }

  return {
    organisation: { id: orgOutcome.data.id, name: orgOutcome.data.name },
    cursor: cursor ?? '',
    events: eventsOutcome.ok ? eventsOutcome.data : null,
    problem: eventsOutcome.ok ? null : sectionProblem(eventsOutcome.problem, event, { stale: STALE_EVENTS })
  };
};
