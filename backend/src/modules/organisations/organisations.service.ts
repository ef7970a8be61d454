import { Injectable } from '@nestjs/common';
import type { OrgRole } from '../../common/auth/access.js';
import type { Actor } from '../../common/auth/actor.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { ErrorCode } from '../../common/errors/error-code.js';
import { decodeKeyset, toPage, type PageQueryDto } from '../../common/http/pagination.js';
import type { RequestMeta } from '../../common/http/request-meta.js';
import { AuditService, type AuditEventView } from '../audit/index.js';
import type {
  AuditEventPageDto,
  ChangeMemberRoleDto,
  CreateOrganisationDto,
  ListMembersQueryDto,
  ListOrganisationsQueryDto,
  MemberDto,
  MemberPageDto,
  OrganisationDto,
  OrganisationPageDto,
  OrganisationSummaryDto,
  OrganisationSupportDto,
  UpdateOrganisationDto,
  UpdateOrganisationSupportDto,
} from './organisations.dto.js';
import { changedSupportFields, supportProblems, type SupportFields } from './organisation-support.js';
import {
  OrganisationsRepository,
  type MemberRow,
  type MembershipChange,
  type OrganisationRow,
  type OrganisationWithRole,
  type SupportRow,
} from './organisations.repository.js';
import { assertOrgAccess, leavesWithoutAdmin, nextFreeSlug, slugify } from './organisations.rules.js';
import { OrganisationsErrors } from './organisations.errors.js';

const DEFAULT_LIMIT = 20;
const SLUG_ATTEMPTS = 5;

const lastAdmin = () => new DomainError(OrganisationsErrors.LastOrgAdmin, 'An organisation needs at least one org admin: make another member org admin first');

/** Organisations, their members, and their audit trail. Every method checks the caller itself. */
@Injectable()
export class OrganisationsService {
  constructor(
    private readonly repository: OrganisationsRepository,
    private readonly audit: AuditService,
  ) {}

  /** Loads the organisation with the caller's role and applies the access rule (404/403). */
  private async access(actor: Actor, organisationId: string, minRole: OrgRole): Promise<OrganisationWithRole> {
    const organisation = await this.repository.findWithRole(organisationId, actor.userId);
    assertOrgAccess(actor, organisation, minRole);
    return organisation;
  }

  // ── organisations ─────────────────────────────────────────────────────────────

  async createOrganisation(actor: Actor, dto: CreateOrganisationDto, meta: RequestMeta): Promise<OrganisationDto> {
    if (!actor.isPlatformAdmin) throw new DomainError(ErrorCode.Forbidden, 'Only platform administrators can do this');
    const base = slugify(dto.name);
    let created: OrganisationRow | null = null;
    // Another request may take the same slug between reading and inserting: then pick again.
    for (let attempt = 0; attempt < SLUG_ATTEMPTS && !created; attempt++) {
      const slug = nextFreeSlug(base, await this.repository.slugsLike(base));
      created = await this.repository.insertOrganisation(dto.name, slug, actor.userId);
    }
    if (!created) throw new DomainError(ErrorCode.Conflict, 'Could not find a free address for this name; try again');
    await this.audit.record(
      {
        action: 'organisation.created',
        actorUserId: actor.userId,
        organisationId: created.id,
        targetType: 'organisation',
        targetId: created.id,
        metadata: { name: created.name, slug: created.slug },
      },
      meta,
    );
    return { ...toSummary({ ...created, callerRole: null }), memberCount: 0 };
  }

  async listOrganisations(actor: Actor, query: ListOrganisationsQueryDto): Promise<OrganisationPageDto> {
    const limit = query.limit ?? DEFAULT_LIMIT;
    const after = decodeKeyset(query.cursor, ['text', 'uuid']);
    const rows = await this.repository.listOrganisations({
      userId: actor.userId,
      memberOnly: !actor.isPlatformAdmin,
      q: query.q || undefined,
      after,
      limit: limit + 1,
    });
    const page = toPage(rows, limit, (r) => [r.sortName, r.id]);
    return { items: page.items.map(toSummary), nextCursor: page.nextCursor };
  }

