import { error } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import type { FormState } from '#lib/form-state.js';
import { apiFor } from '#lib/server/api-event.js';
import { callApi } from '#lib/server/api-result.js';
import { formOk } from '#lib/server/form-result.js';
import { requireSignedIn, sessionUser } from '#lib/server/guards.js';
import { formFailure, pageError } from '#lib/server/problems.js';
import { supportViewOf } from '#lib/support.js';
import { getMyCourseProgress } from '#lib/server/progress-api.js';
import { enrolOnCourse } from './enrolments.server';

interface EnrolState extends FormState {
  enrolled?: boolean;
}

export const load: PageServerLoad = async (event) => {
  const { params } = event;
  const signedIn = sessionUser(event) !== null;
  // Signed in: the API answers with the version the caller is pinned to, and the caller's
  // enrolment, in the one call.
  const api = apiFor(event);
  const course = await callApi(() => api.GET('/api/courses/{slug}', { params: { path: { slug: params.slug } } }));
  // A malformed slug is as unknown as a missing one.
  if (!course.ok) pageError(course.problem, event, { notFound: 'Course not found' });
  const enrolment = signedIn ? course.data.enrolment : null;
  // Enrolled: the learner's progress too. Without it the page still shows, as for any enrolled learner.
  const progress = enrolment ? await getMyCourseProgress(api, params.slug) : null;
  const contentNote = courseContentNote(course.data);
  const firstLesson = course.data.modules.flatMap((module) => module.lessons)[0] ?? null;
  return {
    course: course.data,
    firstLessonId: firstLesson?.id ?? null,
    signedIn,
    enrolled: enrolment !== null,
    dueAt: enrolment?.dueAt ?? null,
    progress: progress?.ok ? progress.data : null,
    // After "Re-take" on the dashboard: the new enrolment starts here.
    retakeStarted: event.url.searchParams.get('retake') === 'started',
    contentNote,
    // A course with a content note is a sensitive page: the support panel and the quick exit.
    support: contentNote ? supportViewOf(sessionUser(event)) : null
  };
};

/**
 * The course-level content note (issue #13), read without assuming the field: an API that does
 * not send it yet answers none.
 */
function courseContentNote(course: object): string | null {
  const note = (course as { contentNote?: unknown }).contentNote;
  return typeof note === 'string' && note.trim() !== '' ? note : null;
}

export const actions: Actions = {
  enrol: async (event) => {
    requireSignedIn(event);
    const outcome = await enrolOnCourse(apiFor(event), event.params.slug);
    if (outcome.ok) return formOk<EnrolState>({ form: 'enrol', enrolled: true, success: 'You are enrolled' });
    return formFailure<EnrolState>(outcome.problem, event, { form: 'enrol' }, { on: { 'not-found': () => error(404, 'Course not found') } });
  }
};
