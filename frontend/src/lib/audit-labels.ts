/**
 * How the security audit trail reads to people: a label per action code (the backend's
 * AUDIT_ACTIONS), and short forms of what an event was about.
 */

export const AUDIT_LABELS: Readonly<Record<string, string>> = {
  'account.registered': 'Account registered',
  'account.email_verified': 'Email address verified',
  'account.password_changed': 'Password changed',
  'account.password_reset': 'Password reset',
  'account.profile_updated': 'Profile updated',
  'account.data_exported': 'Personal data exported',
  'account.deleted': 'Account deleted',
  'account.platform_admin_granted': 'Platform administrator rights granted',
  'auth.login_succeeded': 'Signed in',
  'auth.login_failed': 'Sign-in failed',
  'auth.login_rate_limited': 'Sign-in blocked: too many attempts',
  'auth.logout': 'Signed out',
  'auth.refresh_token_reused': 'Session revoked: refresh token reused',
  'organisation.created': 'Organisation created',
  'organisation.updated': 'Organisation updated',
  'organisation.support_updated': 'Safeguarding contact or support line changed',
  'membership.role_changed': 'Member’s role changed',
  'membership.removed': 'Member removed',
  'invitation.created': 'Invitation sent',
  'invitation.revoked': 'Invitation revoked',
  'invitation.accepted': 'Invitation accepted',
  'question.regraded': 'Quiz question regraded',
  'organisation.learning_records_exported': 'Learning records exported',
  'certificate.revoked': 'Certificate revoked',
  'certificate.batch_created': 'Certificates re-issued in bulk',
  'cohort.member_reminded': 'Reminder sent to a learner',
  'organisation.compliance_exported': 'Compliance report downloaded',
  'queue.job_retried': 'Queue dashboard: job retried',
  'queue.job_removed': 'Queue dashboard: job removed',
  'queue.job_promoted': 'Queue dashboard: delayed job run now',
  'queue.paused': 'Queue dashboard: queue paused',
  'queue.resumed': 'Queue dashboard: queue resumed'
};

/** The label of an action code; a code this list does not know yet is shown as it is. */
export function auditActionLabel(action: string): string {
  return (Object.hasOwn(AUDIT_LABELS, action) ? AUDIT_LABELS[action] : undefined) ?? action;
}

/** The first 8 characters of a long id ("3f2a9c1e…"); short ids unchanged. */
export function shortId(id: string): string {
  return id.length > 12 ? `${id.slice(0, 8)}…` : id;
}

/** "user 3f2a9c1e…", "user", or '—' when the event was about nothing in particular. */
export function auditTargetText(targetType: string | null, targetId: string | null): string {
  const parts = [targetType, targetId ? shortId(targetId) : null].filter((part): part is string => Boolean(part));
  return parts.length ? parts.join(' ') : '—';
}
