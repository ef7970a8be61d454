import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { apiFor } from '#lib/server/api-event.js';
import { exportProgress } from '#lib/server/cohorts-api.js';
import { requireSignedIn } from '#lib/server/guards.js';
import { pageError } from '#lib/server/problems.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const FORMATS = {
  'progress.csv': { format: 'csv', type: 'text/csv; charset=utf-8' },
  'progress.xlsx': { format: 'xlsx', type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }
} as const;

/**
 * The cohort's progress as a file (CSV or XLSX), streamed from the API as it writes it, with the
 * viewer's token: a plain link, so it works without JavaScript and keeps the token in its cookie.
 */
export const GET: RequestHandler = async (event) => {
  const { cohortId, file } = event.params;
  requireSignedIn(event, { returnTo: `/cohorts/${cohortId}` });
  const spec = (FORMATS as Record<string, (typeof FORMATS)[keyof typeof FORMATS] | undefined>)[file];
  if (!spec || !UUID.test(cohortId)) error(404, 'Not found');
  const assignment = event.url.searchParams.get('assignment') ?? '';
  const outcome = await exportProgress(apiFor(event), cohortId, spec.format, UUID.test(assignment) ? assignment : undefined);
  if (!outcome.ok) pageError(outcome.problem, event, { notFound: 'Cohort not found', returnTo: `/cohorts/${cohortId}` });
  return new Response(outcome.data, {
    headers: {
      'content-type': spec.type,
      'content-disposition': `attachment; filename="cohort-progress-${cohortId.slice(0, 8)}.${spec.format}"`,
      'cache-control': 'private, no-store'
    }
  });
};
