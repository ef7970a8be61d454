import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { hasOrgRole, type OrgRole } from '../../common/auth/access.js';
import type { Actor } from '../../common/auth/actor.js';
import { MembershipReader } from '../../common/auth/membership-reader.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { ErrorCode } from '../../common/errors/error-code.js';
import { decodeKeyset, toPage, type Page } from '../../common/http/pagination.js';
import type { RequestMeta } from '../../common/http/request-meta.js';
import { LOGGER } from '../../common/logging/logging.module.js';
import { CompletionReader } from '../../common/ports/completion-reader.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { addManyToOutbox, OutboxRelay } from '../../infra/queue/outbox.js';
import { AuditService } from '../audit/index.js';
import { AccountsService } from '../identity/index.js';
import { normaliseCertificateCode } from './certificate-code.js';
import { CertificateLookupRepository } from './certificate-lookup.repository.js';
import { CertificateStore } from './certificate-store.js';
import { CertificatesErrors } from './certificates.errors.js';
import { CertificatesRepository, type CertificateRow } from './certificates.repository.js';
import { PLATFORM_ISSUER, verifyUrlOf } from './issuance.service.js';

export type CertificateStatus = 'valid' | 'expired' | 'revoked';

/** Revoked (a re-issue revokes what it replaces) over expired over valid. */
export function statusOf(c: Pick<CertificateRow, 'revokedAt' | 'expiresAt'>, now = new Date()): CertificateStatus {
  if (c.revokedAt) return 'revoked';
  if (c.expiresAt && new Date(c.expiresAt).getTime() <= now.getTime()) return 'expired';
  return 'valid';
}

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

export interface CertificateView {
  id: string;
  code: string;
  courseTitle: string;
  courseSlug: string;
  courseVersion: number;
  issuedAt: string;
  expiresAt: string | null;
  status: CertificateStatus;
  revokedAt: string | null;
  verifyUrl: string;
}

export interface OrganisationCertificateView extends CertificateView {
  userId: string;
  /** null once the holder deleted their account (accountDeleted). */
  holderName: string | null;
  accountDeleted: boolean;
  completedAt: string;
  revocationReason: string | null;
}

/** What a platform admin's lookup shows: the organisation's view, and which organisation issued it, and whether a re-issue replaced it. */
export interface AdminCertificateView extends OrganisationCertificateView {
  organisationId: string | null;
  issuerName: string;
  supersededAt: string | null;
}

export interface VerificationView {
  code: string;
  /** null once the holder deleted their account: the certificate is then withdrawn (revoked, accountDeleted). */
  holderName: string | null;
  accountDeleted: boolean;
  courseTitle: string;
  courseVersion: number;
  issuer: { name: string };
  issuedAt: string;
  expiresAt: string | null;
  status: CertificateStatus;
  revokedAt: string | null;
}

export interface BatchView {
  id: string;
  total: number;
  done: number;
  failed: number;
  skipped: number;
  state: 'running' | 'done';
  reason: string;
  createdAt: string;
}

/** A batch covers at most this many completions; a larger re-issue is split by course or organisation. */
export const MAX_BATCH = 10_000;
const PAGE = 20;

