import { SetMetadata } from '@nestjs/common';
import { DomainError } from '../errors/domain-error.js';
import { ErrorCode } from '../errors/error-code.js';

export const ORG_ROLES = ['learner', 'trainer', 'org_admin'] as const;
export type OrgRole = (typeof ORG_ROLES)[number];

/** Higher includes lower: an org admin can do what a trainer can, a trainer what a learner can. */
export const ORG_ROLE_RANK: Record<OrgRole, number> = { learner: 1, trainer: 2, org_admin: 3 };

/**
 * The one organisation-role check, used by the access guard and every service that checks a role
 * itself: does `role` (null or undefined: not a member) include `minRole`?
 */
export function hasOrgRole(role: OrgRole | null | undefined, minRole: OrgRole): role is OrgRole {
  return role !== null && role !== undefined && ORG_ROLE_RANK[role] >= ORG_ROLE_RANK[minRole];
}

export const ROLE_TOO_LOW = 'Your role in this organisation does not allow this';

/**
 * The one answer to a member's role in an organisation, for a caller who is not a platform admin
 * (callers let platform admins through first): not a member is 404, so an organisation's
 * existence is not revealed; a role below `minRole` is 403 with `forbidden` as its message.
 */
export function assertOrgRole(role: OrgRole | null | undefined, minRole: OrgRole, forbidden: string = ROLE_TOO_LOW): asserts role is OrgRole {
  if (!role) throw DomainError.notFound('Organisation');
  if (!hasOrgRole(role, minRole)) throw new DomainError(ErrorCode.Forbidden, forbidden);
}

/**
 * Who may call a route. Every route declares exactly one (boot fails otherwise), which lets a
 * test enumerate every route with its rule and call each as every kind of user.
 */
export type AccessRule =
  | { kind: 'public' }
  | { kind: 'authenticated' }
  | { kind: 'platform-admin' }
  /** A member of the organisation named by the route parameter `param`, with at least `minRole`. */
  | { kind: 'org-member'; minRole: OrgRole; param: string };

export const ACCESS_RULE = Symbol('htmse:access-rule');

const declare = (rule: AccessRule) => SetMetadata(ACCESS_RULE, rule);

/** Anyone; a signed-in caller is still recognised (req.actor is set when a valid token is sent). */
export const Public = () => declare({ kind: 'public' });
export const Authenticated = () => declare({ kind: 'authenticated' });
export const PlatformAdmin = () => declare({ kind: 'platform-admin' });
/** Platform admins pass too. Non-members get 404: an organisation's existence is not revealed. */
export const OrgMember = (minRole: OrgRole, param = 'organisationId') => declare({ kind: 'org-member', minRole, param });

export function describeRule(rule: AccessRule): string {
  switch (rule.kind) {
    case 'public':
      return 'public';
    case 'authenticated':
      return 'any signed-in user';
    case 'platform-admin':
      return 'platform admins';
    case 'org-member':
      return `${rule.minRole.replace('_', ' ')}s and above of the organisation :${rule.param}`;
  }
}
