import type { PageServerLoad } from './$types';
import { apiFor } from '#lib/server/api-event.js';
import { callApi } from '#lib/server/api-result.js';
import { isInvalidInput, pageError } from '#lib/server/problems.js';

const COURSES_PER_PAGE = 12;

export const load: PageServerLoad = async (event) => {
  const cursor = event.url.searchParams.get('cursor') ?? '';
  // Signed in: members also see their organisation's tailored courses.
  const api = apiFor(event);
  const outcome = await callApi(() => api.GET('/api/courses', { params: { query: { limit: COURSES_PER_PAGE, cursor: cursor || undefined } } }));
  if (!outcome.ok) {
    const { problem } = outcome;
    // A stale or hand-edited cursor: say so and offer the first page rather than failing the page.
    if (isInvalidInput(problem)) {
      return { courses: [], nextCursor: null, cursor, loadProblem: 'This page of courses is no longer available.' };
    }
    pageError(problem, event);
  }
  return { courses: outcome.data.items, nextCursor: outcome.data.nextCursor, cursor, loadProblem: null };
};
