import type { PageServerLoad } from './$types';
import { apiFor } from '#lib/server/api-event.js';
import { callApi } from '#lib/server/api-result.js';
import { requirePlatformAdmin } from '#lib/server/guards.js';
import { kindOf, pageError, sectionProblem } from '#lib/server/problems.js';

const PAGE_SIZE = 50;
const STALE_EVENTS = 'This page of events is no longer available. Start again from the newest events.';

export const load: PageServerLoad = async (event) => {
  requirePlatformAdmin(event);
  const cursor = event.url.searchParams.get('cursor')?.trim() || undefined;
  const outcome = await callApi(() => apiFor(event).GET('/api/audit-events', { params: { query: { cursor, limit: PAGE_SIZE } } }));
  // The session says platform admin but the API no longer does (rights withdrawn meanwhile).
  if (!outcome.ok && kindOf(outcome.problem) === 'forbidden') pageError(outcome.problem, event);
  return {
    cursor: cursor ?? '',
    events: outcome.ok ? outcome.data : null,
    problem: outcome.ok ? null : sectionProblem(outcome.problem, event, { stale: STALE_EVENTS })
  };
};
