/**
 * The learning progress API (issue #10), as the learner pages call it: one place, so the pages
 * share the calls and their types.
 */
import type { CourseProgress, MyProgress, RecordedProgress, RecordProgressBody } from '#lib/learning/types.js';
import type { ApiClient } from './api';
import { callApi, type ApiOutcome } from './api-result';

interface FetchResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

interface RequestInit {
  params?: { path?: Record<string, string>; query?: Record<string, string | number | undefined> };
  body?: unknown;
}

/**
 * The typed client, seen without its path types: these endpoints are being added to the API's
 * OpenAPI description in the same issue; the answers are typed in #lib/learning/types.
 */
interface LooseClient {
  GET(path: string, init?: RequestInit): Promise<FetchResult<unknown>>;
  POST(path: string, init?: RequestInit): Promise<FetchResult<unknown>>;
}

const loose = (api: ApiClient) => api as unknown as LooseClient;

/** The dashboard: active enrolments (a page of them), archived completions, total time. */
export function getMyProgress(api: ApiClient, cursor?: string): Promise<ApiOutcome<MyProgress>> {
  return callApi(() => loose(api).GET('/api/me/progress', { params: { query: { cursor: cursor || undefined } } })) as Promise<ApiOutcome<MyProgress>>;
}

/** One course: per module and lesson, the completion record and where to resume. 404 when not enrolled. */
export function getMyCourseProgress(api: ApiClient, slug: string): Promise<ApiOutcome<CourseProgress>> {
  return callApi(() => loose(api).GET('/api/me/courses/{slug}/progress', { params: { path: { slug } } })) as Promise<ApiOutcome<CourseProgress>>;
}

/** Records reading (time, position, completion) on a lesson within a course. */
export function recordProgress(api: ApiClient, lessonId: string, body: RecordProgressBody): Promise<ApiOutcome<RecordedProgress>> {
  return callApi(() => loose(api).POST('/api/lessons/{lessonId}/progress', { params: { path: { lessonId } }, body })) as Promise<ApiOutcome<RecordedProgress>>;
}

/** A new enrolment on the course of a completion that expired or is about to; the old record is archived. */
export function retakeCourse(api: ApiClient, enrolmentId: string): Promise<ApiOutcome<{ enrolmentId: string; courseSlug: string }>> {
  return callApi(() => loose(api).POST('/api/me/enrolments/{enrolmentId}/retake', { params: { path: { enrolmentId } } })) as Promise<
    ApiOutcome<{ enrolmentId: string; courseSlug: string }>
  >;
}
