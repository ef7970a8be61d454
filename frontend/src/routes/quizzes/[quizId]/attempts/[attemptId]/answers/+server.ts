import type { RequestHandler } from './$types';
import type { SaveAnswersBody } from '#lib/quiz/types.js';
import { apiFor } from '#lib/server/api-event.js';
import type { ApiProblem } from '#lib/server/api-result.js';
import { sessionUser } from '#lib/server/guards.js';
import { kindOf, pageStatus } from '#lib/server/problems.js';
import { getAttempt, saveAnswers } from '#lib/server/quiz-api.js';

/** A save holds at most every question of a quiz; anything bigger is not one. */
const MAX_BODY = 256 * 1024;

/**
 * The question pages' autosave: PUT the API's save body, GET the attempt after a conflict.
 * Through the web server so the access token stays in its httpOnly cookie; JSON only, so no
 * other site can post here (that needs a CORS preflight nothing answers). The API validates
 * every value; this only keeps out what is not a save at all.
 */
function problemResponse(problem: ApiProblem): Response {
  const status = kindOf(problem) === 'signed-out' ? 401 : pageStatus(problem);
  return Response.json({ message: problem.message, code: problem.code, fields: problem.fields }, { status, headers: { 'cache-control': 'no-store' } });
}

const refuse = (status: number, message: string) => Response.json({ message }, { status });

function isSaveBody(value: unknown): value is SaveAnswersBody {
  if (typeof value !== 'object' || value === null) return false;
  const body = value as Record<string, unknown>;
  return Number.isInteger(body.version) && Array.isArray(body.answers) && (body.flags === undefined || Array.isArray(body.flags));
}

export const PUT: RequestHandler = async (event) => {
  if (!sessionUser(event)) return refuse(401, 'Sign in again to save your answers.');
  if (!(event.request.headers.get('content-type') ?? '').startsWith('application/json')) return refuse(415, 'Send JSON.');
  const text = await event.request.text();
  if (text.length > MAX_BODY) return refuse(413, 'Too much to save at once.');
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return refuse(400, 'Send JSON.');
  }
  if (!isSaveBody(body)) return refuse(400, 'Send { version, answers, flags? }.');
  const { version, answers, flags } = body;
  const outcome = await saveAnswers(apiFor(event), event.params.attemptId, flags ? { version, answers, flags } : { version, answers });
  if (!outcome.ok) return problemResponse(outcome.problem);
  return Response.json(outcome.data, { headers: { 'cache-control': 'no-store' } });
};

export const GET: RequestHandler = async (event) => {
  if (!sessionUser(event)) return refuse(401, 'Sign in again.');
  const outcome = await getAttempt(apiFor(event), event.params.attemptId);
  if (!outcome.ok) return problemResponse(outcome.problem);
  if (outcome.data.quizId !== event.params.quizId) return refuse(404, 'Attempt not found');
  return Response.json(outcome.data, { headers: { 'cache-control': 'no-store' } });
};
