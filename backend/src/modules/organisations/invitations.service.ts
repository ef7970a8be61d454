import { Inject, Injectable } from '@nestjs/common';
import type { Actor } from '../../common/auth/actor.js';
import { DomainError, type FieldError } from '../../common/errors/domain-error.js';
import { ErrorCode } from '../../common/errors/error-code.js';
import { decodeKeyset, toPage, type PageQueryDto } from '../../common/http/pagination.js';
import type { RequestMeta } from '../../common/http/request-meta.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { MailService } from '../../infra/mail/mail.service.js';
import { RateLimiter } from '../../infra/rate-limit/rate-limiter.js';
import { AuditService } from '../audit/index.js';
import { AccountsService } from '../identity/index.js';
import type {
  AcceptedInvitationDto,
  AcceptInvitationDto,
  CreateInvitationDto,
  InvitationDto,
  InvitationPageDto,
  InvitationPreviewDto,
} from './organisations.dto.js';
import { invitationMail } from './organisations.mails.js';
import { OrganisationsRepository } from './organisations.repository.js';
import { assertOrgAccess, hashInvitationToken, INVITATION_TTL_DAYS, INVITATIONS_PER_ORGANISATION_PER_HOUR, newInvitationToken } from './organisations.rules.js';

const DEFAULT_LIMIT = 20;
const DAY_MS = 24 * 60 * 60 * 1000;

/** Unknown, revoked and expired tokens all get this one answer. */
const invalidToken = () => DomainError.validation([{ field: 'token', reasons: ['token is invalid or has expired'] }]);
/**
 * A used token is a conflict with the invitation's state, not bad input: the person (or a second
 * click of theirs) is told to sign in, whether they came after the acceptance or raced it.
 */
const alreadyAccepted = () => new DomainError(ErrorCode.Conflict, 'This invitation has already been accepted: sign in to continue');

