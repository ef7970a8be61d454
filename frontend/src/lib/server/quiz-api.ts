/**
 * The assessment API's learner calls (GET quiz, start, GET attempt, save answers, submit), one
 * function each, so pages and endpoints read alike and a unit test can fake them.
 */
import type { AttemptView, QuizView, SaveAnswersBody, SaveAnswersResult } from '#lib/quiz/types.js';
import type { ApiClient } from './api';
import { callApi, type ApiOutcome } from './api-result';

export function getQuiz(api: ApiClient, quizId: string): Promise<ApiOutcome<QuizView>> {
  return callApi(() => api.GET('/api/quizzes/{quizId}', { params: { path: { quizId } } }));
}

/** Starts an attempt, or answers the one in progress (201 and 200 are both success). */
export function startAttempt(api: ApiClient, quizId: string): Promise<ApiOutcome<AttemptView>> {
  return callApi(() => api.POST('/api/quizzes/{quizId}/attempts', { params: { path: { quizId } } }));
}

export function getAttempt(api: ApiClient, attemptId: string): Promise<ApiOutcome<AttemptView>> {
  return callApi(() => api.GET('/api/attempts/{attemptId}', { params: { path: { attemptId } } }));
}

export function saveAnswers(api: ApiClient, attemptId: string, body: SaveAnswersBody): Promise<ApiOutcome<SaveAnswersResult>> {
  return callApi(() => api.PUT('/api/attempts/{attemptId}/answers', { params: { path: { attemptId } }, body }));
}

/** Submits (idempotent: a repeat answers the same result). */
export function submitAttempt(api: ApiClient, attemptId: string): Promise<ApiOutcome<AttemptView>> {
  return callApi(() => api.POST('/api/attempts/{attemptId}/submit', { params: { path: { attemptId } } }));
}

/** The API's codes for a save that can be retried after reloading, or not at all. */
export const VERSION_CONFLICT = 'ATTEMPT_VERSION_CONFLICT';
export const ATTEMPT_CLOSED = 'ATTEMPT_CLOSED';
