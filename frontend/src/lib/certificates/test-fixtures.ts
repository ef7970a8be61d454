/** Certificates API answers for the certificate pages' unit tests. */
import type { CertificateVerification, MyCertificate, OrgCertificate } from './types';

export const CERTIFICATE_ID = '7d3f6a9e-2b1c-4e5f-8a9b-0c1d2e3f4a5b';

export function certificate(overrides: Partial<MyCertificate> = {}): MyCertificate {
  return {
    id: CERTIFICATE_ID,
    code: 'ABCDEFGHJK23',
    courseTitle: 'Foundations',
    courseSlug: 'foundations',
    courseVersion: 1,
    issuedAt: '2025-12-10T00:01:00.000Z',
    expiresAt: '2026-12-10T00:00:00.000Z',
    status: 'valid',
    revokedAt: null,
    verifyUrl: 'http://localhost:3000/verify/ABCDEFGHJK23',
    ...overrides
  };
}

export function orgCertificate(overrides: Partial<OrgCertificate> = {}): OrgCertificate {
  return { ...certificate(), holderName: 'Ama Mensah', ...overrides };
}

export function verification(overrides: Partial<CertificateVerification> = {}): CertificateVerification {
  return {
    code: 'ABCDEFGHJK23',
    holderName: 'Zoë Ødegård-Nguyễn 李',
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
