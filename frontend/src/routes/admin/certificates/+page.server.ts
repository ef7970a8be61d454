import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { apiFor } from '#lib/server/api-event.js';
import { callApi } from '#lib/server/api-result.js';
import { loadCertificateList, revokeFromForm, REASON_MAX } from '#lib/server/certificate-admin.js';
import { startBatch } from '#lib/server/certificates-api.js';
import { textField } from '#lib/server/form-data.js';
import { failForm } from '#lib/server/form-result.js';
import { requirePlatformAdmin } from '#lib/server/guards.js';
import { formFailure, pageError, sectionProblem } from '#lib/server/problems.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Certificates for platform admins: find an organisation, then its certificates with revoke (the
 * organisation admins' view, here in the admin area), bulk re-issue for it with progress, and the
 * queue dashboard for failed issuance jobs.
 */
export const load: PageServerLoad = async (event) => {
  requirePlatformAdmin(event);
  const { searchParams } = event.url;
  const organisationId = searchParams.get('organisation') ?? '';
  const api = apiFor(event);
  if (!organisationId) {
    const q = (searchParams.get('q') ?? '').trim().slice(0, 120);
    const orgs = await callApi(() => api.GET('/api/organisations', { params: { query: { q: q || undefined, limit: 20 } } }));
    return {
      organisation: null,
      q,
      organisations: orgs.ok ? orgs.data.items.map((o) => ({ id: o.id, name: o.name })) : [],
      organisationsProblem: orgs.ok ? null : sectionProblem(orgs.problem, event),
      list: null
    };
  }
  if (!UUID.test(organisationId)) error(404, 'Organisation not found');
  const [org, list] = await Promise.all([
    callApi(() => api.GET('/api/organisations/{organisationId}', { params: { path: { organisationId } } })),
    loadCertificateList(event, organisationId)
  ]);
  if (!org.ok) pageError(org.problem, event, { notFound: 'Organisation not found' });
  return { organisation: { id: org.data.id, name: org.data.name }, q: '', organisations: [], organisationsProblem: null, list };
};

export const actions: Actions = {
  revoke: (event) => {
    requirePlatformAdmin(event);
    return revokeFromForm(event);
  },

  /** Re-issues the certificates of an organisation's completions (e.g. after a regrade or a corrected name). */
  reissue: async (event) => {
    requirePlatformAdmin(event);
    const data = await event.request.formData();
    const organisationId = textField(data, 'organisationId');
    const reason = textField(data, 'reason');
    const values = { reason };
    if (!UUID.test(organisationId)) return failForm(400, { form: 'reissue', problem: 'The page was out of date. Reload it and try again.' });
    if (!reason) return failForm(400, { form: 'reissue', values, errors: { batchReason: 'Enter the reason for re-issuing' } });
    if ([...reason].length > REASON_MAX) {
      return failForm(400, { form: 'reissue', values, errors: { batchReason: `The reason must be ${REASON_MAX} characters or fewer` } });
    }
    const outcome = await startBatch(apiFor(event), { organisationId, reason });
    if (!outcome.ok) {
      return formFailure(outcome.problem, event, { form: 'reissue', values }, { fields: { reason: { field: 'batchReason', label: 'Reason' } } });
    }
    redirect(303, `/admin/certificates/batches/${encodeURIComponent(outcome.data.id)}`);
  }
};
