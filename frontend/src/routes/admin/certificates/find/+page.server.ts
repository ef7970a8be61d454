import type { Actions, PageServerLoad } from './$types';
import { apiFor } from '#lib/server/api-event.js';
import { revokeFromForm } from '#lib/server/certificate-admin.js';
import { findCertificates } from '#lib/server/certificates-api.js';
import { requirePlatformAdmin } from '#lib/server/guards.js';
import { sectionProblem } from '#lib/server/problems.js';

const QUERY_MAX = 254;
const NOT_A_QUERY = 'Enter a certificate number (HTM-XXXX-XXXX-XXXX) or a learner’s full email address.';

/**
 * A platform admin finds any certificate, whichever organisation issued it or HTMSE Academy's own:
 * by its number (as typed from paper) or by the learner's email (all of their certificates, a page
 * at a time), sees its status, and revokes it with a reason (?revoke=<id> opens the form in place).
 */
export const load: PageServerLoad = async (event) => {
  requirePlatformAdmin(event);
  const { searchParams } = event.url;
  const q = (searchParams.get('q') ?? '').trim().slice(0, QUERY_MAX);
  const cursor = searchParams.get('cursor')?.trim() ?? '';
  const base = { q, cursor, status: '' as const, revoking: '', certificates: null, nextCursor: null, problem: null };
  if (!q) return base;
  const byEmail = q.includes('@');
  const outcome = await findCertificates(apiFor(event), { ...(byEmail ? { email: q } : { code: q }), cursor: cursor || undefined });
  if (!outcome.ok) return { ...base, problem: sectionProblem(outcome.problem, event, { stale: NOT_A_QUERY }) };
  const revokeParam = searchParams.get('revoke') ?? '';
  const revoking = outcome.data.items.some((c) => c.id === revokeParam && c.status !== 'revoked') ? revokeParam : '';
  return { ...base, certificates: outcome.data.items, nextCursor: outcome.data.nextCursor, revoking, byEmail };
};

export const actions: Actions = {
  revoke: (event) => {
    requirePlatformAdmin(event);
    return revokeFromForm(event);
  }
};
