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

/** What each role may do on an organisation's page (the API enforces the same rules). */
export function orgPermissions(role: OrgRole | null, isPlatformAdmin: boolean) {
  const manage = isPlatformAdmin || role === 'org_admin';
  return { viewMembers: manage || role === 'trainer', manage };
}
