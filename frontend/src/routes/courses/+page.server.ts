import type { PageServerLoad } from './$types';
import { apiFor } from '#lib/server/api-event.js';
import { callApi } from '#lib/server/api-result.js';
import { sessionUser } from '#lib/server/guards.js';
import { organisationNameOf } from '#lib/server/organisation-name.js';
import { isInvalidInput, pageError } from '#lib/server/problems.js';

const COURSES_PER_PAGE = 12;
/** The API's largest page of enrolments: enough to mark the catalogue for all but the keenest learner. */
const ENROLMENTS_TO_MARK = 100;

export const load: PageServerLoad = async (event) => {
  const cursor = event.url.searchParams.get('cursor') ?? '';
  // Signed in: members also see their organisation's tailored courses.
  const api = apiFor(event);
  const user = sessionUser(event);
  // Signed in, the learner's enrolments at the same time, to mark the courses they are on. The
  // catalogue's answer has no such flag (nor the organisation's name on a tailored course).
  const [outcome, enrolments] = await Promise.all([
    callApi(() => api.GET('/api/courses', { params: { query: { limit: COURSES_PER_PAGE, cursor: cursor || undefined } } })),
    user ? callApi(() => api.GET('/api/me/enrolments', { params: { query: { limit: ENROLMENTS_TO_MARK } } })) : Promise.resolve(null)
  ]);
  // Without them the catalogue still shows, unmarked.
  const enrolledSlugs = enrolments?.ok ? [...new Set(enrolments.data.items.map((e) => e.courseSlug))] : [];
  const organisationName = organisationNameOf(user);
  if (!outcome.ok) {
    const { problem } = outcome;
    // A stale or hand-edited cursor: say so and offer the first page rather than failing the page.
    if (isInvalidInput(problem)) {
      return { courses: [], nextCursor: null, cursor, enrolledSlugs, organisationName, loadProblem: 'This page of courses is no longer available.' };
    }
    pageError(problem, event);
  }
  return { courses: outcome.data.items, nextCursor: outcome.data.nextCursor, cursor, enrolledSlugs, organisationName, loadProblem: null };
};
