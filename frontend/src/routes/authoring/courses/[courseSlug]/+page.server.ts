import { error, type RequestEvent } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { linesOf, SLUG } from '#lib/course-modules.js';
import { apiFor } from '#lib/server/api-event.js';
import { callApi } from '#lib/server/api-result.js';
import { moduleChoices } from '#lib/server/authoring.js';
import { COURSE_FAILURES, courseProblems, readCourseForm, reorderAction, type CourseFormState } from '#lib/server/course-form.js';
import { failForm, formOk } from '#lib/server/form-result.js';
import { requirePlatformAdmin } from '#lib/server/guards.js';
import { formFailure, pageError } from '#lib/server/problems.js';
import { ifMatch } from '#lib/server/revision.js';

export const load: PageServerLoad = async (event) => {
  requirePlatformAdmin(event);
  const { courseSlug } = event.params;
  if (!SLUG.test(courseSlug)) error(404, 'Course not found');
  const api = apiFor(event);
  const [outcome, choices] = await Promise.all([
    callApi(() => api.GET('/api/authoring/courses/{courseSlug}', { params: { path: { courseSlug } } })),
    moduleChoices(api)
  ]);
  if (!outcome.ok) pageError(outcome.problem, event, { notFound: 'Course not found' });
  return { course: outcome.data, choices, created: event.url.searchParams.has('created') };
};

async function setPublished(event: RequestEvent<{ courseSlug: string }>, publish: boolean) {
  requirePlatformAdmin(event);
  const api = apiFor(event);
  const path = { params: { path: { courseSlug: event.params.courseSlug } } };
  const outcome = await callApi(() =>
    publish ? api.POST('/api/authoring/courses/{courseSlug}/publish', path) : api.POST('/api/authoring/courses/{courseSlug}/unpublish', path)
  );
  if (outcome.ok) {
    return formOk<CourseFormState>({
      form: 'status',
      success: publish
        ? `Published: version ${outcome.data.version} is what new learners get.`
        : 'Unpublished: new learners cannot find it; enrolled learners keep their place.'
    });
  }
  return formFailure<CourseFormState>(outcome.problem, event, { form: 'status' });
}

export const actions: Actions = {
  save: async (event) => {
    requirePlatformAdmin(event);
    const input = readCourseForm(await event.request.formData());
    const base = { form: 'course', values: input.values, modules: input.modules };
    const errors = courseProblems(input, { slug: false });
    if (Object.keys(errors).length > 0) return failForm<CourseFormState>(400, { ...base, errors });
    const { values } = input;
    const outcome = await callApi(() =>
      apiFor(event).PATCH('/api/authoring/courses/{courseSlug}', {
        params: { path: { courseSlug: event.params.courseSlug }, ...ifMatch(values.revision) },
        body: {
          title: values.title,
          summary: values.summary,
          audience: values.audience,
          objectives: linesOf(values.objectives),
          moduleSlugs: input.modules,
          passMark: Number(values.passMark),
          defaultDuePeriodDays: values.defaultDuePeriodDays ? Number(values.defaultDuePeriodDays) : null
        }
      })
    );
    if (outcome.ok) {
      // The form now stands for the saved course: its next save is checked against this revision.
      return formOk<CourseFormState>({
        ...base,
        values: { ...values, revision: outcome.data.revision },
        success: `Saved. The course is at version ${outcome.data.version}.`
      });
    }
    return formFailure<CourseFormState>(outcome.problem, event, base, COURSE_FAILURES);
  },
  reorder: async (event) => {
    requirePlatformAdmin(event);
    return reorderAction(event);
  },
  publish: (event) => setPublished(event, true),
  unpublish: (event) => setPublished(event, false)
};
