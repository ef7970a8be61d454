/**
 * The certificates API (issue 11), as the web pages call it: one place, so the learner's, the
 * organisation's, the admin's and the public pages share the calls.
 */
import type {
  AdminCertificatePage,
  CertificateBatch,
  CertificateBatchCreated,
  CertificateBatchRequest,
  CertificatePage,
  CertificateStatus,
  CertificateVerification,
  OrgCertificate,
  OrgCertificatePage
} from '#lib/certificates/types.js';
import type { ApiClient } from './api';
import { callApi, type ApiOutcome } from './api-result';

/** The public facts of a certificate, by its code (already normalised). 404 for an unknown code. */
export function verifyCertificate(api: ApiClient, code: string): Promise<ApiOutcome<CertificateVerification>> {
  return callApi(() => api.GET('/api/certificates/verify/{code}', { params: { path: { code } } }));
}

/** The signed-in learner's certificates, newest first, a page at a time. */
export function listMyCertificates(api: ApiClient, cursor?: string): Promise<ApiOutcome<CertificatePage>> {
  return callApi(() => api.GET('/api/me/certificates', { params: { query: { cursor: cursor || undefined } } }));
}

/** The certificates of an organisation's members (its admins, and platform admins). */
export function listOrganisationCertificates(
  api: ApiClient,
  organisationId: string,
  query: { cursor?: string; status?: CertificateStatus }
): Promise<ApiOutcome<OrgCertificatePage>> {
  return callApi(() =>
    api.GET('/api/organisations/{organisationId}/certificates', {
      params: { path: { organisationId }, query: { cursor: query.cursor || undefined, status: query.status || undefined } }
    })
  );
}

/** A platform admin's lookup of any certificate: by its number, or every certificate of a learner's email (a page at a time). */
export function findCertificates(api: ApiClient, query: { code?: string; email?: string; cursor?: string }): Promise<ApiOutcome<AdminCertificatePage>> {
  return callApi(() =>
    api.GET('/api/admin/certificates', {
      params: { query: { code: query.code || undefined, email: query.email || undefined, cursor: query.cursor || undefined } }
    })
  );
}

/** Revokes a certificate with the reason (1..500 characters); answers the certificate as it now stands. */
export function revokeCertificate(api: ApiClient, id: string, reason: string): Promise<ApiOutcome<OrgCertificate>> {
  return callApi(() => api.POST('/api/certificates/{certificateId}/revoke', { params: { path: { certificateId: id } }, body: { reason } }));
}

/** Starts a bulk (re-)issue for a course, an organisation or listed people. */
export function startBatch(api: ApiClient, body: CertificateBatchRequest): Promise<ApiOutcome<CertificateBatchCreated>> {
  return callApi(() => api.POST('/api/admin/certificates/batches', { body }));
}

/** How far a bulk (re-)issue has gone. */
export function getBatch(api: ApiClient, id: string): Promise<ApiOutcome<CertificateBatch>> {
  return callApi(() => api.GET('/api/admin/certificates/batches/{batchId}', { params: { path: { batchId: id } } }));
}

export interface CertificateFile {
  body: ReadableStream<Uint8Array>;
  contentType: string;
  /** The API's Content-Disposition (its file name), or ours. */
  disposition: string;
}

/** The file endpoints' own names and types, and what to call the download when the API names none. */
const FILES = {
  pdf: { type: 'application/pdf', name: 'htmse-academy-certificate.pdf' },
  credential: { type: 'application/vc+jwt', name: 'htmse-academy-credential.jwt' }
} as const;

/**
 * A certificate's PDF (owner, platform admin, or org admin of its organisation) or its digital
 * credential (owner only), streamed as the API sends it. Anyone else: 404.
 */
export async function certificateFile(api: ApiClient, id: string, kind: keyof typeof FILES): Promise<ApiOutcome<CertificateFile>> {
  const file = FILES[kind];
  let contentType: string = file.type;
  let disposition = `attachment; filename="${file.name}"`;
  const outcome = await callApi(async () => {
    const result =
      kind === 'pdf'
        ? await api.GET('/api/certificates/{certificateId}/pdf', { params: { path: { certificateId: id } }, parseAs: 'stream' })
        : await api.GET('/api/certificates/{certificateId}/credential', { params: { path: { certificateId: id } }, parseAs: 'stream' });
    contentType = result.response.headers.get('content-type') ?? contentType;
    disposition = result.response.headers.get('content-disposition') ?? disposition;
    return result;
  });
  if (!outcome.ok) return outcome;
  return { ok: true, status: outcome.status, data: { body: outcome.data as ReadableStream<Uint8Array>, contentType, disposition } };
}
