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

/** Pages of GET /api/course-modules read at most (100 modules each). */
const MAX_PAGES = 10;

/**
 * Modules an author can put in a course: those of every published course the caller can see
 * (platform admins see every published course), from the API's one list, a page of 100 at a
 * time; a module in no published course yet is added by its slug instead.
 */
export async function moduleChoices(api: ApiClient): Promise<ModuleChoice[]> {
  const choices: ModuleChoice[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const outcome = await callApi(() => api.GET('/api/course-modules', { params: { query: { limit: 100, cursor } } }));
    if (!outcome.ok) break;
    choices.push(...outcome.data.items.map(({ slug, title }) => ({ slug, title })));
    if (!outcome.data.nextCursor) break;
    cursor = outcome.data.nextCursor;
  }
  return choices;
}
