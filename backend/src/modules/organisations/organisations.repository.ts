import { Injectable, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { OrgRole } from '../../common/auth/access.js';
import type { UserMembership } from '../../common/auth/membership-reader.js';
import { OrganisationMembershipListener } from '../../common/ports/organisation-people.js';
import { supportOf, type SupportFields } from './organisation-support.js';
import { containsPattern, higherRole } from './organisations.rules.js';

export interface OrganisationRow {
  id: string;
  name: string;
  slug: string;
  createdAt: Date;
}

/** An organisation with the role of the person asking (null: not a member). */
export interface OrganisationWithRole extends OrganisationRow {
  callerRole: OrgRole | null;
}

export interface MemberRow {
  userId: string;
  displayName: string;
  email: string;
  role: OrgRole;
  joinedAt: Date;
}

export interface InvitationRow {
  id: string;
  organisationId: string;
  email: string;
  role: OrgRole;
  createdAt: Date;
  expiresAt: Date;
}

/** A pending invitation found by its token, with what the invitee is shown. */
export interface PendingInvitationRow extends InvitationRow {
  organisationName: string;
}

/** An organisation's support fields as stored, with their version. */
export interface SupportRow extends SupportFields {
  version: number;
  updatedAt: Date | null;
}

const SUPPORT_COLUMNS = `o.safeguarding_name AS "safeguardingName", o.safeguarding_email AS "safeguardingEmail", o.safeguarding_phone AS "safeguardingPhone",
  o.support_line_name AS "supportLineName", o.support_line_phone AS "supportLinePhone", o.support_line_url AS "supportLineUrl",
  o.support_line_hours AS "supportLineHours"`;

/** What a membership change does, decided by the service under the organisation's lock. */
export type MembershipChange = { kind: 'update'; role: OrgRole } | { kind: 'delete' } | { kind: 'none' };

/** Keyset positions: the sort key of the last row of the previous page. */
export type NameKey = [sortName: string, id: string];
export type TimeKey = [sortTime: string, id: string];

// Every query that reads people joins users to leave deleted (anonymised) accounts out.
const ACTIVE_MEMBER = `JOIN users u ON u.id = m.user_id AND u.deleted_at IS NULL`;

/**
 * All SQL of organisations, memberships and invitations. Every query about an organisation's
 * content is scoped by its id. Reading users' names and emails here (read-only, joined) is the
 * one place this module touches identity's table: member search and ordering by name need it
 * in the same query to paginate by keyset.
 */
@Injectable()
export class OrganisationsRepository {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    /** Told of joins and removals in their transaction (the cohorts module); optional. */
    @Optional() private readonly membershipListener?: OrganisationMembershipListener,
  ) {}

  // ── organisations ─────────────────────────────────────────────────────────────

  async findWithRole(organisationId: string, userId: string): Promise<OrganisationWithRole | null> {
    const rows: OrganisationWithRole[] = await this.db.query(
      `SELECT o.id, o.name, o.slug, o.created_at AS "createdAt", m.role AS "callerRole"
         FROM organisations o
         LEFT JOIN memberships m ON m.organisation_id = o.id AND m.user_id = $2
        WHERE o.id = $1`,
      [organisationId, userId],
    );
    return rows[0] ?? null;
  }

  /** Slugs that clash with `base`: base itself and base-<anything>. */
  async slugsLike(base: string): Promise<string[]> {
    // base holds only [a-z0-9-] (slugify), so it has no LIKE wildcards to escape.
    const rows: { slug: string }[] = await this.db.query(`SELECT slug FROM organisations WHERE slug = $1 OR slug LIKE $2`, [base, `${base}-%`]);
    return rows.map((r) => r.slug);
  }

  /** Null when the slug was taken meanwhile (the caller picks another). */
  async insertOrganisation(name: string, slug: string, createdBy: string): Promise<OrganisationRow | null> {
    const rows: OrganisationRow[] = await this.db.query(
      `INSERT INTO organisations (name, slug, created_by) VALUES ($1, $2, $3)
       ON CONFLICT (slug) DO NOTHING
       RETURNING id, name, slug, created_at AS "createdAt"`,
      [name, slug, createdBy],
    );
    return rows[0] ?? null;
  }

  async renameOrganisation(organisationId: string, name: string): Promise<OrganisationRow | null> {
    const [rows] = (await this.db.query(
      `UPDATE organisations SET name = $2, updated_at = now() WHERE id = $1
       RETURNING id, name, slug, created_at AS "createdAt"`,
      [organisationId, name],
    )) as [OrganisationRow[], number];
    return rows[0] ?? null;
  }

  async countMembers(organisationId: string): Promise<number> {
    const rows: { count: number }[] = await this.db.query(`SELECT count(*)::int AS count FROM memberships m ${ACTIVE_MEMBER} WHERE m.organisation_id = $1`, [
      organisationId,
    ]);
    return rows[0]?.count ?? 0;
  }

  /**
   * By name, then id. `memberOnly`: only organisations `userId` belongs to; otherwise all of
   * them (platform admins), still with userId's role where they have one.
   */
  async listOrganisations(opts: {
    userId: string;
    memberOnly: boolean;
    q?: string;
    after?: NameKey;
    limit: number;
  }): Promise<(OrganisationWithRole & { sortName: string })[]> {
    const params: unknown[] = [opts.userId];
    const where: string[] = [];
    if (opts.q) {
      params.push(containsPattern(opts.q));
      where.push(`o.name ILIKE $${params.length} ESCAPE '\\'`);
    }
    if (opts.after) {
      params.push(opts.after[0], opts.after[1]);
      where.push(`(lower(o.name), o.id) > ($${params.length - 1}::text, $${params.length}::uuid)`);
    }
    params.push(opts.limit);
    return this.db.query(
      `SELECT o.id, o.name, o.slug, o.created_at AS "createdAt", m.role AS "callerRole", lower(o.name) AS "sortName"
         FROM organisations o
         ${opts.memberOnly ? 'JOIN' : 'LEFT JOIN'} memberships m ON m.organisation_id = o.id AND m.user_id = $1
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY lower(o.name), o.id
        LIMIT $${params.length}`,
      params,
    );
  }

  /**
   * The user's organisations and role, by name (for /api/me and the data export), with what
   * each set for its members' support: the same statement, so /api/me costs nothing more.
   */
  async listForUser(userId: string): Promise<UserMembership[]> {
    const rows: ({ organisationId: string; organisationName: string; role: OrgRole } & SupportFields)[] = await this.db.query(
      `SELECT o.id AS "organisationId", o.name AS "organisationName", m.role, ${SUPPORT_COLUMNS}
         FROM memberships m JOIN organisations o ON o.id = m.organisation_id
        WHERE m.user_id = $1
        ORDER BY lower(o.name), o.id`,
      [userId],
    );
    return rows.map((r) => ({ organisationId: r.organisationId, organisationName: r.organisationName, role: r.role, support: supportOf(r) }));
  }

  // ── safeguarding contact and support line ─────────────────────────────────────

  async findSupport(organisationId: string): Promise<SupportRow | null> {
    const rows: SupportRow[] = await this.db.query(
      `SELECT ${SUPPORT_COLUMNS}, o.support_version AS version, o.support_updated_at AS "updatedAt" FROM organisations o WHERE o.id = $1`,
      [organisationId],
    );
    return rows[0] ?? null;
  }

  /**
   * Replaces the support fields under a lock on the organisation row, only while they are still
   * at `expectedVersion`: two admins saving from the same loaded form cannot overwrite each other
   * unseen. Answers the row before and after ('stale' with the current row when the version moved
   * on, null when the organisation does not exist). Nothing is written when nothing changed.
   */
  async replaceSupport(
    organisationId: string,
    fields: SupportFields,
    expectedVersion: number,
    changed: (before: SupportFields) => boolean,
  ): Promise<{ outcome: 'saved' | 'unchanged' | 'stale'; before: SupportRow; after: SupportRow } | null> {
    return this.db.transaction(async (tx) => {
      const locked: SupportRow[] = await tx.query(
        `SELECT ${SUPPORT_COLUMNS}, o.support_version AS version, o.support_updated_at AS "updatedAt"
           FROM organisations o WHERE o.id = $1 FOR NO KEY UPDATE`,
        [organisationId],
      );
      const before = locked[0];
      if (!before) return null;
      if (before.version !== expectedVersion) return { outcome: 'stale', before, after: before };
      if (!changed(before)) return { outcome: 'unchanged', before, after: before };
      const [rows] = (await tx.query(
        `UPDATE organisations o
            SET safeguarding_name = $2, safeguarding_email = $3, safeguarding_phone = $4,
                support_line_name = $5, support_line_phone = $6, support_line_url = $7, support_line_hours = $8,
                support_version = support_version + 1, support_updated_at = now(), updated_at = now()
          WHERE o.id = $1
          RETURNING ${SUPPORT_COLUMNS}, o.support_version AS version, o.support_updated_at AS "updatedAt"`,
        [
          organisationId,
          fields.safeguardingName,
          fields.safeguardingEmail,
          fields.safeguardingPhone,
          fields.supportLineName,
          fields.supportLinePhone,
          fields.supportLineUrl,
          fields.supportLineHours,
        ],
      )) as [SupportRow[], number];
      return { outcome: 'saved', before, after: rows[0]! };
    });
  }

  // ── memberships ───────────────────────────────────────────────────────────────

  async organisationExists(organisationId: string): Promise<boolean> {
    const rows: unknown[] = await this.db.query(`SELECT 1 FROM organisations WHERE id = $1`, [organisationId]);
    return rows.length > 0;
  }

  async roleOf(userId: string, organisationId: string): Promise<OrgRole | null> {
    const rows: { role: OrgRole }[] = await this.db.query(`SELECT role FROM memberships WHERE organisation_id = $1 AND user_id = $2`, [organisationId, userId]);
    return rows[0]?.role ?? null;
  }

  /** Organisations whose only org admin is this user. */
  soleAdminOf(userId: string): Promise<{ organisationId: string; organisationName: string }[]> {
    return this.db.query(
      `SELECT o.id AS "organisationId", o.name AS "organisationName"
         FROM memberships m JOIN organisations o ON o.id = m.organisation_id
        WHERE m.user_id = $1 AND m.role = 'org_admin'
          AND NOT EXISTS (SELECT 1 FROM memberships other
                           WHERE other.organisation_id = m.organisation_id AND other.role = 'org_admin' AND other.user_id <> $1)
        ORDER BY lower(o.name)`,
      [userId],
    );
  }

  async removeAllFor(userId: string): Promise<void> {
    await this.db.query(`DELETE FROM memberships WHERE user_id = $1`, [userId]);
  }

  async findMember(organisationId: string, userId: string): Promise<MemberRow | null> {
    const rows: MemberRow[] = await this.db.query(
      `SELECT u.id AS "userId", u.display_name AS "displayName", u.email, m.role, m.created_at AS "joinedAt"
         FROM memberships m ${ACTIVE_MEMBER}
        WHERE m.organisation_id = $1 AND m.user_id = $2`,
      [organisationId, userId],
    );
    return rows[0] ?? null;
  }

  /** By lower(display name), then user id; `q` matches display name or email, case-insensitively. */
  async listMembers(opts: {
    organisationId: string;
    q?: string;
    role?: OrgRole;
    after?: NameKey;
    limit: number;
  }): Promise<(MemberRow & { sortName: string })[]> {
    const params: unknown[] = [opts.organisationId];
    const where = ['m.organisation_id = $1'];
    if (opts.role) {
      params.push(opts.role);
      where.push(`m.role = $${params.length}`);
    }
    if (opts.q) {
      params.push(containsPattern(opts.q));
      where.push(`(u.display_name ILIKE $${params.length} ESCAPE '\\' OR u.email ILIKE $${params.length} ESCAPE '\\')`);
    }
    if (opts.after) {
      params.push(opts.after[0], opts.after[1]);
      where.push(`(lower(u.display_name), u.id) > ($${params.length - 1}::text, $${params.length}::uuid)`);
    }
    params.push(opts.limit);
    return this.db.query(
      `SELECT u.id AS "userId", u.display_name AS "displayName", u.email, m.role, m.created_at AS "joinedAt",
              lower(u.display_name) AS "sortName"
         FROM memberships m ${ACTIVE_MEMBER}
        WHERE ${where.join(' AND ')}
        ORDER BY lower(u.display_name), u.id
        LIMIT $${params.length}`,
      params,
    );
  }

  /**
   * Changes or removes one membership under a lock on the organisation row, so two concurrent
   * changes cannot both pass the last-admin check, nor act on a caller's role that another
   * change just took away. `decide` sees, under that lock, the caller's role, the member (null:
   * not a member of this organisation, or a deleted account) and the number of org admins; it
   * may throw to refuse. Answers the member as it was before.
   */
  async changeMembership(
    organisationId: string,
    userId: string,
    callerUserId: string,
    decide: (state: { callerRole: OrgRole | null; member: MemberRow | null; adminCount: number }) => MembershipChange,
  ): Promise<{ before: MemberRow | null; change: MembershipChange }> {
    return this.db.transaction(async (tx) => {
      // NO KEY UPDATE: serialises membership changes of this organisation without blocking
      // inserts that merely reference it.
      const locked: unknown[] = await tx.query(`SELECT id FROM organisations WHERE id = $1 FOR NO KEY UPDATE`, [organisationId]);
      if (locked.length === 0) return { before: null, change: decide({ callerRole: null, member: null, adminCount: 0 }) };
      const caller: { role: OrgRole }[] = await tx.query(`SELECT role FROM memberships WHERE organisation_id = $1 AND user_id = $2`, [
        organisationId,
        callerUserId,
      ]);
      const members: MemberRow[] = await tx.query(
        `SELECT u.id AS "userId", u.display_name AS "displayName", u.email, m.role, m.created_at AS "joinedAt"
           FROM memberships m ${ACTIVE_MEMBER}
          WHERE m.organisation_id = $1 AND m.user_id = $2`,
        [organisationId, userId],
      );
      const before = members[0] ?? null;
      const admins: { count: number }[] = await tx.query(
        `SELECT count(*)::int AS count FROM memberships m ${ACTIVE_MEMBER} WHERE m.organisation_id = $1 AND m.role = 'org_admin'`,
        [organisationId],
      );
      const change = decide({ callerRole: caller[0]?.role ?? null, member: before, adminCount: admins[0]?.count ?? 0 });
      if (change.kind === 'update') {
        await tx.query(`UPDATE memberships SET role = $3, updated_at = now() WHERE organisation_id = $1 AND user_id = $2`, [
          organisationId,
          userId,
          change.role,
        ]);
      } else if (change.kind === 'delete') {
        await tx.query(`DELETE FROM memberships WHERE organisation_id = $1 AND user_id = $2`, [organisationId, userId]);
        await this.membershipListener?.left(tx, { organisationId, userId });
      }
      return { before, change };
    });
  }

  // ── invitations ───────────────────────────────────────────────────────────────

  /**
   * Stores a new invitation and revokes the pending ones for the same email in the same
   * organisation, atomically (the organisation row is locked so two at once cannot both stay
   * pending). Answers the new invitation and the ids it replaced.
   */
  async createInvitation(input: {
    organisationId: string;
    email: string;
    role: OrgRole;
    tokenHash: string;
    invitedBy: string;
    expiresAt: Date;
  }): Promise<{ invitation: InvitationRow; replacedIds: string[] } | null> {
    return this.db.transaction(async (tx) => {
      const locked: unknown[] = await tx.query(`SELECT id FROM organisations WHERE id = $1 FOR NO KEY UPDATE`, [input.organisationId]);
      if (locked.length === 0) return null;
      const [replaced] = (await tx.query(
        `UPDATE invitations SET revoked_at = now()
          WHERE organisation_id = $1 AND email = $2 AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > now()
          RETURNING id`,
        [input.organisationId, input.email],
      )) as [{ id: string }[], number];
      const rows: InvitationRow[] = await tx.query(
        `INSERT INTO invitations (organisation_id, email, role, token_hash, invited_by, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6)
         RETURNING id, organisation_id AS "organisationId", email, role, created_at AS "createdAt", expires_at AS "expiresAt"`,
        [input.organisationId, input.email, input.role, input.tokenHash, input.invitedBy, input.expiresAt],
      );
      return { invitation: rows[0]!, replacedIds: replaced.map((r) => r.id) };
    });
  }

  /** Pending (not accepted, not revoked, not expired), newest first. */
  listPendingInvitations(opts: { organisationId: string; after?: TimeKey; limit: number }): Promise<(InvitationRow & { sortTime: string })[]> {
    const params: unknown[] = [opts.organisationId];
    let keyset = '';
    if (opts.after) {
      params.push(opts.after[0], opts.after[1]);
      keyset = `AND (created_at, id) < ($2::timestamptz, $3::uuid)`;
    }
    params.push(opts.limit);
    // sortTime keeps the full microsecond precision (a JS Date would round it to milliseconds
    // and rows created within the same millisecond could be skipped between pages).
    return this.db.query(
      `SELECT id, organisation_id AS "organisationId", email, role, created_at AS "createdAt", expires_at AS "expiresAt",
              created_at::text AS "sortTime"
         FROM invitations
        WHERE organisation_id = $1 AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > now() ${keyset}
        ORDER BY created_at DESC, id DESC
        LIMIT $${params.length}`,
      params,
    );
  }

  /** 'revoked', or why not: 'missing' (not in this organisation) or 'not-pending' (accepted or revoked already). */
  async revokeInvitation(organisationId: string, invitationId: string): Promise<'revoked' | 'missing' | 'not-pending'> {
    const [rows] = (await this.db.query(
      `UPDATE invitations SET revoked_at = now()
        WHERE id = $1 AND organisation_id = $2 AND accepted_at IS NULL AND revoked_at IS NULL
        RETURNING id`,
      [invitationId, organisationId],
    )) as [{ id: string }[], number];
    if (rows.length > 0) return 'revoked';
    const exists: unknown[] = await this.db.query(`SELECT 1 FROM invitations WHERE id = $1 AND organisation_id = $2`, [invitationId, organisationId]);
    return exists.length > 0 ? 'not-pending' : 'missing';
  }

  async findPendingByTokenHash(tokenHash: string): Promise<PendingInvitationRow | null> {
    const rows: PendingInvitationRow[] = await this.db.query(
      `SELECT i.id, i.organisation_id AS "organisationId", i.email, i.role, i.created_at AS "createdAt", i.expires_at AS "expiresAt",
              o.name AS "organisationName"
         FROM invitations i JOIN organisations o ON o.id = i.organisation_id
        WHERE i.token_hash = $1 AND i.accepted_at IS NULL AND i.revoked_at IS NULL AND i.expires_at > now()`,
      [tokenHash],
    );
    return rows[0] ?? null;
  }

  /** Whether the token belongs to an invitation that has been accepted (by anyone, at any time). */
  async isAcceptedByTokenHash(tokenHash: string): Promise<boolean> {
    const rows: unknown[] = await this.db.query(`SELECT 1 FROM invitations WHERE token_hash = $1 AND accepted_at IS NOT NULL`, [tokenHash]);
    return rows.length > 0;
  }

  /**
   * Uses the invitation and makes `userId` a member, in one transaction. The claim is atomic:
   * of two concurrent accepts only one updates the row. An existing member keeps the higher of
   * their role and the invited one. Null when the invitation is no longer pending.
   */
  async acceptInvitation(invitationId: string, userId: string): Promise<{ organisationId: string; role: OrgRole; previousRole: OrgRole | null } | null> {
    return this.db.transaction(async (tx) => {
      const [claimed] = (await tx.query(
        `UPDATE invitations SET accepted_at = now(), accepted_by = $2
          WHERE id = $1 AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > now()
          RETURNING organisation_id AS "organisationId", role, email`,
        [invitationId, userId],
      )) as [{ organisationId: string; role: OrgRole; email: string }[], number];
      const invitation = claimed[0];
      if (!invitation) return null;
      const { role, previousRole } = await this.grantRole(tx, invitation.organisationId, userId, invitation.role);
      await this.membershipListener?.joined(tx, { organisationId: invitation.organisationId, userId, email: invitation.email });
      return { organisationId: invitation.organisationId, role, previousRole };
    });
  }

  private async grantRole(tx: EntityManager, organisationId: string, userId: string, role: OrgRole): Promise<{ role: OrgRole; previousRole: OrgRole | null }> {
    // Two rounds: the membership may be removed between the insert and the select.
    for (let attempt = 0; attempt < 2; attempt++) {
      const inserted: unknown[] = await tx.query(
        `INSERT INTO memberships (organisation_id, user_id, role) VALUES ($1, $2, $3)
         ON CONFLICT (organisation_id, user_id) DO NOTHING RETURNING id`,
        [organisationId, userId, role],
      );
      if (inserted.length > 0) return { role, previousRole: null };
      const existing: { role: OrgRole }[] = await tx.query(`SELECT role FROM memberships WHERE organisation_id = $1 AND user_id = $2 FOR UPDATE`, [
        organisationId,
        userId,
      ]);
      const previousRole = existing[0]?.role;
      if (!previousRole) continue;
      const kept = higherRole(previousRole, role);
      if (kept !== previousRole) {
        await tx.query(`UPDATE memberships SET role = $3, updated_at = now() WHERE organisation_id = $1 AND user_id = $2`, [organisationId, userId, kept]);
      }
      return { role: kept, previousRole };
    }
    throw new Error('membership changed concurrently while accepting an invitation');
  }
}
