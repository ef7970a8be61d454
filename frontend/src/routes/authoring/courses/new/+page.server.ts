import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { linesOf } from '#lib/course-modules.js';
import { apiFor } from '#lib/server/api-event.js';
import { callApi } from '#lib/server/api-result.js';
import { moduleChoices } from '#lib/server/authoring.js';
import { COURSE_FAILURES, courseProblems, dueDays, readCourseForm, reorderAction, type CourseFormState } from '#lib/server/course-form.js';
import { failForm } from '#lib/server/form-result.js';
import { requirePlatformAdmin } from '#lib/server/guards.js';
import { formFailure } from '#lib/server/problems.js';

export const load: PageServerLoad = async (event) => {
  requirePlatformAdmin(event);
  return { choices: await moduleChoices(apiFor(event)) };
};

export const actions: Actions = {
  save: async (event) => {
    requirePlatformAdmin(event);
    const input = readCourseForm(await event.request.formData());
    const base = { form: 'course', values: input.values, modules: input.modules };
    const errors = courseProblems(input, { slug: true });
    if (Object.keys(errors).length > 0) return failForm<CourseFormState>(400, { ...base, errors });
    const { values } = input;
    const outcome = await callApi(() =>
      apiFor(event).POST('/api/authoring/courses', {
        body: {
          slug: values.slug,
          title: values.title,
          summary: values.summary || undefined,
          audience: values.audience || undefined,
          objectives: linesOf(values.objectives),
          moduleSlugs: input.modules,
          passMark: Number(values.passMark),
          defaultDuePeriodDays: dueDays(values)
        }
      })
    );
    if (outcome.ok) redirect(303, `/authoring/courses/${outcome.data.slug}?created=1`);
    return formFailure<CourseFormState>(outcome.problem, event, base, COURSE_FAILURES);
  },
  reorder: async (event) => {
    requirePlatformAdmin(event);
    return reorderAction(event);
  }
};
