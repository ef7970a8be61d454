import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { linesOf } from '#lib/course-modules.js';
import { apiFor } from '#lib/server/api-event.js';
import { callApi } from '#lib/server/api-result.js';
import { moduleChoices, requirePlatformAdmin } from '#lib/server/authoring.js';
import { courseProblems, dueDays, mapCourseProblem, readCourseForm, reorderAction, type CourseFormState } from '#lib/server/course-form.js';
import { failForm } from '#lib/server/form-result.js';

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
    if (outcome.problem.status === 401) redirect(303, '/login?next=%2Fauthoring%2Fcourses%2Fnew');
    return failForm<CourseFormState>(outcome.problem.status >= 500 ? 503 : outcome.problem.status, { ...base, ...mapCourseProblem(outcome.problem) });
  },
  reorder: async (event) => {
    requirePlatformAdmin(event);
    return reorderAction(event);
  }
};
