/**
 * The assessment API's learner calls (GET quiz, start, GET attempt, save answers, submit), one
 * function each, so pages and endpoints read alike and a unit test can fake them.
 */
import type { AttemptView, QuizView, SaveAnswersBody, SaveAnswersResult } from '#lib/quiz/types.js';
import type { ApiClient } from './api';
import { callApi, type ApiOutcome } from './api-result';

// Until the assessment API is in the generated client, its paths are called untyped.
interface FetchResult {
  data?: unknown;
  error?: unknown;
  response: Response;
}
type Init = { params: { path: Record<string, string> }; body?: unknown };
interface Untyped {
  GET(path: string, init: Init): Promise<FetchResult>;
  POST(path: string, init: Init): Promise<FetchResult>;
  PUT(path: string, init: Init): Promise<FetchResult>;
}
const untyped = (api: ApiClient) => api as unknown as Untyped;

export function getQuiz(api: ApiClient, id: string): Promise<ApiOutcome<QuizView>> {
  return callApi(() => untyped(api).GET('/api/quizzes/{id}', { params: { path: { id } } })) as Promise<ApiOutcome<QuizView>>;
}

/** Starts an attempt, or answers the one in progress (201 and 200 are both success). */
export function startAttempt(api: ApiClient, quizId: string): Promise<ApiOutcome<AttemptView>> {
  return callApi(() => untyped(api).POST('/api/quizzes/{id}/attempts', { params: { path: { id: quizId } } })) as Promise<ApiOutcome<AttemptView>>;
}

export function getAttempt(api: ApiClient, id: string): Promise<ApiOutcome<AttemptView>> {
  return callApi(() => untyped(api).GET('/api/attempts/{id}', { params: { path: { id } } })) as Promise<ApiOutcome<AttemptView>>;
}

export function saveAnswers(api: ApiClient, id: string, body: SaveAnswersBody): Promise<ApiOutcome<SaveAnswersResult>> {
  return callApi(() => untyped(api).PUT('/api/attempts/{id}/answers', { params: { path: { id } }, body })) as Promise<ApiOutcome<SaveAnswersResult>>;
}

/** Submits (idempotent: a repeat answers the same result). */
export function submitAttempt(api: ApiClient, id: string): Promise<ApiOutcome<AttemptView>> {
  return callApi(() => untyped(api).POST('/api/attempts/{id}/submit', { params: { path: { id } } })) as Promise<ApiOutcome<AttemptView>>;
}

/** The API's codes for a save that can be retried after reloading, or not at all. */
export const VERSION_CONFLICT = 'ATTEMPT_VERSION_CONFLICT';
export const ATTEMPT_CLOSED = 'ATTEMPT_CLOSED';
