import type { SessionUser } from './session';

/**
 * The organisation a tailored course shown to this person comes from, when it can only be one:
 * such a course is shown only to its organisation's members (and to platform admins), and neither
 * the catalogue nor the progress API names the organisation. '' when it cannot be told.
 */
export function organisationNameOf(user: SessionUser | null): string {
  if (!user || user.isPlatformAdmin || user.memberships.length !== 1) return '';
  return user.memberships[0]!.organisationName;
}
