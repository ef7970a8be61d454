import { error } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { apiFor } from '#lib/server/api-event.js';
import { callApi } from '#lib/server/api-result.js';
import { loadCertificateList, revokeFromForm } from '#lib/server/certificate-admin.js';
import { requireOrgRole, requireSignedIn } from '#lib/server/guards.js';
import { pageError } from '#lib/server/problems.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const NOT_FOUND = 'Organisation not found';

/**
 * The certificates of an organisation's members (its admins, and platform admins), with revoke:
 * "Revoke…" opens the confirm step in place (?revoke=<id>), where a reason is required. Works
 * without JavaScript; after revoking, the list shows the certificate revoked at once.
 */
export const load: PageServerLoad = async (event) => {
  const user = requireSignedIn(event);
  if (!UUID.test(event.params.organisationId)) error(404, NOT_FOUND);
  const organisationId = event.params.organisationId;
  const api = apiFor(event);
  const [org, list] = await Promise.all([
    callApi(() => api.GET('/api/organisations/{organisationId}', { params: { path: { organisationId } } })),
    loadCertificateList(event, organisationId)
  ]);
  if (!org.ok) pageError(org.problem, event, { notFound: NOT_FOUND });
  requireOrgRole(user, org.data.role, 'org_admin', 'Only the organisation’s administrators may see its certificates.');
  return { organisation: { id: org.data.id, name: org.data.name }, ...list };
};

export const actions: Actions = {
  revoke: (event) => {
    requireSignedIn(event);
    return revokeFromForm(event);
  }
};
