import { createHash, randomBytes } from 'node:crypto';
import { assertOrgRole, hasOrgRole, ORG_ROLE_RANK, type OrgRole } from '../../common/auth/access.js';
import type { Actor } from '../../common/auth/actor.js';
import { DomainError } from '../../common/errors/domain-error.js';

/** Rules of the organisations domain without I/O, unit-tested beside this file. */

export const SLUG_MAX_LENGTH = 60;
const SLUG_FALLBACK = 'organisation';

/** "Fundação Ação Já!" -> "fundacao-acao-ja". Names with no Latin letters or digits fall back. */
export function slugify(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/[æ]/g, 'ae')
    .replace(/[ø]/g, 'o')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, SLUG_MAX_LENGTH)
    .replace(/-+$/g, '');
  return slug || SLUG_FALLBACK;
}

/**
 * The base slug if free, else base-2, base-3… (the smallest free one). `taken` may hold any
 * slugs; only those of the form base or base-<n> matter.
 */
export function nextFreeSlug(base: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  if (!used.has(base)) return base;
  for (let n = 2; ; n++) {
    const candidate = `${base}-${n}`;
    if (!used.has(candidate)) return candidate;
  }
}

/** A LIKE/ILIKE pattern matching `text` anywhere, with its own %, _ and \ taken literally (ESCAPE '\'). */
export function containsPattern(text: string): string {
  return `%${escapeLike(text)}%`;
}

export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export function roleAtLeast(role: OrgRole, minRole: OrgRole): boolean {
  return hasOrgRole(role, minRole);
}

export function higherRole(a: OrgRole, b: OrgRole): OrgRole {
  return ORG_ROLE_RANK[b] > ORG_ROLE_RANK[a] ? b : a;
}

/**
 * Whether changing a member from `current` to `next` (null: removing them) would leave the
 * organisation without an org admin. `adminCount` counts the current org admins, them included.
 */
export function leavesWithoutAdmin(current: OrgRole, next: OrgRole | null, adminCount: number): boolean {
  if (current !== 'org_admin' || next === 'org_admin') return false;
  return adminCount <= 1;
}

/**
 * The service-side access check (the guard already ran; this one protects every read and write
 * even if a route were declared wrongly). Non-members, and organisations that do not exist,
 * both answer 404 so existence is not revealed; members below `minRole` get 403. Platform
 * admins pass.
 */
export function assertOrgAccess<T extends { callerRole: OrgRole | null }>(actor: Actor, organisation: T | null, minRole: OrgRole): asserts organisation is T {
  if (!organisation) throw DomainError.notFound('Organisation');
  if (actor.isPlatformAdmin) return;
  assertOrgRole(organisation.callerRole, minRole);
}

// ── invitation tokens ──────────────────────────────────────────────────────────

export const INVITATION_TTL_DAYS = 7;
export const INVITATIONS_PER_ORGANISATION_PER_HOUR = 50;

/** 256 random bits, URL-safe: the secret in the invitation link. Only its hash is stored. */
export function newInvitationToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashInvitationToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