  async getOrganisation(actor: Actor, organisationId: string): Promise<OrganisationDto> {
    const organisation = await this.access(actor, organisationId, 'learner');
    return { ...toSummary(organisation), memberCount: await this.repository.countMembers(organisationId) };
  }

  async updateOrganisation(actor: Actor, organisationId: string, dto: UpdateOrganisationDto, meta: RequestMeta): Promise<OrganisationDto> {
    const before = await this.access(actor, organisationId, 'org_admin');
    const updated = await this.repository.renameOrganisation(organisationId, dto.name);
    if (!updated) throw DomainError.notFound('Organisation');
    if (before.name !== updated.name) {
      await this.audit.record(
        {
          action: 'organisation.updated',
          actorUserId: actor.userId,
          organisationId,
          targetType: 'organisation',
          targetId: organisationId,
          metadata: { name: { from: before.name, to: updated.name } },
        },
        meta,
      );
    }
    return { ...toSummary({ ...updated, callerRole: before.callerRole }), memberCount: await this.repository.countMembers(organisationId) };
  }

  // ── safeguarding contact and support line ─────────────────────────────────────

  /** Org admins only: members read their organisation's support through /api/me, trainers and learners cannot edit it. */
  async getSupport(actor: Actor, organisationId: string): Promise<OrganisationSupportDto> {
    await this.access(actor, organisationId, 'org_admin');
    const row = await this.repository.findSupport(organisationId);
    if (!row) throw DomainError.notFound('Organisation');
    return toSupport(organisationId, row);
  }

  /** Replaces every field (a missing one is cleared). A stale version is 409, with nothing written. */
  async updateSupport(actor: Actor, organisationId: string, dto: UpdateOrganisationSupportDto, meta: RequestMeta): Promise<OrganisationSupportDto> {
    await this.access(actor, organisationId, 'org_admin');
    const fields: SupportFields = {
      safeguardingName: dto.safeguardingName ?? null,
      safeguardingEmail: dto.safeguardingEmail ?? null,
      safeguardingPhone: dto.safeguardingPhone ?? null,
      supportLineName: dto.supportLineName ?? null,
      supportLinePhone: dto.supportLinePhone ?? null,
      supportLineUrl: dto.supportLineUrl ?? null,
      supportLineHours: dto.supportLineHours ?? null,
    };
    const problems = supportProblems(fields);
    if (problems.length) throw DomainError.validation(problems);
    const result = await this.repository.replaceSupport(organisationId, fields, dto.version, (before) => changedSupportFields(before, fields).length > 0);
    if (!result) throw DomainError.notFound('Organisation');
    if (result.outcome === 'stale') {
      throw new DomainError(
        ErrorCode.Conflict,
        'Someone else saved the support details after you loaded them. Reload the page to see them, then make your change again.',
        { currentVersion: result.before.version },
      );
    }
    if (result.outcome === 'saved') {
      await this.audit.record(
        {
          action: 'organisation.support_updated',
          actorUserId: actor.userId,
          organisationId,
          targetType: 'organisation',
          targetId: organisationId,
          // Which fields, not their values: the contact may be a named person.
          metadata: { fields: changedSupportFields(result.before, result.after) },
        },
        meta,
      );
    }
    return toSupport(organisationId, result.after);
  }

  // ── members ───────────────────────────────────────────────────────────────────

  async listMembers(actor: Actor, organisationId: string, query: ListMembersQueryDto): Promise<MemberPageDto> {
    await this.access(actor, organisationId, 'trainer');
    const limit = query.limit ?? DEFAULT_LIMIT;
    const after = decodeKeyset(query.cursor, ['text', 'uuid']);
    const rows = await this.repository.listMembers({ organisationId, q: query.q || undefined, role: query.role, after, limit: limit + 1 });
    const page = toPage(rows, limit, (r) => [r.sortName, r.userId]);
    return { items: page.items.map(toMember), nextCursor: page.nextCursor };
  }

