import { Inject, Injectable } from '@nestjs/common';
import { ErrorCode } from '../../common/errors/error-code.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import type { Actor } from '../../common/auth/actor.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { decodeKeyset, encodeCursor } from '../../common/http/pagination.js';
import type { RequestMeta } from '../../common/http/request-meta.js';
import { addToOutbox, OutboxRelay } from '../../infra/queue/outbox.js';
import { AuditService } from '../audit/index.js';
import { AttentionRepository, type AttentionRow, type RawReason } from './attention.repository.js';
import type { AttentionItemDto, AttentionPageDto, AttentionSettingsDto, RemindDto, ReminderSentDto } from './attention.dto.js';
import { trainerReminder } from './notifications.mails.js';
import { CohortAccess } from './cohort-access.js';
import { CohortsErrors } from './cohorts.errors.js';
import { CohortsOpsErrors } from './ops.errors.js';

const day = (iso: string | null) => (iso ? new Date(iso).toISOString().slice(0, 10) : '');

/** A reason in words, for the trainer's list and the digest. */
export function describeReason(r: RawReason): string {
  switch (r.code) {
    case 'overdue':
      return `${r.courseTitle} was due on ${day(r.at)}`;
    case 'due_soon':
      return `${r.courseTitle} is due on ${day(r.at)}`;
    case 'failed_attempts':
      return `${r.attempts} attempts at ${r.quizTitle} without a pass yet`;
    case 'certificate_expired':
      return `Completion of ${r.courseTitle} expired on ${day(r.at)}`;
    case 'certificate_expiring':
      return `Completion of ${r.courseTitle} expires on ${day(r.at)}`;
    case 'inactive':
      return `No learning for ${r.days} days`;
  }
}

export function itemOf(row: AttentionRow): AttentionItemDto {
  return {
    cohortId: row.cohortId,
    cohortName: row.cohortName,
    userId: row.userId,
    name: row.name,
    email: row.email,
    reasons: row.reasons.map((r) => ({
      code: r.code,
      detail: describeReason(r),
      at: r.at ? new Date(r.at).toISOString() : null,
      courseId: r.courseId ?? null,
      quizId: r.quizId ?? null,
    })),
  };
}

/**
 * The trainer's needs-attention queue and one-click reminders (docs/cohorts.md#needs-attention).
 * Scope: a trainer sees the learners of the cohorts they train, an org admin those of every cohort
 * of their organisation; another cohort is 404. Learners (no trainer or org admin role anywhere) 403.
 */
@Injectable()
export class AttentionService {
  constructor(
    private readonly repository: AttentionRepository,
    private readonly access: CohortAccess,
    private readonly relay: OutboxRelay,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async list(actor: Actor, query: { cursor?: string; limit?: number; cohortId?: string }): Promise<AttentionPageDto> {
    if (!(await this.repository.isTrainerAnywhere(actor.userId))) {
      throw new DomainError(ErrorCode.Forbidden, 'Only trainers and organisation administrators have a needs-attention list');
    }
    if (query.cohortId && !(await this.repository.scopedCohort(actor.userId, query.cohortId))) throw DomainError.notFound('Cohort');
    const after = decodeKeyset(query.cursor, ['uuid', 'uuid']);
    const limit = query.limit ?? 20;
    const rows = await this.repository.page(actor.userId, { cohortId: query.cohortId ?? null, after: after ? [after[0], after[1]] : null }, limit + 1);
    const more = rows.length > limit;
    const items = rows.slice(0, limit).map(itemOf);
    const last = items[items.length - 1];
    return { items, nextCursor: more && last ? encodeCursor([last.cohortId, last.userId]) : null };
  }

  /**
   * Mails the learner a reminder from the trainer (through the outbox: the reminder row and its
   * mail commit together), at most one per learner per UTC day whoever sends it (429 after), and
   * records it in the audit log.
   */
  async remind(actor: Actor, cohortId: string, learnerId: string, body: RemindDto, meta: RequestMeta): Promise<ReminderSentDto> {
    // The cohort's one access rule (its trainers, the organisation's admins, platform admins; anyone else 404).
    const cohort = await this.access.cohort(actor, cohortId, 'view');
    const learner = await this.repository.member(cohortId, learnerId);
    if (!learner) throw DomainError.notFound('Member');
    if (cohort.archivedAt) throw new DomainError(CohortsErrors.CohortArchived, 'This cohort is archived: unarchive it to send its learners reminders');
    const trainerName = (await this.repository.displayName(actor.userId)) ?? 'Your trainer';
    const open = await this.repository.openAssignments(cohortId, learnerId);
    const message = body.message?.trim() || null;
    const mail = trainerReminder({
      to: learner.email,
      learnerName: learner.displayName,
      trainerName,
      organisationName: cohort.organisationName,
      message,
      open,
      origin: this.config.http.publicOrigin,
    });
    const id = await this.repository.transaction(async (tx) => {
      const claimed = await this.repository.claimManualReminder(tx, { learnerId, cohortId, sentBy: actor.userId });
      if (claimed) await addToOutbox(tx, 'mail.send', mail, `mail.send-cohort-reminder-${claimed}`);
      return claimed;
    });
    if (!id) {
      const tomorrow = new Date();
      tomorrow.setUTCHours(24, 0, 0, 0);
      const retryAfter = Math.max(1, Math.ceil((tomorrow.getTime() - Date.now()) / 1000));
      throw new DomainError(
        CohortsOpsErrors.ReminderRateLimited,
        'This learner has already been sent a reminder today; you can send another tomorrow (UTC)',
        { retryAfterSeconds: retryAfter },
        { 'retry-after': String(retryAfter) },
      );
    }
    this.relay.nudge();
    await this.audit.record(
      {
        action: 'cohort.member_reminded',
        actorUserId: actor.userId,
        organisationId: cohort.organisationId,
        targetType: 'user',
        targetId: learnerId,
        metadata: { cohortId, reminderId: id, withMessage: message !== null },
      },
      meta,
    );
    return { id, learnerId, cohortId, sentOn: new Date().toISOString().slice(0, 10) };
  }

  /** The organisation's inactivity threshold (its trainers and org admins: the route's rule). */
  async settings(organisationId: string): Promise<AttentionSettingsDto> {
    return { inactiveDays: await this.repository.inactiveDays(organisationId) };
  }

  async updateSettings(actor: Actor, organisationId: string, inactiveDays: number): Promise<AttentionSettingsDto> {
    await this.repository.setInactiveDays(organisationId, inactiveDays, actor.userId);
    return { inactiveDays };
  }
}
