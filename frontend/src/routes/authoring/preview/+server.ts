import type { RequestHandler } from './$types';
import { apiFor } from '#lib/server/api-event.js';
import { callApi } from '#lib/server/api-result.js';
import { sessionUser } from '#lib/server/guards.js';
import { endpointProblem } from '#lib/server/problems.js';

const MAX = 100_000;

/**
 * The editor's live preview: POST { markdown } → { html }, rendered and sanitised by the API
 * exactly as a lesson is. Going through the web server keeps the access token in its httpOnly
 * cookie (the browser never holds it) and needs no CSRF header: this is not a form submission,
 * and JSON cannot be posted cross-site without a CORS preflight that nothing here answers.
 */
export const POST: RequestHandler = async (event) => {
  if (!sessionUser(event)) return Response.json({ message: 'Sign in again to see the preview.' }, { status: 401 });
  if (!(event.request.headers.get('content-type') ?? '').startsWith('application/json')) {
    return Response.json({ message: 'Send JSON.' }, { status: 415 });
  }
  let markdown: unknown;
  try {
    markdown = ((await event.request.json()) as { markdown?: unknown })?.markdown;
  } catch {
    return Response.json({ message: 'Send JSON.' }, { status: 400 });
  }
  if (typeof markdown !== 'string') return Response.json({ message: 'Send { markdown }.' }, { status: 400 });
  if (markdown.length > MAX) return Response.json({ message: 'The lesson body must be 100,000 characters or fewer.' }, { status: 400 });
  const outcome = await callApi(() => apiFor(event).POST('/api/authoring/preview', { body: { markdown } }));
  if (!outcome.ok) return endpointProblem(outcome.problem);
  return Response.json({ html: outcome.data.html }, { headers: { 'cache-control': 'no-store' } });
};
