/** How the certificate pages put a certificate's state into words. */
import { formatDate } from '#lib/format.js';
import type { CertificateStatus } from './types';

export const STATUS_LABEL: Record<CertificateStatus, string> = {
  valid: 'Valid',
  expired: 'Expired',
  revoked: 'Revoked'
};

interface Dated {
  status: CertificateStatus;
  expiresAt: string | null;
  revokedAt: string | null;
}

/** What follows the status word: "until 10 Dec 2027", "on 2 Dec 2026", "and does not expire". */
export function statusDetail(certificate: Dated): string {
  if (certificate.status === 'revoked') return certificate.revokedAt ? `on ${formatDate(certificate.revokedAt)}` : '';
  if (certificate.status === 'expired') return certificate.expiresAt ? `on ${formatDate(certificate.expiresAt)}` : '';
  return certificate.expiresAt ? `until ${formatDate(certificate.expiresAt)}` : 'and does not expire';
}

/** One sentence on the certificate's standing: "Valid until 10 Dec 2027.", "Revoked on 2 Dec 2026." */
export function standingText(certificate: Dated): string {
  const detail = statusDetail(certificate);
  return `${STATUS_LABEL[certificate.status]}${detail ? ` ${detail}` : ''}.`;
}

/** Whether a completion of `courseSlug` at `completedAt` has its certificate among `certificates` yet. */
export function hasCertificateFor(
  certificates: ReadonlyArray<{ courseSlug: string; issuedAt: string; completionId?: string | null }>,
  completion: { id: string; completedAt: string },
  courseSlug: string
): boolean {
  const completedAt = new Date(completion.completedAt).getTime();
  return certificates.some((c) => {
    if (c.completionId) return c.completionId === completion.id;
    // Without the completion's id: a certificate of the course issued at or after the completion
    // (a second earlier allows for clocks; issuance follows the completion through the queue).
    return c.courseSlug === courseSlug && new Date(c.issuedAt).getTime() >= completedAt - 1000;
  });
}
