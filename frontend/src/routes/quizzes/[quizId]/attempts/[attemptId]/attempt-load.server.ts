import { error, type RequestEvent } from '@sveltejs/kit';
import type { AttemptView } from '#lib/quiz/types.js';
import { apiFor } from '#lib/server/api-event.js';
import { requireSignedIn } from '#lib/server/guards.js';
import { pageError } from '#lib/server/problems.js';
import { getAttempt } from '#lib/server/quiz-api.js';

type AttemptEvent = Pick<RequestEvent<{ quizId: string; attemptId: string }>, 'params' | 'url' | 'locals' | 'fetch' | 'request'>;

/**
 * The learner's own attempt, as the API has it now. Another learner's, an unknown id, or an
 * attempt of another quiz than the address says: all "not found".
 */
export async function loadAttempt(event: AttemptEvent): Promise<AttemptView> {
  requireSignedIn(event);
  const outcome = await getAttempt(apiFor(event), event.params.attemptId);
  if (!outcome.ok) pageError(outcome.problem, event, { notFound: 'Attempt not found' });
  if (outcome.data.quizId !== event.params.quizId) error(404, 'Attempt not found');
  return outcome.data;
}
