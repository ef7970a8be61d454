import type { components } from '#lib/api/schema.js';
import type { ApiClient } from '#lib/server/api.js';
import { callApi, type ApiOutcome } from '#lib/server/api-result.js';

export type Enrolment = components['schemas']['EnrolmentDto'];

/** Enrols the signed-in caller; 201 (new) and 200 (already enrolled) are both success. */
export function enrolOnCourse(api: ApiClient, slug: string): Promise<ApiOutcome<Enrolment>> {
  return callApi(() => api.POST('/api/courses/{slug}/enrolments', { params: { path: { slug } } }));
}
