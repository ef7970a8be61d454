import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors/domain-error.js';
import { ErrorCode } from '../errors/error-code.js';
import { assertOrgRole, hasOrgRole, ORG_ROLES, ROLE_TOO_LOW, type OrgRole } from './access.js';

const codeOf = (fn: () => void): string | undefined => {
  try {
    fn();
    return undefined;
  } catch (e) {
    expect(e).toBeInstanceOf(DomainError);
    return (e as DomainError).code;
  }
};

describe('hasOrgRole (the one organisation-role check)', () => {
  const includes: Record<OrgRole, OrgRole[]> = { learner: ['learner'], trainer: ['learner', 'trainer'], org_admin: ['learner', 'trainer', 'org_admin'] };
  for (const role of ORG_ROLES) {
    it(`${role} includes exactly ${includes[role].join(', ')}`, () => {
      expect(ORG_ROLES.filter((min) => hasOrgRole(role, min))).toEqual(includes[role]);
    });
  }

  it('is false for someone who is not a member, whatever the minimum', () => {
    for (const min of ORG_ROLES) {
      expect(hasOrgRole(null, min)).toBe(false);
      expect(hasOrgRole(undefined, min)).toBe(false);
    }
  });
});

describe('assertOrgRole', () => {
  it('answers 404 to a non-member (the organisation is not revealed), 403 to a role too low, and passes the rest', () => {
    expect(codeOf(() => assertOrgRole(null, 'learner'))).toBe(ErrorCode.NotFound);
    expect(codeOf(() => assertOrgRole('learner', 'trainer'))).toBe(ErrorCode.Forbidden);
    expect(codeOf(() => assertOrgRole('trainer', 'org_admin'))).toBe(ErrorCode.Forbidden);
    expect(codeOf(() => assertOrgRole('trainer', 'trainer'))).toBeUndefined();
    expect(codeOf(() => assertOrgRole('org_admin', 'learner'))).toBeUndefined();
  });

  it('says the caller’s own words when refusing a role, and the general ones otherwise', () => {
    expect(() => assertOrgRole('learner', 'trainer', 'Only trainers may upload')).toThrow('Only trainers may upload');
    expect(() => assertOrgRole('learner', 'org_admin')).toThrow(ROLE_TOO_LOW);
  });
});
