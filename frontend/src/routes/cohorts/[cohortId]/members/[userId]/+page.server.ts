import { error } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { pageLinks, readPageState } from '#lib/cohorts/pager.js';
import { apiFor } from '#lib/server/api-event.js';
import { getTimeline } from '#lib/server/cohorts-api.js';
import { pageError } from '#lib/server/problems.js';
import { sendReminder } from '#lib/server/reminders.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** One learner's learning events in the cohort, newest first, keyset-paginated; and a reminder to send. */
export const load: PageServerLoad = async (event) => {
  const { cohort } = await event.parent();
  const { userId } = event.params;
  if (!UUID.test(userId)) error(404, 'Learner not found');
  const page = readPageState(event.url.searchParams);
  const outcome = await getTimeline(apiFor(event), cohort.id, userId, page.cursor || undefined);
  if (!outcome.ok) pageError(outcome.problem, event, { notFound: 'Learner not found in this cohort' });
  const timeline = outcome.data;
  const assignment = event.url.searchParams.get('assignment') ?? '';
  return {
    userId,
    learner: timeline.learner,
    events: timeline.items,
    links: pageLinks(`/cohorts/${cohort.id}/members/${userId}`, new URLSearchParams(UUID.test(assignment) ? { assignment } : {}), page, timeline.nextCursor),
    backHref: UUID.test(assignment) ? `/cohorts/${cohort.id}?assignment=${assignment}` : `/cohorts/${cohort.id}`
  };
};

export const actions: Actions = {
  remind: (event) => sendReminder(event, event.params.cohortId)
};
