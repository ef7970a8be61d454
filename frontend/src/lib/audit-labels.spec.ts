import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { AUDIT_LABELS, auditActionLabel, auditTargetText, shortId } from './audit-labels';

// A copy of AUDIT_ACTIONS in backend/src/modules/audit/audit.service.ts (the frontend cannot import
// backend code): add a code here and a label in audit-labels.ts when the backend gains one.
const AUDIT_ACTIONS = [
  'account.registered',
  'account.email_verified',
  'account.password_changed',
  'account.password_reset',
  'account.profile_updated',
  'account.data_exported',
  'account.deleted',
  'account.platform_admin_granted',
  'auth.login_succeeded',
  'auth.login_failed',
  'auth.login_rate_limited',
  'auth.logout',
  'auth.refresh_token_reused',
  'organisation.created',
  'organisation.updated',
  'organisation.support_updated',
  'membership.role_changed',
  'membership.removed',
  'invitation.created',
  'invitation.revoked',
  'invitation.accepted',
  'question.regraded',
  'organisation.learning_records_exported',
  'certificate.revoked',
  'certificate.batch_created',
  'cohort.member_reminded',
  'organisation.compliance_exported',
  'queue.job_retried',
  'queue.job_removed',
  'queue.job_promoted',
  'queue.paused',
  'queue.resumed'
] as const;

describe('audit labels', () => {
  it.each(AUDIT_ACTIONS)('labels %s for people', (action) => {
    expect(Object.hasOwn(AUDIT_LABELS, action)).toBe(true);
    expect(auditActionLabel(action)).not.toBe(action);
    expect(auditActionLabel(action).trim()).not.toBe('');
  });

  it('keeps its copy of the backend’s codes in step with audit.service.ts', () => {
    const source = readFileSync(fileURLToPath(new URL('../../../backend/src/modules/audit/audit.service.ts', import.meta.url)), 'utf8');
    const list = /const AUDIT_ACTIONS = \[([\s\S]*?)\] as const/.exec(source)?.[1] ?? '';
    const backend = [...list.matchAll(/'([a-z_.]+)'/g)].map((m) => m[1]);
    expect(backend.length).toBeGreaterThan(10);
    expect([...AUDIT_ACTIONS].sort()).toEqual(backend.sort());
  });

  it('labels no code the backend does not have', () => {
    expect(Object.keys(AUDIT_LABELS).sort()).toEqual([...AUDIT_ACTIONS].sort());
  });

  it('says the important ones plainly', () => {
    expect(auditActionLabel('auth.login_failed')).toBe('Sign-in failed');
    expect(auditActionLabel('auth.refresh_token_reused')).toBe('Session revoked: refresh token reused');
    expect(auditActionLabel('account.deleted')).toBe('Account deleted');
  });

  it('falls back to the raw code, also for names on Object.prototype', () => {
    expect(auditActionLabel('course.published')).toBe('course.published');
    expect(auditActionLabel('constructor')).toBe('constructor');
  });

  it('shortens ids and describes targets', () => {
    expect(shortId('3f2a9c1e-0000-4000-8000-000000000000')).toBe('3f2a9c1e…');
    expect(shortId('abc')).toBe('abc');
    expect(auditTargetText('user', '3f2a9c1e-0000-4000-8000-000000000000')).toBe('user 3f2a9c1e…');
    expect(auditTargetText('organisation', null)).toBe('organisation');
    expect(auditTargetText(null, null)).toBe('—');
  });
});