/** Certificates as people see them: their own, an organisation's, verification by code, revocation, bulk batches. */
@Injectable()
export class CertificatesService {
  constructor(
    private readonly repository: CertificatesRepository,
    private readonly lookup: CertificateLookupRepository,
    private readonly accounts: AccountsService,
    private readonly store: CertificateStore,
    private readonly memberships: MembershipReader,
    private readonly completions: CompletionReader,
    private readonly audit: AuditService,
    private readonly relay: OutboxRelay,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  private view(c: CertificateRow): CertificateView {
    return {
      id: c.id,
      code: c.code,
      courseTitle: c.courseTitle,
      courseSlug: c.courseSlug,
      courseVersion: c.courseVersion,
      issuedAt: iso(c.issuedAt)!,
      expiresAt: iso(c.expiresAt),
      status: statusOf(c),
      revokedAt: iso(c.revokedAt),
      verifyUrl: verifyUrlOf(this.config.http.publicOrigin, c.code),
    };
  }

  private async roleIn(actor: Actor, organisationId: string): Promise<OrgRole | null> {
    if (actor.memberships) return actor.memberships.find((m) => m.organisationId === organisationId)?.role ?? null;
    return this.memberships.roleOf(actor.userId, organisationId);
  }

  /** Platform admins, and org admins of the organisation that issued it. */
  private async administers(actor: Actor, c: CertificateRow): Promise<boolean> {
    if (actor.isPlatformAdmin) return true;
    return c.organisationId !== null && hasOrgRole(await this.roleIn(actor, c.organisationId), 'org_admin');
  }

  async mine(actor: Actor, cursor: string | undefined, limit = PAGE): Promise<Page<CertificateView>> {
    const after = decodeKeyset(cursor, ['timestamp', 'uuid']);
    const rows = await this.repository.listForUser(actor.userId, after ? { issuedAt: after[0], id: after[1] } : null, limit);
    return toPage(
      rows.map((r) => this.view(r)),
      limit,
      (v) => [v.issuedAt, v.id],
    );
  }

  /** The PDF: its holder, platform admins and the issuing organisation's admins; to anyone else the certificate does not exist (404). */
  async pdf(actor: Actor, id: string): Promise<{ data: Buffer; filename: string }> {
    const c = await this.repository.byId(id);
    if (!c || (c.userId !== actor.userId && !(await this.administers(actor, c)))) throw DomainError.notFound('Certificate');
    if (c.holderErasedAt)
      throw new DomainError(CertificatesErrors.CertificateWithdrawn, 'The holder deleted their account: this certificate was withdrawn and its file deleted.');
    const data = await this.store.get(c.storageKey);
    if (!data) {
      this.logger.error({ certificateId: c.id }, 'certificate file missing from the store');
      throw new DomainError(ErrorCode.ServiceUnavailable, 'The certificate file cannot be read right now. Please try again later.', { store: 'certificates' });
    }
    return { data, filename: `htmse-academy-certificate-${c.code}.pdf` };
  }

  /** Public: what the certificate says and whether it stands; nothing else about its holder. */
  async verify(code: string): Promise<VerificationView> {
    const canonical = normaliseCertificateCode(code);
    const c = canonical ? await this.repository.byCode(canonical) : null;
    if (!c) throw DomainError.notFound('Certificate');
    return {
      code: c.code,
      holderName: c.holderErasedAt ? null : c.holderName,
      accountDeleted: c.holderErasedAt !== null,
      courseTitle: c.courseTitle,
      courseVersion: c.courseVersion,
      issuer: { name: c.issuerName },
      issuedAt: iso(c.issuedAt)!,
      expiresAt: iso(c.expiresAt),
      status: statusOf(c),
      revokedAt: iso(c.revokedAt),
    };
  }

  /** Platform admins, or org admins of its organisation; others 404. Effective at once (verification reads the row). Audited. */
  async revoke(actor: Actor, id: string, reason: string, meta: RequestMeta): Promise<OrganisationCertificateView> {
    const c = await this.repository.byId(id);
    if (!c || !(await this.administers(actor, c))) throw DomainError.notFound('Certificate');
    const revoked = await this.repository.revoke(id, actor.userId, reason);
    if (!revoked) throw new DomainError(CertificatesErrors.CertificateAlreadyRevoked, 'This certificate is revoked already.');
    await this.audit.record(
      {
        action: 'certificate.revoked',
        actorUserId: actor.userId,
        organisationId: c.organisationId,
        targetType: 'certificate',
        targetId: c.id,
        metadata: { code: c.code, reason },
      },
      meta,
    );
    return this.organisationView(revoked);
  }

  private organisationView(c: CertificateRow): OrganisationCertificateView {
    return {
      ...this.view(c),
      userId: c.userId,
      holderName: c.holderErasedAt ? null : c.holderName,
      accountDeleted: c.holderErasedAt !== null,
      completedAt: iso(c.completedAt)!,
      revocationReason: c.revocationReason,
    };
  }

  /** The organisation's certificates (those of its tailored courses), newest first. The route admits its org admins and platform admins. */
  async ofOrganisation(
    organisationId: string,
    status: CertificateStatus | undefined,
    cursor: string | undefined,
    limit = PAGE,
  ): Promise<Page<OrganisationCertificateView>> {
    const after = decodeKeyset(cursor, ['timestamp', 'uuid']);
    const rows = await this.repository.listForOrganisation(organisationId, status, after ? { issuedAt: after[0], id: after[1] } : null, limit);
    return toPage(
      rows.map((r) => this.organisationView(r)),
      limit,
      (v) => [v.issuedAt, v.id],
    );
  }

  /**
   * A platform admin's lookup across organisations (HTMSE Academy's own courses included): by
   * certificate number (as typed from paper: the verification's forgiving reading) or by the
   * learner's email (every certificate of the account, superseded ones too, newest first). Exactly
   * one of the two; the route admits platform admins only.
   */
  async adminSearch(query: { code?: string; email?: string; cursor?: string; limit?: number }): Promise<Page<AdminCertificateView>> {
    const limit = query.limit ?? PAGE;
    const code = query.code?.trim() || undefined;
    const email = query.email?.trim() || undefined;
    if ((code === undefined) === (email === undefined)) {
      const reason = code === undefined ? 'give a certificate number or a learner’s email' : 'give a certificate number or an email, not both';
      throw DomainError.validation([{ field: code === undefined ? 'code' : 'email', reasons: [reason] }]);
    }
    if (code !== undefined) {
      const canonical = normaliseCertificateCode(code);
      if (!canonical) throw DomainError.validation([{ field: 'code', reasons: ['code is not a certificate number (HTM-XXXX-XXXX-XXXX)'] }]);
      // One answer at most: a cursor is checked (a bad one is 400) and there is never a next page.
      decodeKeyset(query.cursor, ['timestamp', 'uuid']);
      const c = query.cursor ? null : await this.repository.byCode(canonical);
      return { items: c ? [this.adminView(c)] : [], nextCursor: null };
    }
    const after = decodeKeyset(query.cursor, ['timestamp', 'uuid']);
    const account = await this.accounts.findByEmail(email!);
    if (!account) return { items: [], nextCursor: null };
    const rows = await this.lookup.listForUser(account.id, after ? { issuedAt: after[0], id: after[1] } : null, limit);
    return toPage(
      rows.map((r) => this.adminView(r)),
      limit,
      (v) => [v.issuedAt, v.id],
    );
  }

  private adminView(c: CertificateRow): AdminCertificateView {
    return { ...this.organisationView(c), organisationId: c.organisationId, issuerName: c.issuerName, supersededAt: iso(c.supersededAt) };
  }

  // --- bulk -----------------------------------------------------------------------------------

  /** A bulk (re-)issue: one job per standing completion matching the filter, through the outbox with the batch. */
  async createBatch(
    actor: Actor,
    input: { courseId?: string; organisationId?: string; userIds?: string[]; reason: string },
    meta: RequestMeta,
  ): Promise<{ id: string; total: number }> {
    if (!input.courseId && !input.organisationId && !input.userIds?.length) {
      throw DomainError.validation([{ field: 'courseId', reasons: ['give courseId, organisationId or userIds: a batch never covers every certificate'] }]);
    }
    const filter = { courseId: input.courseId, organisationId: input.organisationId, userIds: input.userIds };
    const ids = await this.completions.standingCompletions(filter, MAX_BATCH + 1);
    if (ids.length > MAX_BATCH) {
      throw DomainError.validation([
        { field: 'courseId', reasons: [`the batch would cover more than ${MAX_BATCH} completions: narrow it by course or organisation`] },
      ]);
    }
    const id = await this.repository.transaction(async (tx) => {
      const batchId = await this.repository.createBatch(tx, { requestedBy: actor.userId, reason: input.reason, filter, completionIds: ids });
      await addManyToOutbox(
        tx,
        'certificates.issue',
        ids.map((completionId) => ({ payload: { batchId, completionId }, jobId: `certificates.issue-${batchId}-${completionId}` })),
      );
      return batchId;
    });
    this.relay.nudge();
    await this.audit.record(
      {
        action: 'certificate.batch_created',
        actorUserId: actor.userId,
        organisationId: input.organisationId ?? null,
        targetType: 'certificate_batch',
        targetId: id,
        metadata: { total: ids.length, reason: input.reason },
      },
      meta,
    );
    return { id, total: ids.length };
  }

  async batch(id: string): Promise<BatchView> {
    const b = await this.repository.batchCounts(id);
    if (!b) throw DomainError.notFound('Batch');
    return {
      id: b.id,
      total: b.total,
      done: b.done,
      failed: b.failed,
      skipped: b.skipped,
      state: b.pending > 0 ? 'running' : 'done',
      reason: b.reason,
      createdAt: iso(b.createdAt)!,
    };
  }
}

export { PLATFORM_ISSUER };
