/** What the authoring pages and the organisations' tailored-course pages share. */
import type { components } from '#lib/api/schema.js';
import type { ApiClient } from './api';
import { callApi } from './api-result';

export type AuthoredCourse = components['schemas']['AuthoredCourseDto'];
export type AuthoredModule = components['schemas']['AuthoredModuleDto'];
export type AuthoredLesson = components['schemas']['AuthoredLessonDto'];
export type AuthoredCourseSummary = components['schemas']['AuthoredCourseSummaryDto'];
export type AuthoredModuleSummary = components['schemas']['AuthoredModuleSummaryDto'];

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
