import { redirect } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { questionPath, reviewPath } from '#lib/quiz/paths.js';
import { loadAttempt } from './attempt-load.server';

/** The attempt's own address leads to where the learner is: its first question, or its review. */
export const load: PageServerLoad = async (event) => {
  const attempt = await loadAttempt(event);
  const { quizId, attemptId } = event.params;
  redirect(303, attempt.status === 'in_progress' ? questionPath(quizId, attemptId, 1) : reviewPath(quizId, attemptId));
};
