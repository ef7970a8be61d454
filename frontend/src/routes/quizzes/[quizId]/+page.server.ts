import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import type { FormState } from '#lib/form-state.js';
import { questionPath } from '#lib/quiz/paths.js';
import { apiFor } from '#lib/server/api-event.js';
import { requireSignedIn } from '#lib/server/guards.js';
import { formFailure, pageError } from '#lib/server/problems.js';
import { getQuiz, startAttempt } from '#lib/server/quiz-api.js';

/** ?course= names the course the learner came from, for the way back (a module may be in several). */
const COURSE_SLUG = /^[a-z0-9][a-z0-9-]{0,99}$/;

export const load: PageServerLoad = async (event) => {
  requireSignedIn(event);
  const quiz = await getQuiz(apiFor(event), event.params.quizId);
  if (!quiz.ok) pageError(quiz.problem, event, { notFound: 'Quiz not found' });
  const course = event.url.searchParams.get('course') ?? '';
  return { quiz: quiz.data, courseSlug: COURSE_SLUG.test(course) ? course : null, now: Date.now() };
};

export const actions: Actions = {
  start: async (event) => {
    requireSignedIn(event);
    const attempt = await startAttempt(apiFor(event), event.params.quizId);
    if (!attempt.ok) return formFailure<FormState>(attempt.problem, event, { form: 'start' });
    redirect(303, questionPath(event.params.quizId, attempt.data.id, 1));
  }
};
