/**
 * The learning progress API (issue #10), as the learner pages call it: one place, so the pages
 * share the calls.
 */
import type { components } from '#lib/api/schema.js';
import type { CourseProgress, MyProgress, RecordedProgress, RecordProgressBody } from '#lib/learning/types.js';
import type { ApiClient } from './api';
import { callApi, type ApiOutcome } from './api-result';

/** The dashboard: active enrolments (a page of them), archived completions, total time. */
export function getMyProgress(api: ApiClient, cursor?: string): Promise<ApiOutcome<MyProgress>> {
  return callApi(() => api.GET('/api/me/progress', { params: { query: { cursor: cursor || undefined } } }));
}

/** One course: per module and lesson, the completion record and where to resume. 404 when not enrolled. */
export function getMyCourseProgress(api: ApiClient, slug: string): Promise<ApiOutcome<CourseProgress>> {
  return callApi(() => api.GET('/api/me/courses/{slug}/progress', { params: { path: { slug } } }));
}

/** Records reading (time, position, completion) on a lesson within a course. */
export function recordProgress(api: ApiClient, lessonId: string, body: RecordProgressBody): Promise<ApiOutcome<RecordedProgress>> {
  return callApi(() => api.POST('/api/lessons/{lessonId}/progress', { params: { path: { lessonId } }, body }));
}

/** A new enrolment on the course of a completion that expired or is about to; the old record is archived. */
export function retakeCourse(api: ApiClient, enrolmentId: string): Promise<ApiOutcome<components['schemas']['EnrolmentDto']>> {
  return callApi(() => api.POST('/api/me/enrolments/{enrolmentId}/retake', { params: { path: { enrolmentId } } }));
}
