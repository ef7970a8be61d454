/**
 * What the organisation's certificates page and the platform admin's certificates page share:
 * reading the list (status filter, pages, the certificate being revoked) and the revoke action.
 */
import type { ActionFailure, RequestEvent } from '@sveltejs/kit';
import type { CertificateStatus, OrgCertificate } from '#lib/certificates/types.js';
import type { FormState } from '#lib/form-state.js';
import { apiFor } from './api-event';
import { listOrganisationCertificates, revokeCertificate } from './certificates-api';
import { textField } from './form-data';
import { failForm, formOk } from './form-result';
import { formFailure, sectionProblem } from './problems';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const CERTIFICATE_STATUSES = ['valid', 'expired', 'revoked'] as const satisfies readonly CertificateStatus[];
export const REASON_MAX = 500;

export function isCertificateStatus(value: unknown): value is CertificateStatus {
  return typeof value === 'string' && (CERTIFICATE_STATUSES as readonly string[]).includes(value);
}

export interface CertificateListView {
  certificates: OrgCertificate[] | null;
  nextCursor: string | null;
  status: CertificateStatus | '';
  cursor: string;
  /** The certificate whose revoke form is open (?revoke=<id>), when it is on this page. */
  revoking: string;
  problem: string | null;
}

/** The list as the address asks for it: ?status=, ?cursor=, ?revoke=. */
export async function loadCertificateList(event: RequestEvent, organisationId: string): Promise<CertificateListView> {
  const { searchParams } = event.url;
  const statusParam = searchParams.get('status') ?? '';
  const status = isCertificateStatus(statusParam) ? statusParam : '';
  const cursor = searchParams.get('cursor')?.trim() ?? '';
  const revokeParam = searchParams.get('revoke') ?? '';
  const outcome = await listOrganisationCertificates(apiFor(event), organisationId, { cursor: cursor || undefined, status: status || undefined });
  if (!outcome.ok) {
    return { certificates: null, nextCursor: null, status, cursor, revoking: '', problem: sectionProblem(outcome.problem, event) };
  }
  const revoking = outcome.data.items.some((c) => c.id === revokeParam && c.status !== 'revoked') ? revokeParam : '';
  return { certificates: outcome.data.items, nextCursor: outcome.data.nextCursor, status, cursor, revoking, problem: null };
}

export interface RevokeState extends FormState {
  /** The certificate the form was for, so its row shows the answer and keeps the form open on a problem. */
  certificateId?: string;
}

/** The revoke form's action: a reason is required (1..500 characters); the API checks who may. */
export async function revokeFromForm(event: RequestEvent): Promise<ActionFailure<RevokeState> | RevokeState> {
  const data = await event.request.formData();
  const certificateId = textField(data, 'certificateId');
  const reason = textField(data, 'reason');
  if (!UUID.test(certificateId)) {
    return failForm<RevokeState>(400, { form: 'revoke', problem: 'The page was out of date. Reload it and try again.' });
  }
  const values = { reason };
  if (!reason) {
    return failForm<RevokeState>(400, { form: 'revoke', certificateId, values, errors: { reason: 'Enter the reason for revoking this certificate' } });
  }
  if ([...reason].length > REASON_MAX) {
    return failForm<RevokeState>(400, {
      form: 'revoke',
      certificateId,
      values,
      errors: { reason: `The reason must be ${REASON_MAX} characters or fewer` }
    });
  }
  const outcome = await revokeCertificate(apiFor(event), certificateId, reason);
  if (!outcome.ok) {
    return formFailure<RevokeState>(
      outcome.problem,
      event,
      { form: 'revoke', certificateId, values },
      {
        fields: { reason: { label: 'Reason', missing: 'Enter the reason for revoking this certificate' } },
        on: {
          'not-found': () => ({ problem: 'That certificate could not be found. It may belong to another organisation. Reload the page.' }),
          conflict: () => ({ problem: 'This certificate was already revoked, or replaced by a re-issue. Reload the page to see it as it stands.' })
        }
      }
    );
  }
  const revoked = outcome.data;
  const whose = revoked.holderName === null ? ` for ${revoked.courseTitle}` : ` of ${revoked.holderName} for ${revoked.courseTitle}`;
  return formOk<RevokeState>({
    form: 'revoke',
    certificateId,
    success: `The certificate${whose} is revoked. Its verification page shows it as revoked from now on.`
  });
}
