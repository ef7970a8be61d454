import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { apiFor } from '#lib/server/api-event.js';
import { callApi } from '#lib/server/api-result.js';
import { loadProblem, moduleChoices, requireSignedIn } from '#lib/server/authoring.js';
import { courseProblems, dueDays, mapCourseProblem, readCourseForm, reorderAction, type CourseFormState } from '#lib/server/course-form.js';
import { failForm } from '#lib/server/form-result.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const load: PageServerLoad = async (event) => {
  const user = requireSignedIn(event);
  const { organisationId } = event.params;
  if (!UUID.test(organisationId)) error(404, 'Organisation not found');
  const cursor = event.url.searchParams.get('cursor')?.trim() || undefined;
  const api = apiFor(event);
  const org = await callApi(() => api.GET('/api/organisations/{organisationId}', { params: { path: { organisationId } } }));
  if (!org.ok) loadProblem(org.problem, event.url, 'Organisation not found');
  const canEdit = user.isPlatformAdmin || org.data.role === 'trainer' || org.data.role === 'org_admin';
  const [list, choices] = await Promise.all([
    callApi(() => api.GET('/api/organisations/{organisationId}/courses', { params: { path: { organisationId }, query: { cursor } } })),
    canEdit ? moduleChoices(api) : Promise.resolve([])
  ]);
  return {
    organisation: org.data,
    canEdit,
    cursor: cursor ?? null,
    courses: list.ok ? list.data : null,
    listProblem: list.ok ? null : list.problem.status === 400 ? 'This page of results is no longer available. Start again from the first page.' : list.problem.message,
    choices
  };
};

export const actions: Actions = {
  create: async (event) => {
    requireSignedIn(event);
    const input = readCourseForm(await event.request.formData());
    const base = { form: 'course', values: input.values, modules: input.modules };
    const errors = courseProblems(input, { slug: false });
    if (Object.keys(errors).length > 0) return failForm<CourseFormState>(400, { ...base, errors });
    const { values } = input;
    const { organisationId } = event.params;
    const outcome = await callApi(() =>
      apiFor(event).POST('/api/organisations/{organisationId}/courses', {
        params: { path: { organisationId } },
        body: {
          title: values.title,
          summary: values.summary || undefined,
          moduleSlugs: input.modules,
          passMark: Number(values.passMark),
          defaultDuePeriodDays: dueDays(values)
        }
      })
    );
    if (outcome.ok) redirect(303, `/organisations/${organisationId}/courses/${outcome.data.slug}?created=1`);
    if (outcome.problem.status === 401) redirect(303, `/login?next=${encodeURIComponent(event.url.pathname)}`);
    return failForm<CourseFormState>(outcome.problem.status >= 500 ? 503 : outcome.problem.status, { ...base, ...mapCourseProblem(outcome.problem) });
  },
  reorder: async (event) => {
    requireSignedIn(event);
    return reorderAction(event);
  }
};
