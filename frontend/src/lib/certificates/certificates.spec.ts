import { describe, expect, it } from 'vitest';
import { completion } from '#lib/learning/test-fixtures.js';
import { batchPercent, batchSummary } from './batch';
import { normaliseCertificateCode, verifyPath } from './code';
import { certificateStateOf, PREPARING_FOR_MS } from './pending';
import { certificate } from './test-fixtures';
import { hasCertificateFor, standingText, statusDetail } from './words';

describe('certificate codes as people type them', () => {
  it('accepts lower case, spaces, missing dashes and every kind of dash, and answers the canonical form', () => {
    expect(normaliseCertificateCode('HTM-7K3M-Q9XZ-2B4T')).toBe('HTM-7K3M-Q9XZ-2B4T');
    expect(normaliseCertificateCode('htm-7k3m-q9xz-2b4t')).toBe('HTM-7K3M-Q9XZ-2B4T');
    expect(normaliseCertificateCode('  HTM 7K3M\tQ9XZ 2B4T ')).toBe('HTM-7K3M-Q9XZ-2B4T');
    expect(normaliseCertificateCode('HTM7K3MQ9XZ2B4T')).toBe('HTM-7K3M-Q9XZ-2B4T');
    expect(normaliseCertificateCode('HTM–7K3M—Q9XZ\u22122B4T')).toBe('HTM-7K3M-Q9XZ-2B4T');
    expect(normaliseCertificateCode('HTM\u00A07K3M.Q9XZ_2B4T')).toBe('HTM-7K3M-Q9XZ-2B4T');
    // Full-width characters copied from some documents read as their plain forms.
    expect(normaliseCertificateCode('ＨＴＭ-７Ｋ３Ｍ-Ｑ９ＸＺ-２Ｂ４Ｔ')).toBe('HTM-7K3M-Q9XZ-2B4T');
  });

  it('reads the letters the codes never use as the digits they look like', () => {
    expect(normaliseCertificateCode('HTM-7K3M-Q9XZ-2BOO')).toBe('HTM-7K3M-Q9XZ-2B00');
    expect(normaliseCertificateCode('htm-ilil-q9xz-2b4t')).toBe('HTM-1111-Q9XZ-2B4T');
  });

  it('refuses what cannot be a code: empty, no HTM, other characters, wrong length, U', () => {
    expect(normaliseCertificateCode('')).toBe('');
    expect(normaliseCertificateCode('   ')).toBe('');
    expect(normaliseCertificateCode(null)).toBe('');
    expect(normaliseCertificateCode('7K3M-Q9XZ-2B4T')).toBe('');
    expect(normaliseCertificateCode('HTM-7K3M-Q9XZ-2B4')).toBe('');
    expect(normaliseCertificateCode('HTM-7K3M-Q9XZ-2B4TT')).toBe('');
    expect(normaliseCertificateCode('HTM-7K3M-Q9XZ-2B4U')).toBe('');
    expect(normaliseCertificateCode('HTM/7K3M/Q9XZ/2B4T')).toBe('');
    expect(normaliseCertificateCode('../../etc/passwd')).toBe('');
    expect(normaliseCertificateCode('<script>')).toBe('');
    expect(normaliseCertificateCode(`HTM-7K3M-Q9XZ-2B4T${' '.repeat(100)}`)).toBe('');
  });

  it('builds the verification address of a code', () => {
    expect(verifyPath('HTM-7K3M-Q9XZ-2B4T')).toBe('/verify/HTM-7K3M-Q9XZ-2B4T');
  });
});

describe('a certificate’s standing in words', () => {
  it('says valid until its expiry, or that it does not expire', () => {
    expect(standingText({ status: 'valid', expiresAt: '2027-12-10T00:00:00.000Z', revokedAt: null })).toBe('Valid until 10 Dec 2027.');
    expect(standingText({ status: 'valid', expiresAt: null, revokedAt: null })).toBe('Valid and does not expire.');
  });

  it('dates an expiry and a revocation', () => {
    expect(standingText({ status: 'expired', expiresAt: '2026-01-05T00:00:00.000Z', revokedAt: null })).toBe('Expired on 5 Jan 2026.');
    expect(standingText({ status: 'revoked', expiresAt: null, revokedAt: '2026-12-02T10:00:00.000Z' })).toBe('Revoked on 2 Dec 2026.');
    expect(statusDetail({ status: 'revoked', expiresAt: null, revokedAt: null })).toBe('');
  });
});

