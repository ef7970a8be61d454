import { describe, expect, it } from 'vitest';
import { completion } from '#lib/learning/test-fixtures.js';
import { batchPercent, batchSummary } from './batch';
import { formatCertificateCode, normaliseCertificateCode, verifyPath } from './code';
import { certificateStateOf, PREPARING_FOR_MS } from './pending';
import { certificate } from './test-fixtures';
import { hasCertificateFor, standingText, statusDetail } from './words';

describe('certificate codes as people type them', () => {
  it('accepts lower case, spaces and every kind of dash, and answers the canonical form', () => {
    expect(normaliseCertificateCode('abcd-efgh-jk23')).toBe('ABCDEFGHJK23');
    expect(normaliseCertificateCode('  ABCD EFGH\tJK23 ')).toBe('ABCDEFGHJK23');
    expect(normaliseCertificateCode('abcd–efgh—jk23')).toBe('ABCDEFGHJK23');
    expect(normaliseCertificateCode('ABCD\u2212EFGH\u00A0JK23')).toBe('ABCDEFGHJK23');
    // Full-width characters copied from some documents read as their plain forms.
    expect(normaliseCertificateCode('ＡＢＣＤ-ｅｆｇｈ')).toBe('ABCDEFGH');
  });

  it('refuses what cannot be a code: empty, other characters, too short or too long', () => {
    expect(normaliseCertificateCode('')).toBe('');
    expect(normaliseCertificateCode('   ')).toBe('');
    expect(normaliseCertificateCode(null)).toBe('');
    expect(normaliseCertificateCode('ABC')).toBe('');
    expect(normaliseCertificateCode('ABCD/EFGH')).toBe('');
    expect(normaliseCertificateCode('../../etc/passwd')).toBe('');
    expect(normaliseCertificateCode('<script>')).toBe('');
    expect(normaliseCertificateCode('A'.repeat(65))).toBe('');
    expect(normaliseCertificateCode(`${'AB-'.repeat(40)}`)).toBe('');
  });

  it('prints a code in groups of four and builds its verification address', () => {
    expect(formatCertificateCode('ABCDEFGHJK23')).toBe('ABCD-EFGH-JK23');
    expect(formatCertificateCode('ABCDEF')).toBe('ABCD-EF');
    expect(verifyPath('ABCDEFGHJK23')).toBe('/verify/ABCDEFGHJK23');
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
      certificate: { code: 'ABCDEFGHJK23' }
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
    expect(batchPercent({ total: 40, done: 10, failed: 2 })).toBe(30);
    expect(batchPercent({ total: 3, done: 3, failed: 0 })).toBe(100);
    expect(batchPercent({ total: 0, done: 0, failed: 0 })).toBe(100);
  });

  it('says where it stands in a sentence', () => {
    expect(batchSummary({ id: 'b', total: 40, done: 12, failed: 1, state: 'running' })).toBe('In progress: 12 of 40 certificates issued, 1 failed.');
    expect(batchSummary({ id: 'b', total: 1, done: 1, failed: 0, state: 'done' })).toBe('Finished: 1 of 1 certificate issued.');
  });
});
