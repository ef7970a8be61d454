/**
 * Which completions have their certificate yet. Issuance is asynchronous (a queue job after the
 * completion commits), so for a minute or two a completed course has no certificate: the
 * learner is told it is being prepared rather than left wondering.
 */
import type { Completion } from '#lib/learning/types.js';
import type { MyCertificate } from './types';
import { hasCertificateFor } from './words';

/** How long after completing the page says "being prepared"; after that, that it is late and whom to ask. */
export const PREPARING_FOR_MS = 24 * 60 * 60 * 1000;

export type CertificateState =
  { kind: 'ready'; certificate: MyCertificate } | { kind: 'preparing'; completedAt: string } | { kind: 'delayed'; completedAt: string };

/** A certificate is wanted for a completion that stands (not withdrawn by a regrade). */
function wantsCertificate(completion: Completion | null): completion is Completion {
  return completion !== null && completion.status !== 'revoked';
}

/**
 * The certificate state of one course's completion, from the learner's certificates: the first
 * page of them, newest first (`complete`: that page is all of them). null: no completion that
 * wants one, or one whose certificate may be on a later page (it is older than the page's oldest).
 */
export function certificateStateOf(
  completion: Completion | null,
  courseSlug: string,
  certificates: readonly MyCertificate[],
  { now = Date.now(), complete = true }: { now?: number; complete?: boolean } = {}
): CertificateState | null {
  if (!wantsCertificate(completion)) return null;
  const match = certificates.find((c) => hasCertificateFor([c], completion, courseSlug));
  if (match) return { kind: 'ready', certificate: match };
  const completedAt = new Date(completion.completedAt).getTime();
  if (!complete) {
    const oldest = Math.min(...certificates.map((c) => new Date(c.issuedAt).getTime()));
    if (completedAt < oldest) return null;
  }
  return now - completedAt <= PREPARING_FOR_MS
    ? { kind: 'preparing', completedAt: completion.completedAt }
    : { kind: 'delayed', completedAt: completion.completedAt };
}
