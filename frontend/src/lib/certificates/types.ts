/**
 * The certificates API's answers as the web pages read them (issue 11, docs/api.md): until the
 * generated client has them, the shapes of /work/notes/contracts.md.
 */
export type CertificateStatus = 'valid' | 'expired' | 'revoked';

/** GET /api/certificates/verify/{code}: the public fields only. */
export interface CertificateVerification {
  code: string;
  holderName: string;
  courseTitle: string;
  courseVersion: number;
  issuer: { name: string };
  issuedAt: string;
  expiresAt: string | null;
  status: CertificateStatus;
  revokedAt: string | null;
}

/** An item of GET /api/me/certificates. */
export interface MyCertificate {
  id: string;
  code: string;
  courseTitle: string;
  courseSlug: string;
  courseVersion: number;
  issuedAt: string;
  expiresAt: string | null;
  status: CertificateStatus;
  revokedAt: string | null;
  verifyUrl: string;
}

export interface CertificatePage<T> {
  items: T[];
  nextCursor: string | null;
}

/** An item of GET /api/organisations/{orgId}/certificates. */
export interface OrgCertificate extends MyCertificate {
  holderName?: string;
  holderEmail?: string;
}

export interface CertificateBatch {
  id: string;
  total: number;
  done: number;
  failed: number;
  state: 'running' | 'done';
}
