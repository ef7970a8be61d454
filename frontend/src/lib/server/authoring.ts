import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import type { components } from '#lib/api/schema.js';
import { loginUrl } from '#lib/safe-redirect.js';
import type { ApiClient } from './api';
import { callApi, type ApiProblem } from './api-result';
import type { SessionUser } from './session';

export type AuthoredCourse = components['schemas']['AuthoredCourseDto'];
export type AuthoredModule = components['schemas']['AuthoredModuleDto'];
export type AuthoredLesson = components['schemas']['AuthoredLessonDto'];
export type AuthoredCourseSummary = components['schemas']['AuthoredCourseSummaryDto'];
export type AuthoredModuleSummary = components['schemas']['AuthoredModuleSummaryDto'];

type EventLike = Pick<RequestEvent, 'locals' | 'url'>;

/** Signed out: to sign in and back. Signed in but not a platform admin: 403. */
export function requirePlatformAdmin(event: EventLike): SessionUser {
  const user = event.locals.user;
  if (!user || !event.locals.accessToken) redirect(303, loginUrl(`${event.url.pathname}${event.url.search}`));
  if (!user.isPlatformAdmin) error(403, 'Only platform administrators may use this page.');
  return user;
}

export function requireSignedIn(event: EventLike): SessionUser {
  const user = event.locals.user;
  if (!user || !event.locals.accessToken) redirect(303, loginUrl(`${event.url.pathname}${event.url.search}`));
  return user;
}

/** An API refusal while loading a page becomes that page's error (or sign-in for 401). */
export function loadProblem(problem: ApiProblem, url: URL, notFound = 'Not found'): never {
  if (problem.status === 401) redirect(303, loginUrl(`${url.pathname}${url.search}`));
  if (problem.status === 404 || problem.status === 400) error(404, notFound);
  if (problem.status === 403) error(403, problem.message);
  error(problem.status >= 500 ? 503 : problem.status, problem.message);
}

export interface ModuleChoice {
  slug: string;
  title: string;
}

/** Courses read for the module list; each costs one request, so the list stays bounded. */
const MAX_COURSES = 40;

/**
 * Modules an author can put in a course. The API has no module list, so this gathers the modules
 * of every course the caller can see (platform admins see every published course); a module in no
 * published course yet is added by its slug instead.
 */
export async function moduleChoices(api: ApiClient): Promise<ModuleChoice[]> {
  const list = await callApi(() => api.GET('/api/courses', { params: { query: { limit: MAX_COURSES } } }));
  if (!list.ok) return [];
  const details = await Promise.all(
    list.data.items.map((course) => callApi(() => api.GET('/api/courses/{slug}', { params: { path: { slug: course.slug } } })))
  );
  const seen = new Map<string, ModuleChoice>();
  for (const detail of details) {
    if (!detail.ok) continue;
    for (const m of detail.data.modules) if (!seen.has(m.slug)) seen.set(m.slug, { slug: m.slug, title: m.title });
  }
  return [...seen.values()].sort((a, b) => a.title.localeCompare(b.title));
}
