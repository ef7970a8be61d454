import type { RequestHandler } from './$types';
import type { RecordProgressBody } from '#lib/learning/types.js';
import { apiFor } from '#lib/server/api-event.js';
import { sessionUser } from '#lib/server/guards.js';
import { kindOf, pageStatus } from '#lib/server/problems.js';
import { recordProgress } from '#lib/server/progress-api.js';
import { reportProblem } from '#lib/learning/report.js';

/** A report is a few numbers; anything bigger is not one. */
const MAX_BODY = 2048;

const refuse = (status: number, message: string) => Response.json({ message }, { status, headers: { 'cache-control': 'no-store' } });

/**
 * The lesson page's reading reports (visible time, position, completion), sent with fetch
 * keepalive so the last one outlives the page. Through the web server so the access token stays
 * in its httpOnly cookie; JSON only, so no other site can post here (that needs a CORS preflight
 * nothing answers). The course is the one in the address.
 */
export const POST: RequestHandler = async (event) => {
  if (!sessionUser(event)) return refuse(401, 'Sign in again to record your progress.');
  if (!(event.request.headers.get('content-type') ?? '').startsWith('application/json')) return refuse(415, 'Send JSON.');
  const text = await event.request.text();
  if (text.length > MAX_BODY) return refuse(413, 'Too much for one report.');
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return refuse(400, 'Send JSON.');
  }
  const problem = reportProblem(body);
  if (problem) return refuse(400, problem);
  const report: RecordProgressBody = { course: event.params.slug, ...(body as Omit<RecordProgressBody, 'course'>) };
  const outcome = await recordProgress(apiFor(event), event.params.lessonId, report);
  if (!outcome.ok) {
    const status = kindOf(outcome.problem) === 'signed-out' ? 401 : pageStatus(outcome.problem);
    return Response.json({ message: outcome.problem.message, code: outcome.problem.code }, { status, headers: { 'cache-control': 'no-store' } });
  }
  return Response.json(outcome.data, { headers: { 'cache-control': 'no-store' } });
};
