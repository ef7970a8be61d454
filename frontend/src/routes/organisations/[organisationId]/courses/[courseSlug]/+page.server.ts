import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { SLUG } from '#lib/course-modules.js';
import { apiFor } from '#lib/server/api-event.js';
import { callApi } from '#lib/server/api-result.js';
import { loadProblem, moduleChoices, requireSignedIn } from '#lib/server/authoring.js';
import { courseProblems, mapCourseProblem, readCourseForm, reorderAction, type CourseFormState } from '#lib/server/course-form.js';
import { failForm, formOk } from '#lib/server/form-result.js';
import { ifMatch } from '#lib/server/revision.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const load: PageServerLoad = async (event) => {
  const user = requireSignedIn(event);
  const { organisationId, courseSlug } = event.params;
  if (!UUID.test(organisationId) || !SLUG.test(courseSlug)) error(404, 'Course not found');
  const api = apiFor(event);
  const org = await callApi(() => api.GET('/api/organisations/{organisationId}', { params: { path: { organisationId } } }));
  if (!org.ok) loadProblem(org.problem, event.url, 'Organisation not found');
  if (!user.isPlatformAdmin && org.data.role !== 'trainer' && org.data.role !== 'org_admin') {
    error(403, 'Only trainers and organisation admins may edit this organisation’s courses.');
  }
  const [course, choices] = await Promise.all([
    callApi(() => api.GET('/api/authoring/courses/{courseSlug}', { params: { path: { courseSlug } } })),
    moduleChoices(api)
  ]);
  if (!course.ok) loadProblem(course.problem, event.url, 'Course not found');
  if (course.data.organisationId !== organisationId) error(404, 'Course not found');
  return { organisation: org.data, course: course.data, choices, created: event.url.searchParams.has('created') };
};

type Event = RequestEvent<{ organisationId: string; courseSlug: string }>;

async function setPublished(event: Event, publish: boolean) {
  requireSignedIn(event);
  const api = apiFor(event);
  const path = { params: { path: { courseSlug: event.params.courseSlug } } };
  const outcome = await callApi(() =>
    publish ? api.POST('/api/authoring/courses/{courseSlug}/publish', path) : api.POST('/api/authoring/courses/{courseSlug}/unpublish', path)
  );
  if (outcome.ok) {
    return formOk<CourseFormState>({
      form: 'status',
      success: publish ? 'Published: members can enrol again.' : 'Unpublished: members cannot enrol; enrolled learners keep their place.'
    });
  }
  if (outcome.problem.status === 401) redirect(303, `/login?next=${encodeURIComponent(event.url.pathname)}`);
  return failForm<CourseFormState>(outcome.problem.status >= 500 ? 503 : outcome.problem.status, { form: 'status', problem: outcome.problem.message });
}

export const actions: Actions = {
  save: async (event) => {
    requireSignedIn(event);
    const input = readCourseForm(await event.request.formData());
    const base = { form: 'course', values: input.values, modules: input.modules };
    const errors = courseProblems(input, { slug: false });
    if (Object.keys(errors).length > 0) return failForm<CourseFormState>(400, { ...base, errors });
    const { values } = input;
    const outcome = await callApi(() =>
      apiFor(event).PATCH('/api/organisations/{organisationId}/courses/{courseSlug}', {
        params: { path: { organisationId: event.params.organisationId, courseSlug: event.params.courseSlug }, ...ifMatch(values.revision) },
        body: {
          title: values.title,
          summary: values.summary,
          moduleSlugs: input.modules,
          passMark: Number(values.passMark),
          defaultDuePeriodDays: values.defaultDuePeriodDays ? Number(values.defaultDuePeriodDays) : null
        }
      })
    );
    if (outcome.ok) {
      return formOk<CourseFormState>({
        ...base,
        values: { ...values, revision: outcome.data.revision },
        success: `Saved. The course is at version ${outcome.data.version}.`
      });
    }
    if (outcome.problem.status === 401) redirect(303, `/login?next=${encodeURIComponent(event.url.pathname)}`);
    return failForm<CourseFormState>(outcome.problem.status >= 500 ? 503 : outcome.problem.status, { ...base, ...mapCourseProblem(outcome.problem) });
  },
  reorder: async (event) => {
    requireSignedIn(event);
    return reorderAction(event);
  },
  publish: (event) => setPublished(event, true),
  unpublish: (event) => setPublished(event, false)
};
