/**
 * The certificates API's answers as the web pages read them (issue 11: /api/me/certificates,
 * /api/certificates/verify/{code}, /api/organisations/{id}/certificates, revoke, bulk batches),
 * from the generated client.
 */
import type { components } from '#lib/api/schema.js';

type Schemas = components['schemas'];

export type MyCertificate = Schemas['CertificateDto'];
export type CertificateStatus = MyCertificate['status'];
export type CertificatePage = Schemas['CertificatePageDto'];
/** GET /api/certificates/verify/{code}: the public fields only. */
export type CertificateVerification = Schemas['CertificateVerificationDto'];
/** An organisation's certificate, with its holder (for its admins and platform admins). */
export type OrgCertificate = Schemas['OrganisationCertificateDto'];
export type OrgCertificatePage = Schemas['OrganisationCertificatePageDto'];
/** A platform admin's lookup: any organisation's certificate, or HTMSE Academy's own, with its issuer. */
export type AdminCertificate = Schemas['AdminCertificateDto'];
export type AdminCertificatePage = Schemas['AdminCertificatePageDto'];
export type CertificateBatch = Schemas['CertificateBatchDto'];
export type CertificateBatchCreated = Schemas['CertificateBatchCreatedDto'];
export type CertificateBatchRequest = Schemas['CreateCertificateBatchDto'];
