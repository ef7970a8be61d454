import type { LayoutServerLoad } from './$types';
import { apiFor } from '#lib/server/api-event.js';
import { callApi } from '#lib/server/api-result.js';
import { pageError } from '#lib/server/problems.js';

/**
 * The course's contents for the lesson reader's sidebar. A layout load, so moving from one lesson
 * to the next does not fetch the syllabus again. Only what the sidebar shows is sent to the page.
 */
export const load: LayoutServerLoad = async (event) => {
  const api = apiFor(event);
  const outcome = await callApi(() => api.GET('/api/courses/{slug}', { params: { path: { slug: event.params.slug } } }));
  if (!outcome.ok) pageError(outcome.problem, event, { notFound: 'Course not found' });
  const { slug, title, modules } = outcome.data;
  return {
    course: {
      slug,
      title,
      modules: modules.map((module) => ({
        slug: module.slug,
        position: module.position,
        title: module.title,
        lessons: module.lessons.map((lesson) => ({ id: lesson.id, title: lesson.title }))
      }))
    }
  };
};
