import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { LOGGER } from '../../common/logging/logging.module.js';
import { decodeKeyset, toPage, type Page } from '../../common/http/pagination.js';
import type { RequestMeta } from '../../common/http/request-meta.js';
import type { AuditEvent } from './audit-event.entity.js';
import { AuditRepository } from './audit.repository.js';

export const AUDIT_ACTIONS = [
  'account.registered',
  'account.email_verified',
  'account.password_changed',
  'account.password_reset',
  'account.profile_updated',
  'account.data_exported',
  'account.deleted',
  'account.platform_admin_granted',
  'auth.login_succeeded',
  'auth.login_failed',
  'auth.login_rate_limited',
  'auth.logout',
  'auth.refresh_token_reused',
  'organisation.created',
  'organisation.updated',
  'organisation.support_updated',
  'membership.role_changed',
  'membership.removed',
  'invitation.created',
  'invitation.revoked',
  'invitation.accepted',
  'question.regraded',
  'organisation.learning_records_exported',
  'certificate.revoked',
  'certificate.batch_created',
  'cohort.member_reminded',
  'organisation.compliance_exported',
  'queue.job_retried',
  'queue.job_removed',
  'queue.job_promoted',
  'queue.paused',
  'queue.resumed',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditRecord {
  action: AuditAction;
  actorUserId?: string | null;
  organisationId?: string | null;
  targetType?: string;
  targetId?: string;
  metadata?: Record<string, unknown>;
}

export interface AuditEventView {
  id: string;
  occurredAt: string;
  action: string;
  actorUserId: string | null;
  actorName: string | null;
  organisationId: string | null;
  targetType: string | null;
  targetId: string | null;
  ip: string | null;
  requestId: string | null;
  metadata: Record<string, unknown>;
}

/** Append-only record of security events. A failure to audit is logged, never hidden. */
@Injectable()
export class AuditService {
  constructor(
    private readonly repository: AuditRepository,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async record(event: AuditRecord, meta?: RequestMeta): Promise<void> {
    await this.repository.insert({
      action: event.action,
      actorUserId: event.actorUserId ?? null,
      organisationId: event.organisationId ?? null,
      targetType: event.targetType ?? null,
      targetId: event.targetId ?? null,
      metadata: (event.metadata ?? {}) as AuditEvent['metadata'] & object,
      ip: meta?.ip ?? null,
      userAgent: meta?.userAgent ?? null,
      requestId: meta?.requestId ?? null,
    });
    this.logger.info({ audit: event.action, actorUserId: event.actorUserId, organisationId: event.organisationId }, 'audit event');
  }

  /** Newest first, keyset-paginated; scoped to one organisation when organisationId is given. */
  async list(scope: { organisationId?: string; actorUserId?: string }, limit = 50, cursor?: string): Promise<Page<AuditEventView>> {
    const after = decodeKeyset(cursor, ['timestamp', 'uuid']);
    const rows = await this.repository.list(scope, after ? { at: after[0], id: after[1] } : null, limit + 1);
    const views = rows.map((e) => ({
      id: e.id,
      occurredAt: e.occurredAt.toISOString(),
      action: e.action,
      actorUserId: e.actorUserId,
      actorName: e.actor?.displayName ?? null,
      organisationId: e.organisationId,
      targetType: e.targetType,
      targetId: e.targetId,
      ip: e.ip,
      requestId: e.requestId,
      metadata: e.metadata,
    }));
    return toPage(views, limit, (v) => [v.occurredAt, v.id]);
  }
}
