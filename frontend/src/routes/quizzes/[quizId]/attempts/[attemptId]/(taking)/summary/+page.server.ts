import { redirect } from '@sveltejs/kit';
import type { Actions } from './$types';
import type { FormState } from '#lib/form-state.js';
import { reviewPath } from '#lib/quiz/paths.js';
import { apiFor } from '#lib/server/api-event.js';
import { requireSignedIn } from '#lib/server/guards.js';
import { formFailure } from '#lib/server/problems.js';
import { ATTEMPT_CLOSED, submitAttempt } from '#lib/server/quiz-api.js';

export const actions: Actions = {
  /** Submits the attempt (the API's submit is idempotent: a repeat answers the same result). */
  submit: async (event) => {
    requireSignedIn(event);
    const { quizId, attemptId } = event.params;
    const outcome = await submitAttempt(apiFor(event), attemptId);
    // Closed already (at the time limit): its review is what there is to see.
    if (outcome.ok || outcome.problem.code === ATTEMPT_CLOSED) redirect(303, reviewPath(quizId, attemptId));
    return formFailure<FormState>(outcome.problem, event, { form: 'submit' }, { on: { 'not-found': () => ({ problem: 'This attempt was not found.' }) } });
  }
};
