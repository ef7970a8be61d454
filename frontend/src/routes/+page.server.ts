import type { PageServerLoad } from './$types';
import { apiFor } from '$lib/server/api-event';
import { callApi } from '$lib/server/api-result';

/** How many courses the home page features; the full catalogue is at /courses. */
const FEATURED_COURSES = 6;

export const load: PageServerLoad = async (event) => {
  // Signed in: members also see their organisation's tailored courses.
  const api = apiFor(event);
  const outcome = await callApi(() => api.GET('/api/courses', { params: { query: { limit: FEATURED_COURSES } } }));
  // The home page still renders when the catalogue cannot be read; the section says so instead.
  if (!outcome.ok) return { courses: [], moreCourses: false, coursesProblem: 'Courses cannot be shown right now.' };
  return {
    courses: outcome.data.items,
    moreCourses: outcome.data.nextCursor !== null,
    coursesProblem: null
  };
};