  async changeMemberRole(actor: Actor, organisationId: string, userId: string, dto: ChangeMemberRoleDto, meta: RequestMeta): Promise<MemberDto> {
    await this.access(actor, organisationId, 'org_admin');
    const { before, change } = await this.repository.changeMembership(
      organisationId,
      userId,
      actor.userId,
      ({ callerRole, member, adminCount }): MembershipChange => {
        assertOrgAccess(actor, { callerRole }, 'org_admin');
        // Someone of another organisation, or no one: the same answer.
        if (!member) throw DomainError.notFound('Member');
        if (member.role === dto.role) return { kind: 'none' };
        if (leavesWithoutAdmin(member.role, dto.role, adminCount)) throw lastAdmin();
        return { kind: 'update', role: dto.role };
      },
    );
    const member = before!;
    if (change.kind === 'update') {
      await this.audit.record(
        {
          action: 'membership.role_changed',
          actorUserId: actor.userId,
          organisationId,
          targetType: 'user',
          targetId: userId,
          metadata: { from: member.role, to: dto.role },
        },
        meta,
      );
    }
    return toMember({ ...member, role: dto.role });
  }

  async removeMember(actor: Actor, organisationId: string, userId: string, meta: RequestMeta): Promise<void> {
    await this.access(actor, organisationId, 'org_admin');
    const { before } = await this.repository.changeMembership(organisationId, userId, actor.userId, ({ callerRole, member, adminCount }): MembershipChange => {
      assertOrgAccess(actor, { callerRole }, 'org_admin');
      if (!member) throw DomainError.notFound('Member');
      if (leavesWithoutAdmin(member.role, null, adminCount)) throw lastAdmin();
      return { kind: 'delete' };
    });
    await this.audit.record(
      {
        action: 'membership.removed',
        actorUserId: actor.userId,
        organisationId,
        targetType: 'user',
        targetId: userId,
        metadata: { role: before!.role },
      },
      meta,
    );
  }

  // ── audit trail ───────────────────────────────────────────────────────────────

  async listOrganisationAuditEvents(actor: Actor, organisationId: string, query: PageQueryDto): Promise<AuditEventPageDto> {
    await this.access(actor, organisationId, 'org_admin');
    // AuditService.list checks the cursor.
    const page = await this.audit.list({ organisationId }, query.limit ?? DEFAULT_LIMIT, query.cursor);
    // Organisation admins see what happened and who did it, not where people connected from.
    return { items: page.items.map((e) => toAuditEvent(e, false)), nextCursor: page.nextCursor };
  }

  async listAuditEvents(actor: Actor, query: PageQueryDto): Promise<AuditEventPageDto> {
    if (!actor.isPlatformAdmin) throw new DomainError(ErrorCode.Forbidden, 'Only platform administrators can do this');
    const page = await this.audit.list({}, query.limit ?? DEFAULT_LIMIT, query.cursor);
    return { items: page.items.map((e) => toAuditEvent(e, true)), nextCursor: page.nextCursor };
  }
}

function toSummary(o: OrganisationWithRole): OrganisationSummaryDto {
  return { id: o.id, name: o.name, slug: o.slug, createdAt: o.createdAt.toISOString(), role: o.callerRole ?? null };
}

function toSupport(organisationId: string, row: SupportRow): OrganisationSupportDto {
  return {
    organisationId,
    safeguardingName: row.safeguardingName,
    safeguardingEmail: row.safeguardingEmail,
    safeguardingPhone: row.safeguardingPhone,
    supportLineName: row.supportLineName,
    supportLinePhone: row.supportLinePhone,
    supportLineUrl: row.supportLineUrl,
    supportLineHours: row.supportLineHours,
    version: row.version,
    updatedAt: row.updatedAt ? new Date(row.updatedAt).toISOString() : null,
  };
}

function toMember(m: MemberRow): MemberDto {
  return { userId: m.userId, displayName: m.displayName, email: m.email, role: m.role, joinedAt: m.joinedAt.toISOString() };
}

function toAuditEvent(e: AuditEventView, withIp: boolean) {
  return { ...e, ip: withIp ? e.ip : null };
}
