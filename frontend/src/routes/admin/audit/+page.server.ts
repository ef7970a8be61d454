import { error, redirect } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { loginUrl } from '#lib/safe-redirect.js';
import { apiFor } from '#lib/server/api-event.js';
import { callApi } from '#lib/server/api-result.js';
import { requirePlatformAdmin } from '#lib/server/authoring.js';

const PAGE_SIZE = 50;

export const load: PageServerLoad = async (event) => {
  requirePlatformAdmin(event);
  const cursor = event.url.searchParams.get('cursor')?.trim() || undefined;
  const outcome = await callApi(() => apiFor(event).GET('/api/audit-events', { params: { query: { cursor, limit: PAGE_SIZE } } }));
  if (!outcome.ok) {
    const { problem } = outcome;
    if (problem.status === 401) redirect(303, loginUrl(`${event.url.pathname}${event.url.search}`));
    // The session says platform admin but the API no longer does (rights withdrawn meanwhile).
    if (problem.status === 403) error(403, problem.message);
  }
  return {
    cursor: cursor ?? '',
    events: outcome.ok ? outcome.data : null,
    problem: outcome.ok
      ? null
      : outcome.problem.status === 400
        ? 'This page of events is no longer available. Start again from the newest events.'
        : outcome.problem.message
  };
};
