import type { Actions, PageServerLoad } from './$types';
import { pageLinks, readPageState } from '#lib/cohorts/pager.js';
import { hasOrgRole } from '#lib/roles.js';
import { apiFor } from '#lib/server/api-event.js';
import { getAttention } from '#lib/server/cohorts-api.js';
import { requireSignedIn } from '#lib/server/guards.js';
import { sectionProblem } from '#lib/server/problems.js';
import { sendReminder } from '#lib/server/reminders.js';

/**
 * The trainer's "needs attention" queue: learners of the cohorts they train who have been inactive,
 * failed a quiz twice, are due soon or overdue, or whose certificate expires soon; each with the
 * reasons and a one-click reminder. Organisation admins see every cohort of their organisations.
 */
export const load: PageServerLoad = async (event) => {
  const user = requireSignedIn(event);
  const organisations = user.memberships.filter((m) => hasOrgRole(m.role, 'trainer')).map((m) => ({ id: m.organisationId, name: m.organisationName }));
  if (organisations.length === 0 && !user.isPlatformAdmin) {
    return { organisations, items: [], links: null, problem: null, trainer: false };
  }
  const page = readPageState(event.url.searchParams);
  const outcome = await getAttention(apiFor(event), page.cursor || undefined);
  return {
    organisations,
    items: outcome.ok ? outcome.data.items : [],
    links: outcome.ok ? pageLinks('/trainer', new URLSearchParams(), page, outcome.data.nextCursor) : null,
    problem: outcome.ok ? null : sectionProblem(outcome.problem, event),
    trainer: true
  };
};

export const actions: Actions = {
  remind: (event) => sendReminder(event)
};
