import { error, type RequestEvent } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { SLUG } from '#lib/course-modules.js';
import { apiFor } from '#lib/server/api-event.js';
import { callApi } from '#lib/server/api-result.js';
import { moduleChoices } from '#lib/server/authoring.js';
import { COURSE_FAILURES, courseProblems, publishedToOf, readCourseForm, reorderAction, type CourseFormState } from '#lib/server/course-form.js';
import { failForm, formOk } from '#lib/server/form-result.js';
import { requireOrgRole, requireSignedIn } from '#lib/server/guards.js';
import { formFailure, pageError } from '#lib/server/problems.js';
import { ifMatch } from '#lib/server/revision.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const load: PageServerLoad = async (event) => {
  const user = requireSignedIn(event);
  const { organisationId, courseSlug } = event.params;
  if (!UUID.test(organisationId) || !SLUG.test(courseSlug)) error(404, 'Course not found');
  const api = apiFor(event);
  const org = await callApi(() => api.GET('/api/organisations/{organisationId}', { params: { path: { organisationId } } }));
  if (!org.ok) pageError(org.problem, event, { notFound: 'Organisation not found' });
  requireOrgRole(user, org.data.role, 'trainer', 'Only trainers and organisation admins may edit this organisation’s courses.');
  const [course, choices] = await Promise.all([
    callApi(() => api.GET('/api/authoring/courses/{courseSlug}', { params: { path: { courseSlug } } })),
    moduleChoices(api)
  ]);
  if (!course.ok) pageError(course.problem, event, { notFound: 'Course not found' });
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
  return formFailure<CourseFormState>(outcome.problem, event, { form: 'status' });
}

export const actions: Actions = {
  save: async (event) => {
    requireSignedIn(event);
    const input = readCourseForm(await event.request.formData());
    const base = { form: 'course', values: input.values, modules: input.modules };
    const errors = courseProblems(input, { slug: false, publishedTo: true });
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
          defaultDuePeriodDays: values.defaultDuePeriodDays ? Number(values.defaultDuePeriodDays) : null,
          publishedTo: publishedToOf(values)
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
    return formFailure<CourseFormState>(outcome.problem, event, base, COURSE_FAILURES);
  },
  reorder: async (event) => {
    requireSignedIn(event);
    return reorderAction(event);
  },
  publish: (event) => setPublished(event, true),
  unpublish: (event) => setPublished(event, false)
};
