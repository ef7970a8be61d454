import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { loginUrl } from '#lib/safe-redirect.js';
import { failForm, formOk } from '#lib/server/form-result.js';
import { apiFor } from '#lib/server/api-event.js';
import { callApi } from '#lib/server/api-result.js';
import { enrolOnCourse, enrolmentFor } from './enrolments.server';
import type { FormState } from '#lib/form-state.js';

interface EnrolState extends FormState {
  enrolled?: boolean;
}

export const load: PageServerLoad = async (event) => {
  const { params, locals } = event;
  // Signed in: the API answers with the version the caller is pinned to, once enrolled.
  const api = apiFor(event);
  const [course, enrolment] = await Promise.all([
    callApi(() => api.GET('/api/courses/{slug}', { params: { path: { slug: params.slug } } })),
    locals.user ? enrolmentFor(api, params.slug) : Promise.resolve(null)
  ]);
  if (!course.ok) {
    const { problem } = course;
    // A malformed slug is as unknown as a missing one.
    if (problem.status === 404 || problem.status === 400) error(404, 'Course not found');
    error(problem.status >= 500 ? 503 : problem.status, problem.message);
  }
  const firstLesson = course.data.modules.flatMap((module) => module.lessons)[0] ?? null;
  return {
    course: course.data,
    firstLessonId: firstLesson?.id ?? null,
    signedIn: Boolean(locals.user),
    enrolled: enrolment !== null,
    dueAt: enrolment?.dueAt ?? null
  };
};

export const actions: Actions = {
  enrol: async (event) => {
    const { params, locals } = event;
    const here = `/courses/${encodeURIComponent(params.slug)}`;
    if (!locals.user || !locals.accessToken) redirect(303, loginUrl(here));
    const outcome = await enrolOnCourse(apiFor(event), params.slug);
    if (outcome.ok) return formOk<EnrolState>({ form: 'enrol', enrolled: true, success: 'You are enrolled' });
    const { problem } = outcome;
    if (problem.status === 401) redirect(303, loginUrl(here));
    if (problem.status === 404) error(404, 'Course not found');
    return failForm<EnrolState>(problem.status >= 500 ? 503 : problem.status, { form: 'enrol', problem: problem.message });
  }
};
