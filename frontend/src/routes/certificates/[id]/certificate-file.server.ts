import { error, type RequestEvent } from '@sveltejs/kit';
import { apiFor } from '#lib/server/api-event.js';
import { certificateFile } from '#lib/server/certificates-api.js';
import { requireSignedIn } from '#lib/server/guards.js';
import { pageError } from '#lib/server/problems.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const NOT_FOUND = 'Certificate not found';

/**
 * A certificate's file, fetched with the signed-in person's token and handed over as a download:
 * plain links work without script and never put the API's cookie-authenticated URL in the page.
 * Signing in comes back to the certificates page (coming back to a download would leave the
 * sign-in page on screen). The API decides who may have the file; everyone else gets 404.
 */
export async function certificateDownload(event: RequestEvent<{ id: string }>, kind: 'pdf' | 'credential'): Promise<Response> {
  requireSignedIn(event, { returnTo: '/learning/certificates' });
  if (!UUID.test(event.params.id)) error(404, NOT_FOUND);
  const outcome = await certificateFile(apiFor(event), event.params.id, kind);
  if (!outcome.ok) pageError(outcome.problem, event, { notFound: NOT_FOUND, returnTo: '/learning/certificates' });
  return new Response(outcome.data.body, {
    headers: {
      'content-type': outcome.data.contentType,
      'content-disposition': outcome.data.disposition,
      'cache-control': 'private, no-store',
      'x-content-type-options': 'nosniff'
    }
  });
}
