import { Inject, Injectable, Optional } from '@nestjs/common';
import type { Logger } from 'pino';
import { LearningRecordsReader } from '../../common/auth/learning-records-reader.js';
import { MembershipReader } from '../../common/auth/membership-reader.js';
import type { Actor } from '../../common/auth/actor.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { ErrorCode } from '../../common/errors/error-code.js';
import type { RequestMeta } from '../../common/http/request-meta.js';
import { LOGGER } from '../../common/logging/logging.module.js';
import { CertificateHolderErasure } from '../../common/ports/certificate-holder-erasure.js';
import { AuditService } from '../audit/index.js';
import type { AccountExportDto, MeResponseDto } from './identity.dto.js';
import { IdentityRepository } from './identity.repository.js';
import { hashPassword, passwordProblems, verifyPassword } from './passwords.js';
import { normaliseEmail } from './tokens.js';
import { IdentityErrors } from './identity.errors.js';

/** The account itself: profile, data export, deletion; and what other modules may ask of it. */
@Injectable()
export class AccountsService {
  constructor(
    private readonly repository: IdentityRepository,
    @Inject(MembershipReader) private readonly memberships: MembershipReader,
    @Inject(LearningRecordsReader) private readonly learning: LearningRecordsReader,
    private readonly audit: AuditService,
    @Inject(LOGGER) private readonly logger: Logger,
    @Optional() private readonly certificates?: CertificateHolderErasure,
  ) {}

  // ── for other modules (organisations) ────────────────────────────────────────
  async findByEmail(email: string): Promise<{ id: string; email: string; displayName: string } | null> {
    const user = await this.repository.findUserByEmail(normaliseEmail(email));
    return user ? { id: user.id, email: user.email, displayName: user.displayName } : null;
  }

  /** An invitation proved the address, so the account starts verified. */
  async createInvitedAccount(input: { email: string; displayName: string; password: string }): Promise<{ id: string }> {
    const problems = passwordProblems(input.password);
    if (problems.length) throw DomainError.validation([{ field: 'password', reasons: problems }]);
    const email = normaliseEmail(input.email);
    const taken = () => new DomainError(ErrorCode.Conflict, 'An account with this email already exists: sign in to accept');
    if (await this.repository.findUserByEmail(email)) throw taken();
    // Checked again by the unique constraint: another request may create the account meanwhile.
    const user = await this.repository.createUserUnlessEmailTaken({
      email,
      displayName: input.displayName.trim(),
      passwordHash: await hashPassword(input.password),
      emailVerifiedAt: new Date(),
    });
    if (!user) throw taken();
    return { id: user.id };
  }

  // ── the signed-in person ─────────────────────────────────────────────────────
  async me(actor: Actor): Promise<MeResponseDto> {
    const user = await this.repository.findUserById(actor.userId);
    if (!user) throw new DomainError(ErrorCode.Unauthenticated, 'Your account no longer exists');
    return {
      id: user.id,
      email: user.email,
      displayName: user.displayName,
      emailVerified: user.emailVerifiedAt !== null,
      isPlatformAdmin: user.isPlatformAdmin,
      createdAt: user.createdAt.toISOString(),
      memberships: await this.memberships.listForUser(user.id),
    };
  }

  async updateProfile(actor: Actor, displayName: string, meta: RequestMeta): Promise<MeResponseDto> {
    await this.repository.updateUser(actor.userId, { displayName: displayName.trim() });
    await this.audit.record({ action: 'account.profile_updated', actorUserId: actor.userId, targetType: 'user', targetId: actor.userId }, meta);
    return this.me(actor);
  }

  /** Everything the platform holds about the person, as JSON (data portability). */
  async exportData(actor: Actor, meta: RequestMeta): Promise<AccountExportDto> {
    const account = await this.me(actor);
    const sessions = await this.repository.listSessions(actor.userId);
    const devices = await this.repository.listKnownDevices(actor.userId);
    const events = await this.audit.list({ actorUserId: actor.userId }, 100);
    const learningRecords = await this.learning.exportFor(actor.userId);
    const reflections = await this.learning.reflectionsFor(actor.userId);
    const statements = await this.learning.statementsFor(actor.userId);
    await this.audit.record({ action: 'account.data_exported', actorUserId: actor.userId, targetType: 'user', targetId: actor.userId }, meta);
    return {
      exportedAt: new Date().toISOString(),
      account,
      sessions: sessions.map((s) => ({
        id: s.id,
        createdAt: s.createdAt.toISOString(),
        lastUsedAt: s.lastUsedAt.toISOString(),
        revokedAt: s.revokedAt?.toISOString() ?? null,
        userAgent: s.userAgent,
        ip: s.ip,
      })),
      knownDevices: devices.map((d) => ({ firstSeenAt: d.firstSeenAt.toISOString(), lastSeenAt: d.lastSeenAt.toISOString() })),
      securityEvents: events.items.map((e) => ({ occurredAt: e.occurredAt, action: e.action, ip: e.ip })),
      learningRecords,
      reflections,
      learningStatements: statements.statements,
      learningStatementsComplete: statements.complete,
    };
  }

  /**
   * Deletes the person: name, email and password are erased, sessions ended, memberships
   * removed, private reflections and learning records (xAPI statements) erased, certificates
   * withdrawn (no name on verification, files deleted: docs/certificates.md#account-deletion).
   * The anonymised row stays so organisations' learning statistics keep their counts.
   */
  async deleteAccount(actor: Actor, password: string, meta: RequestMeta): Promise<void> {
    const user = await this.repository.findUserById(actor.userId);
    if (!user) throw new DomainError(ErrorCode.Unauthenticated, 'Your account no longer exists');
    if (!(await verifyPassword(user.passwordHash, password))) {
      throw DomainError.validation([{ field: 'password', reasons: ['password is incorrect'] }]);
    }
    const headless = await this.memberships.soleAdminOf(user.id);
    if (headless.length) {
      throw new DomainError(
        IdentityErrors.SoleOrganisationAdmin,
        `You are the only administrator of ${headless.map((o) => o.organisationName).join(', ')}: make someone else an administrator first.`,
        { organisations: headless },
      );
    }
    await this.memberships.removeAllFor(user.id);
    await this.learning.erasePrivateNotesFor(user.id);
    await this.learning.eraseStatementsFor(user.id);
    await this.repository.anonymiseUser(user.id);
    // After the anonymisation: an issuance that starts later reads a deleted account and issues nothing.
    let certificatesWithdrawn: number | 'failed' = 0;
    try {
      certificatesWithdrawn = (await this.certificates?.eraseHolder(user.id)) ?? 0;
    } catch (err) {
      // The account is deleted either way; the operator re-runs the withdrawal (docs/operations.md).
      certificatesWithdrawn = 'failed';
      this.logger.error({ userId: user.id, err: err instanceof Error ? err.message : String(err) }, 'withdrawing a deleted account’s certificates failed');
    }
    await this.audit.record(
      { action: 'account.deleted', actorUserId: user.id, targetType: 'user', targetId: user.id, metadata: { certificatesWithdrawn } },
      meta,
    );
  }
}
