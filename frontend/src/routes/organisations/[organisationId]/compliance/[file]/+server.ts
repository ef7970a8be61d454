import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { apiFor } from '#lib/server/api-event.js';
import { callApi } from '#lib/server/api-result.js';
import { requireSignedIn } from '#lib/server/guards.js';
import { pageError } from '#lib/server/problems.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const FORMATS = {
  'compliance.csv': 'text/csv; charset=utf-8',
  'compliance.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'compliance.pdf': 'application/pdf'
} as const;

/**
 * The organisation's compliance report (who is current, expiring, expired, overdue) as CSV, XLSX
 * or PDF, streamed from the API with the admin's token: a plain link, without JavaScript.
 */
export const GET: RequestHandler = async (event) => {
  const { organisationId, file } = event.params;
  const back = `/organisations/${organisationId}/cohorts`;
  requireSignedIn(event, { returnTo: back });
  const type = (FORMATS as Record<string, string | undefined>)[file];
  if (!type || !UUID.test(organisationId)) error(404, 'Not found');
  const api = apiFor(event);
  const init = { params: { path: { organisationId } }, parseAs: 'stream' } as const;
  const outcome = await callApi(() =>
    file === 'compliance.pdf'
      ? api.GET('/api/organisations/{organisationId}/compliance.pdf', init)
      : file === 'compliance.xlsx'
        ? api.GET('/api/organisations/{organisationId}/compliance.xlsx', init)
        : api.GET('/api/organisations/{organisationId}/compliance.csv', init)
  );
  if (!outcome.ok) pageError(outcome.problem, event, { notFound: 'Organisation not found', returnTo: back });
  const day = new Date().toISOString().slice(0, 10);
  return new Response(outcome.data as ReadableStream<Uint8Array>, {
    headers: {
      'content-type': type,
      'content-disposition': `attachment; filename="compliance-${day}.${file.split('.')[1]}"`,
      'cache-control': 'private, no-store'
    }
  });
};
