import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { apiFor } from '#lib/server/api-event.js';
import { getBatch } from '#lib/server/certificates-api.js';
import { requirePlatformAdmin } from '#lib/server/guards.js';
import { pageError } from '#lib/server/problems.js';

const NOT_FOUND = 'Re-issue not found';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** How far a bulk (re-)issue has gone; the page asks again while it runs (with JavaScript) or on "Check again". */
export const load: PageServerLoad = async (event) => {
  requirePlatformAdmin(event);
  if (!UUID.test(event.params.batchId)) error(404, NOT_FOUND);
  const outcome = await getBatch(apiFor(event), event.params.batchId);
  if (!outcome.ok) pageError(outcome.problem, event, { notFound: NOT_FOUND });
  return { batch: outcome.data };
};
