import type { PageServerLoad } from './$types';
import { apiFor } from '#lib/server/api-event.js';
import { callApi } from '#lib/server/api-result.js';

/** How many courses the home page features; the full catalogue is at /courses. */
const FEATURED_COURSES = 6;
/** The library is small (the five seed publications); the home page shows its first page. */
const LIBRARY_ON_HOME = 6;

export const load: PageServerLoad = async (event) => {
  // Signed in: members also see their organisation's tailored courses.
  const api = apiFor(event);
  const [outcome, library] = await Promise.all([
    callApi(() => api.GET('/api/courses', { params: { query: { limit: FEATURED_COURSES } } })),
    callApi(() => api.GET('/api/publications', { params: { query: { limit: LIBRARY_ON_HOME } } }))
  ]);
  // The home page still renders when the catalogue cannot be read; each section says so instead.
  const publications = library.ok ? library.data.items : [];
  const publicationsProblem = library.ok ? null : 'The publications cannot be shown right now.';
  if (!outcome.ok) return { courses: [], moreCourses: false, coursesProblem: 'Courses cannot be shown right now.', publications, publicationsProblem };
  return {
    courses: outcome.data.items,
    moreCourses: outcome.data.nextCursor !== null,
    coursesProblem: null,
    publications,
    publicationsProblem
  };
};
