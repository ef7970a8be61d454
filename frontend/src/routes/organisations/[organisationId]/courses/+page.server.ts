import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { apiFor } from '#lib/server/api-event.js';
import { callApi } from '#lib/server/api-result.js';
import { moduleChoices } from '#lib/server/authoring.js';
import { COURSE_FAILURES, courseProblems, dueDays, publishedToOf, readCourseForm, reorderAction, type CourseFormState } from '#lib/server/course-form.js';
import { failForm } from '#lib/server/form-result.js';
import { canActAs, requireSignedIn } from '#lib/server/guards.js';
import { formFailure, pageError, sectionProblem } from '#lib/server/problems.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const load: PageServerLoad = async (event) => {
  const user = requireSignedIn(event);
  const { organisationId } = event.params;
  if (!UUID.test(organisationId)) error(404, 'Organisation not found');
  const cursor = event.url.searchParams.get('cursor')?.trim() || undefined;
  const api = apiFor(event);
  const org = await callApi(() => api.GET('/api/organisations/{organisationId}', { params: { path: { organisationId } } }));
  if (!org.ok) pageError(org.problem, event, { notFound: 'Organisation not found' });
  const canEdit = canActAs(user, org.data.role, 'trainer');
  const [list, choices] = await Promise.all([
    callApi(() => api.GET('/api/organisations/{organisationId}/courses', { params: { path: { organisationId }, query: { cursor } } })),
    canEdit ? moduleChoices(api) : Promise.resolve([])
  ]);
  return {
    organisation: org.data,
    canEdit,
    cursor: cursor ?? null,
    courses: list.ok ? list.data : null,
    listProblem: list.ok ? null : sectionProblem(list.problem, event),
    choices
  };
};

export const actions: Actions = {
  create: async (event) => {
    requireSignedIn(event);
    const input = readCourseForm(await event.request.formData());
    const base = { form: 'course', values: input.values, modules: input.modules };
    const errors = courseProblems(input, { slug: false, publishedTo: true });
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
          defaultDuePeriodDays: dueDays(values),
          publishedTo: publishedToOf(values)
        }
      })
    );
    if (outcome.ok) redirect(303, `/organisations/${organisationId}/courses/${outcome.data.slug}?created=1`);
    return formFailure<CourseFormState>(outcome.problem, event, base, COURSE_FAILURES);
  },
  reorder: async (event) => {
    requireSignedIn(event);
    return reorderAction(event);
  }
};
