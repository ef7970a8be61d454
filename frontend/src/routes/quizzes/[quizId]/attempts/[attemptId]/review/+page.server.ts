import { redirect } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { summaryPath } from '#lib/quiz/paths.js';
import { loadAttempt } from '../attempt-load.server';

/** The review shows only what the API returns, which is what the quiz's review policy allows now. */
export const load: PageServerLoad = async (event) => {
  const attempt = await loadAttempt(event);
  if (attempt.status === 'in_progress') redirect(303, summaryPath(event.params.quizId, event.params.attemptId));
  return { attempt };
};
