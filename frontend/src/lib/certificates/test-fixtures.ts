/** Certificates API answers for the certificate pages' unit tests. */
import type { AdminCertificate, CertificateBatch, CertificateVerification, MyCertificate, OrgCertificate } from './types';

export const CERTIFICATE_ID = '7d3f6a9e-2b1c-4e5f-8a9b-0c1d2e3f4a5b';

export function certificate(overrides: Partial<MyCertificate> = {}): MyCertificate {
  return {
    id: CERTIFICATE_ID,
    code: 'HTM-7K3M-Q9XZ-2B4T',
    courseTitle: 'Foundations',
    courseSlug: 'foundations',
    courseVersion: 1,
    issuedAt: '2025-12-10T00:01:00.000Z',
    expiresAt: '2026-12-10T00:00:00.000Z',
    status: 'valid',
    revokedAt: null,
    verifyUrl: 'http://localhost:3000/verify/HTM-7K3M-Q9XZ-2B4T',
    ...overrides
  };
}

export function orgCertificate(overrides: Partial<OrgCertificate> = {}): OrgCertificate {
  return {
    ...certificate(),
    userId: '9c8b7a6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
    holderName: 'Ama Mensah',
    accountDeleted: false,
    completedAt: '2025-12-10T00:00:00.000Z',
    revocationReason: null,
    ...overrides
  };
}

export function adminCertificate(overrides: Partial<AdminCertificate> = {}): AdminCertificate {
  return { ...orgCertificate(), organisationId: null, issuerName: 'HTMSE Academy', supersededAt: null, ...overrides };
}

export function verification(overrides: Partial<CertificateVerification> = {}): CertificateVerification {
  return {
    code: 'HTM-7K3M-Q9XZ-2B4T',
    holderName: 'Zoë Ødegård-Nguyễn 李',
    accountDeleted: false,
    courseTitle: 'Foundations',
    courseVersion: 2,
    issuer: { name: 'HTMSE Academy' },
    issuedAt: '2026-12-01T10:00:00.000Z',
    expiresAt: '2027-12-01T00:00:00.000Z',
    status: 'valid',
    revokedAt: null,
    ...overrides
  };
}

export function batch(overrides: Partial<CertificateBatch> = {}): CertificateBatch {
  return {
    id: '1f2e3d4c-5b6a-4978-8a6b-5c4d3e2f1a0b',
    total: 4,
    done: 1,
    failed: 0,
    skipped: 0,
    state: 'running',
    reason: 'Names corrected',
    createdAt: '2026-12-02T10:00:00.000Z',
    ...overrides
  };
}
