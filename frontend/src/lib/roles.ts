import type { components } from '#lib/api/schema.js';
import type { SelectOption } from '#lib/components/index.js';

export type OrgRole = components['schemas']['OrgRole'];

export const ORG_ROLES = ['learner', 'trainer', 'org_admin'] as const satisfies readonly OrgRole[];

export const ROLE_LABELS: Record<OrgRole, string> = {
  learner: 'Learner',
  trainer: 'Trainer',
  org_admin: 'Organisation admin'
};

export const ROLE_OPTIONS: SelectOption[] = ORG_ROLES.map((role) => ({ value: role, label: ROLE_LABELS[role] }));

export function isOrgRole(value: unknown): value is OrgRole {
  return typeof value === 'string' && (ORG_ROLES as readonly string[]).includes(value);
}

/** Each role includes what the ones before it may do. */
const RANK: Record<OrgRole, number> = { learner: 1, trainer: 2, org_admin: 3 };

/** True when `role` (null: not a member) is `min` or above. */
export function hasOrgRole(role: OrgRole | null, min: OrgRole): boolean {
  return role !== null && RANK[role] >= RANK[min];
}

/** What each role may do on an organisation's page (the API enforces the same rules). */
export function orgPermissions(role: OrgRole | null, isPlatformAdmin: boolean) {
  const manage = isPlatformAdmin || hasOrgRole(role, 'org_admin');
  return { viewMembers: isPlatformAdmin || hasOrgRole(role, 'trainer'), manage };
}
