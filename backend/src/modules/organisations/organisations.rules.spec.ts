import { describe, expect, it } from 'vitest';
import type { Actor } from '../../common/auth/actor.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { ErrorCode } from '../../common/errors/error-code.js';
import { invitationMail } from './organisations.mails.js';
import {
  assertOrgAccess,
  containsPattern,
  hashInvitationToken,
  newInvitationToken,
  escapeLike,
  higherRole,
  leavesWithoutAdmin,
  nextFreeSlug,
  roleAtLeast,
  SLUG_MAX_LENGTH,
  slugify,
} from './organisations.rules.js';

const actor = (isPlatformAdmin = false): Actor => ({ userId: 'u', sessionId: 's', isPlatformAdmin, via: 'bearer' });
const codeOf = (fn: () => void): string | undefined => {
  try {
    fn();
    return undefined;
  } catch (e) {
    expect(e).toBeInstanceOf(DomainError);
    return (e as DomainError).code;
  }
};

describe('slugify', () => {
  it('lower-cases and joins words with single dashes', () => {
    expect(slugify('  Anti Slavery   International ')).toBe('anti-slavery-international');
    expect(slugify('A--B__C//D')).toBe('a-b-c-d');
  });

  it('drops accents and transliterates common letters', () => {
    expect(slugify('Fundação Ação Já!')).toBe('fundacao-acao-ja');
    expect(slugify('Straße Ærø')).toBe('strasse-aero');
  });

  it('keeps digits', () => {
    expect(slugify('Unit 42 (North)')).toBe('unit-42-north');
  });

  it('falls back when nothing Latin is left', () => {
    expect(slugify('Ла Страда')).toBe('organisation');
    expect(slugify('!!!')).toBe('organisation');
  });

  it('caps the length without leaving a trailing dash', () => {
    const slug = slugify(`${'a'.repeat(SLUG_MAX_LENGTH - 1)} bcd`);
    expect(slug.length).toBeLessThanOrEqual(SLUG_MAX_LENGTH);
    expect(slug.endsWith('-')).toBe(false);
    expect(slug).toBe('a'.repeat(SLUG_MAX_LENGTH - 1));
  });
});

describe('nextFreeSlug', () => {
  it('answers the base when it is free', () => {
    expect(nextFreeSlug('acme', [])).toBe('acme');
    expect(nextFreeSlug('acme', ['acme-2', 'other'])).toBe('acme');
  });

  it('suffixes -2, -3… on a clash, taking the smallest free one', () => {
    expect(nextFreeSlug('acme', ['acme'])).toBe('acme-2');
    expect(nextFreeSlug('acme', ['acme', 'acme-2'])).toBe('acme-3');
    expect(nextFreeSlug('acme', ['acme', 'acme-3'])).toBe('acme-2');
    expect(nextFreeSlug('acme', ['acme', 'acme-2', 'acme-3', 'acme-4'])).toBe('acme-5');
  });
});

describe('escapeLike / containsPattern', () => {
  it('takes %, _ and \\ literally', () => {
    expect(escapeLike('50%_off\\')).toBe('50\\%\\_off\\\\');
    expect(containsPattern('a_b')).toBe('%a\\_b%');
  });

  it('leaves ordinary text alone', () => {
    expect(containsPattern('Ana Silva')).toBe('%Ana Silva%');
  });
});

describe('role comparisons', () => {
  it('ranks learner < trainer < org_admin', () => {
    expect(roleAtLeast('org_admin', 'trainer')).toBe(true);
    expect(roleAtLeast('trainer', 'trainer')).toBe(true);
    expect(roleAtLeast('learner', 'trainer')).toBe(false);
    expect(roleAtLeast('trainer', 'org_admin')).toBe(false);
  });

  it('keeps the higher of two roles', () => {
    expect(higherRole('learner', 'trainer')).toBe('trainer');
    expect(higherRole('org_admin', 'learner')).toBe('org_admin');
    expect(higherRole('trainer', 'trainer')).toBe('trainer');
  });
});

describe('leavesWithoutAdmin', () => {
  it('refuses to demote or remove the only org admin', () => {
    expect(leavesWithoutAdmin('org_admin', 'trainer', 1)).toBe(true);
    expect(leavesWithoutAdmin('org_admin', null, 1)).toBe(true);
  });

  it('allows it when another org admin remains', () => {
    expect(leavesWithoutAdmin('org_admin', 'learner', 2)).toBe(false);
    expect(leavesWithoutAdmin('org_admin', null, 2)).toBe(false);
  });

  it('never concerns members who are not org admins, or keeping the role', () => {
    expect(leavesWithoutAdmin('trainer', null, 0)).toBe(false);
    expect(leavesWithoutAdmin('learner', 'org_admin', 0)).toBe(false);
    expect(leavesWithoutAdmin('org_admin', 'org_admin', 1)).toBe(false);
  });
});

describe('assertOrgAccess', () => {
  it('answers 404 for a missing organisation, even to platform admins', () => {
    expect(codeOf(() => assertOrgAccess(actor(true), null, 'learner'))).toBe(ErrorCode.NotFound);
  });

  it('answers 404 to non-members, not revealing the organisation', () => {
    expect(codeOf(() => assertOrgAccess(actor(), { callerRole: null }, 'learner'))).toBe(ErrorCode.NotFound);
  });

  it('answers 403 to members below the required role', () => {
    expect(codeOf(() => assertOrgAccess(actor(), { callerRole: 'learner' }, 'trainer'))).toBe(ErrorCode.Forbidden);
    expect(codeOf(() => assertOrgAccess(actor(), { callerRole: 'trainer' }, 'org_admin'))).toBe(ErrorCode.Forbidden);
  });

  it('lets members with the role, and platform admins, through', () => {
    expect(codeOf(() => assertOrgAccess(actor(), { callerRole: 'org_admin' }, 'org_admin'))).toBeUndefined();
    expect(codeOf(() => assertOrgAccess(actor(), { callerRole: 'trainer' }, 'learner'))).toBeUndefined();
    expect(codeOf(() => assertOrgAccess(actor(true), { callerRole: null }, 'org_admin'))).toBeUndefined();
  });
});

describe('invitation tokens', () => {
  it('are 32 random bytes in base64url, stored as their SHA-256 hex', () => {
    const token = newInvitationToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(newInvitationToken()).not.toBe(token);
    expect(hashInvitationToken('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});

describe('invitationMail', () => {
  it('escapes the organisation name in HTML and carries the link in both parts', () => {
    const mail = invitationMail({
      to: 'ana@example.org',
      organisationName: '<b>Acme</b> & Co',
      role: 'org_admin',
      link: 'https://academy.example.org/invitations/accept?token=abc',
      expiresAt: new Date('2025-12-05T10:00:00Z'),
    });
    expect(mail.to).toBe('ana@example.org');
    expect(mail.html).not.toContain('<b>Acme</b>');
    expect(mail.html).toContain('&#60;b&#62;Acme&#60;/b&#62; &#38; Co');
    expect(mail.text).toContain('https://academy.example.org/invitations/accept?token=abc');
    expect(mail.html).toContain('href="https://academy.example.org/invitations/accept?token=abc"');
    expect(mail.text).toContain('organisation administrator');
    expect(mail.text).toContain('2025-12-05');
  });
});
