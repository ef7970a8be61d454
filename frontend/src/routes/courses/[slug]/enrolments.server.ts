import type { components } from '#lib/api/schema.js';
import type { ApiClient } from '#lib/server/api.js';
import { callApi, type ApiOutcome } from '#lib/server/api-result.js';

export type Enrolment = components['schemas']['EnrolmentDto'];

/** Enrols the signed-in caller; 201 (new) and 200 (already enrolled) are both success. */
export function enrolOnCourse(api: ApiClient, slug: string): Promise<ApiOutcome<Enrolment>> {
  return callApi(() => api.POST('/api/courses/{slug}/enrolments', { params: { path: { slug } } }));
}

/** Pages of GET /api/me/enrolments read before giving up; a learner has far fewer courses than this. */
const MAX_PAGES = 10;

/**
 * The caller's enrolment on a course, or null when there is none or it cannot be told (the API
 * failed): the page then offers "Enrol", which is harmless for someone enrolled already (200).
 */
export async function enrolmentFor(api: ApiClient, slug: string): Promise<Enrolment | null> {
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const outcome = await callApi(() => api.GET('/api/me/enrolments', { params: { query: { limit: 100, cursor } } }));
    if (!outcome.ok) return null;
    const found = outcome.data.items.find((item) => item.courseSlug === slug);
    if (found) return found;
    if (!outcome.data.nextCursor) return null;
    cursor = outcome.data.nextCursor;
  }
  return null;
}