/** Inviting people into an organisation by email, and accepting with the emailed token. */
@Injectable()
export class InvitationsService {
  constructor(
    private readonly repository: OrganisationsRepository,
    private readonly accounts: AccountsService,
    private readonly mail: MailService,
    private readonly rateLimiter: RateLimiter,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async createInvitation(actor: Actor, organisationId: string, dto: CreateInvitationDto, meta: RequestMeta): Promise<InvitationDto> {
    const organisation = await this.repository.findWithRole(organisationId, actor.userId);
    assertOrgAccess(actor, organisation, 'org_admin');
    const email = dto.email.trim().toLowerCase();

    const account = await this.accounts.findByEmail(email);
    if (account && (await this.repository.roleOf(account.id, organisationId))) {
      throw new DomainError(ErrorCode.Conflict, `${email} is already a member of this organisation`);
    }

    // Counted per organisation (not per admin) and shared by every API process: it bounds the
    // mail an organisation can make the platform send.
    const { count, retryAfterSeconds } = await this.rateLimiter.hit(`invitations:org:${organisationId}`, 3600);
    if (count > INVITATIONS_PER_ORGANISATION_PER_HOUR) {
      throw new DomainError(
        ErrorCode.RateLimited,
        `This organisation has sent ${INVITATIONS_PER_ORGANISATION_PER_HOUR} invitations in the last hour; try again later`,
        undefined,
        { 'Retry-After': String(retryAfterSeconds) },
      );
    }

    const token = newInvitationToken();
    const created = await this.repository.createInvitation({
      organisationId,
      email,
      role: dto.role,
      tokenHash: hashInvitationToken(token),
      invitedBy: actor.userId,
      expiresAt: new Date(Date.now() + INVITATION_TTL_DAYS * DAY_MS),
    });
    if (!created) throw DomainError.notFound('Organisation');
    const { invitation, replacedIds } = created;

    const link = `${this.config.http.publicOrigin}/invitations/accept?token=${encodeURIComponent(token)}`;
    await this.mail.send(invitationMail({ to: email, organisationName: organisation.name, role: invitation.role, link, expiresAt: invitation.expiresAt }));

    for (const replacedId of replacedIds) {
      await this.audit.record(
        {
          action: 'invitation.revoked',
          actorUserId: actor.userId,
          organisationId,
          targetType: 'invitation',
          targetId: replacedId,
          metadata: { reason: 'replaced', replacedBy: invitation.id },
        },
        meta,
      );
    }
    await this.audit.record(
      {
        action: 'invitation.created',
        actorUserId: actor.userId,
        organisationId,
        targetType: 'invitation',
        targetId: invitation.id,
        metadata: { email, role: invitation.role },
      },
      meta,
    );
    return { id: invitation.id, email: invitation.email, role: invitation.role, expiresAt: invitation.expiresAt.toISOString() };
  }

  async listInvitations(actor: Actor, organisationId: string, query: PageQueryDto): Promise<InvitationPageDto> {
    const organisation = await this.repository.findWithRole(organisationId, actor.userId);
    assertOrgAccess(actor, organisation, 'org_admin');
    const limit = query.limit ?? DEFAULT_LIMIT;
    const after = decodeKeyset(query.cursor, ['timestamp', 'uuid']);
    const rows = await this.repository.listPendingInvitations({ organisationId, after, limit: limit + 1 });
    const page = toPage(rows, limit, (r) => [r.sortTime, r.id]);
    return {
      items: page.items.map((i) => ({
        id: i.id,
        email: i.email,
        role: i.role,
        createdAt: i.createdAt.toISOString(),
        expiresAt: i.expiresAt.toISOString(),
      })),
      nextCursor: page.nextCursor,
    };
  }

  async revokeInvitation(actor: Actor, organisationId: string, invitationId: string, meta: RequestMeta): Promise<void> {
    const organisation = await this.repository.findWithRole(organisationId, actor.userId);
    assertOrgAccess(actor, organisation, 'org_admin');
    const outcome = await this.repository.revokeInvitation(organisationId, invitationId);
    // An invitation of another organisation is simply not found here.
    if (outcome === 'missing') throw DomainError.notFound('Invitation');
    if (outcome === 'not-pending') throw new DomainError(ErrorCode.Conflict, 'This invitation was already accepted or revoked');
    await this.audit.record(
      { action: 'invitation.revoked', actorUserId: actor.userId, organisationId, targetType: 'invitation', targetId: invitationId },
      meta,
    );
  }

  /** Public: whoever holds the token may see what it is for (it was sent to that address). */
  async previewInvitation(token: string): Promise<InvitationPreviewDto> {
    const invitation = await this.repository.findPendingByTokenHash(hashInvitationToken(token));
    if (!invitation) throw DomainError.notFound('Invitation');
    return {
      organisationName: invitation.organisationName,
      role: invitation.role,
      email: invitation.email,
      expiresAt: invitation.expiresAt.toISOString(),
      accountExists: (await this.accounts.findByEmail(invitation.email)) !== null,
    };
  }

  /**
   * Signed in as the invited address: join. Not signed in and no account: create it (the token
   * proves the address) and join. Not signed in but the account exists: sign in first.
   */
  async acceptInvitation(actor: Actor | undefined, dto: AcceptInvitationDto, meta: RequestMeta): Promise<AcceptedInvitationDto> {
    const tokenHash = hashInvitationToken(dto.token);
    const invitation = await this.repository.findPendingByTokenHash(tokenHash);
    if (!invitation) throw await this.notPending(tokenHash);
    const account = await this.accounts.findByEmail(invitation.email);

    let userId: string;
    let accountCreated = false;
    if (actor) {
      if (!account || account.id !== actor.userId) throw new DomainError(ErrorCode.Forbidden, 'This invitation is for another email address');
      userId = actor.userId;
    } else if (account) {
      throw new DomainError(ErrorCode.Conflict, `Sign in as ${invitation.email} to accept`);
    } else {
      const missing: FieldError[] = [];
      if (!dto.displayName) missing.push({ field: 'displayName', reasons: ['displayName is required to create your account'] });
      if (!dto.password) missing.push({ field: 'password', reasons: ['password is required to create your account'] });
      if (missing.length) throw DomainError.validation(missing);
      // Created before the invitation is used, so a refused password does not burn the token.
      // Of simultaneous accepts, one creates the account; the others get 409 (sign in).
      ({ id: userId } = await this.accounts.createInvitedAccount({ email: invitation.email, displayName: dto.displayName!, password: dto.password! }));
      accountCreated = true;
    }

    const accepted = await this.repository.acceptInvitation(invitation.id, userId);
    // Someone else used, or an admin revoked, the invitation meanwhile.
    if (!accepted) throw await this.notPending(tokenHash);
    await this.audit.record(
      {
        action: 'invitation.accepted',
        actorUserId: userId,
        organisationId: accepted.organisationId,
        targetType: 'invitation',
        targetId: invitation.id,
        metadata: { role: accepted.role, invitedRole: invitation.role, previousRole: accepted.previousRole, accountCreated },
      },
      meta,
    );
    return { organisationId: accepted.organisationId, organisationName: invitation.organisationName, role: accepted.role };
  }

  private async notPending(tokenHash: string): Promise<DomainError> {
    return (await this.repository.isAcceptedByTokenHash(tokenHash)) ? alreadyAccepted() : invalidToken();
  }
}