describe('which completion has its certificate yet', () => {
  const done = completion({ completedAt: '2025-12-10T00:00:00.000Z' });
  const justAfter = new Date('2025-12-10T00:05:00.000Z').getTime();

  it('matches a certificate of the course issued after the completion, or by the completion id when the API gives it', () => {
    expect(hasCertificateFor([certificate()], done, 'foundations')).toBe(true);
    expect(hasCertificateFor([certificate({ courseSlug: 'other' })], done, 'foundations')).toBe(false);
    // An older certificate of the same course belongs to an earlier completion (a re-take).
    expect(hasCertificateFor([certificate({ issuedAt: '2024-12-10T00:00:00.000Z' })], done, 'foundations')).toBe(false);
    const withId = { ...certificate(), completionId: 'other-completion' };
    expect(hasCertificateFor([withId], done, 'foundations')).toBe(false);
    expect(hasCertificateFor([{ ...withId, completionId: done.id }], done, 'foundations')).toBe(true);
  });

  it('is ready when the certificate is there, being prepared for a day, then late', () => {
    expect(certificateStateOf(done, 'foundations', [certificate()], { now: justAfter })).toMatchObject({
      kind: 'ready',
      certificate: { code: 'HTM-7K3M-Q9XZ-2B4T' }
    });
    expect(certificateStateOf(done, 'foundations', [], { now: justAfter })).toEqual({ kind: 'preparing', completedAt: done.completedAt });
    const later = new Date(done.completedAt).getTime() + PREPARING_FOR_MS + 1;
    expect(certificateStateOf(done, 'foundations', [], { now: later })).toEqual({ kind: 'delayed', completedAt: done.completedAt });
  });

  it('wants no certificate without a completion or for one a regrade withdrew', () => {
    expect(certificateStateOf(null, 'foundations', [], { now: justAfter })).toBeNull();
    expect(certificateStateOf(completion({ status: 'revoked' }), 'foundations', [], { now: justAfter })).toBeNull();
  });

  it('does not guess when the certificate may be on a later page of the list', () => {
    const newer = certificate({ courseSlug: 'other', issuedAt: '2026-03-01T00:00:00.000Z' });
    expect(certificateStateOf(done, 'foundations', [newer], { now: justAfter, complete: false })).toBeNull();
    const recent = completion({ completedAt: '2026-04-01T00:00:00.000Z' });
    const now = new Date('2026-04-01T00:01:00.000Z').getTime();
    expect(certificateStateOf(recent, 'foundations', [newer], { now, complete: false })).toMatchObject({ kind: 'preparing' });
  });
});

describe('a bulk re-issue’s progress', () => {
  it('counts issued and failed certificates as handled, and an empty batch as complete', () => {
    expect(batchPercent({ total: 40, done: 10, failed: 2, skipped: 0 })).toBe(30);
    expect(batchPercent({ total: 40, done: 10, failed: 2, skipped: 8 })).toBe(50);
    expect(batchPercent({ total: 3, done: 3, failed: 0, skipped: 0 })).toBe(100);
    expect(batchPercent({ total: 0, done: 0, failed: 0, skipped: 0 })).toBe(100);
  });

  it('says where it stands in a sentence', () => {
    expect(batchSummary({ total: 40, done: 12, failed: 1, skipped: 0, state: 'running' })).toBe('In progress: 12 of 40 certificates issued, 1 failed.');
    expect(batchSummary({ total: 1, done: 1, failed: 0, skipped: 0, state: 'done' })).toBe('Finished: 1 of 1 certificate issued.');
    expect(batchSummary({ total: 5, done: 3, failed: 0, skipped: 2, state: 'done' })).toBe('Finished: 3 of 5 certificates issued, 2 not needed.');
  });
});
