import { redirect } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { SLUG } from '$lib/course-modules';
import { apiFor } from '$lib/server/api-event';
import { callApi } from '$lib/server/api-result';
import { moduleChoices, requirePlatformAdmin, type AuthoredCourse, type AuthoredModule } from '$lib/server/authoring';

export const load: PageServerLoad = async (event) => {
  requirePlatformAdmin(event);
  const { url } = event;

  // "Open by slug" (a GET form, so it works without JavaScript): drafts and modules in no
  // published course cannot be listed, because the API has no list of them.
  const openCourse = url.searchParams.get('course')?.trim() ?? '';
  const openModule = url.searchParams.get('module')?.trim() ?? '';
  if (openCourse && SLUG.test(openCourse)) redirect(303, `/authoring/courses/${openCourse}`);
  if (openModule && SLUG.test(openModule)) redirect(303, `/authoring/modules/${openModule}`);
  const openProblem = openCourse || openModule ? 'A slug has lowercase letters, digits and single dashes only.' : null;

  const api = apiFor(event);
  const list = await callApi(() => api.GET('/api/courses', { params: { query: { limit: 40 } } }));
  if (!list.ok) {
    return { courses: [] as AuthoredCourse[], modules: [] as AuthoredModule[], problem: list.problem.message, openProblem };
  }
  const [courseOutcomes, choices] = await Promise.all([
    Promise.all(
      list.data.items.map((c) =>
        callApi(() => api.GET('/api/authoring/courses/{courseSlug}', { params: { path: { courseSlug: c.slug } } }))
      )
    ),
    moduleChoices(api)
  ]);
  const courses = courseOutcomes.flatMap((o) => (o.ok && o.data.origin === 'authored' ? [o.data] : []));
  const moduleOutcomes = await Promise.all(
    choices.map((m) => callApi(() => api.GET('/api/authoring/modules/{moduleSlug}', { params: { path: { moduleSlug: m.slug } } })))
  );
  const modules = moduleOutcomes.flatMap((o) => (o.ok && o.data.origin === 'authored' ? [o.data] : []));
  return { courses, modules, problem: null as string | null, openProblem };
};
