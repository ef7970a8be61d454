import { redirect } from '@sveltejs/kit';
import type { LayoutServerLoad } from './$types';
import { reviewPath } from '#lib/quiz/paths.js';
import { loadAttempt } from '../attempt-load.server';

/**
 * Loaded once for the question pages and the summary: moving between questions in the browser
 * reuses it (the page's autosave keeps it current), so a question costs no API call.
 * `serverNow` lets the timer count on the server's clock, whatever the device's says.
 */
export const load: LayoutServerLoad = async (event) => {
  const attempt = await loadAttempt(event);
  // A submitted attempt (by the learner elsewhere, or at the time limit) is only reviewed.
  if (attempt.status !== 'in_progress') redirect(303, reviewPath(event.params.quizId, event.params.attemptId));
  return { attempt, serverNow: Date.now() };
};
