import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { LOGGER } from '../../common/logging/logging.module.js';
import { CompletionReader } from '../../common/ports/completion-reader.js';
import { JOB_ATTEMPTS, type JobContext, type JobPayloads } from '../../infra/queue/job.types.js';
import { OnJob } from '../../infra/queue/on-job.decorator.js';
import { OutboxRelay } from '../../infra/queue/outbox.js';
import { derivedUuid, generateCertificateCode } from './certificate-code.js';
import { CertificateCredentials } from './certificate-credentials.js';
import { CertificateRenderer } from './certificate-renderer.js';
import { CertificateStore, certificateStorageKey } from './certificate-store.js';
import { certificateReadyMail } from './certificates.mails.js';
import { CertificatesRepository, type CertificateRow } from './certificates.repository.js';

export const PLATFORM_ISSUER = 'HTMSE Academy';

/** What one issuance did. */
export type IssueOutcome =
  { kind: 'issued'; certificate: CertificateRow } | { kind: 'exists'; certificate: CertificateRow } | { kind: 'skipped'; reason: string };

export interface ReissueRequest {
  batchId: string;
  requestedBy: string | null;
  reason: string;
}

/** The verification page of a code (its QR code and the printed URL point there). */
export const verifyUrlOf = (origin: string, code: string) => `${origin}/verify/${code}`;

/**
 * Issuing certificates (docs/certificates.md#issuance), exactly once per completion under
 * at-least-once delivery:
 * - the certificate's id is derived from the completion (and the batch, for a re-issue), and so
 *   is its file's key: every attempt of one issuance writes the same file;
 * - the whole issuance holds a transaction-scoped advisory lock on the completion, so a
 *   duplicated job waits and then finds the row;
 * - the PDF is rendered and stored *before* the row is inserted, in the same transaction, so a
 *   committed row always has its file; a crash after the write and before the commit leaves a
 *   file that the retry overwrites (same key);
 * - the insert is `ON CONFLICT (completion_id) DO NOTHING` on the unique index of current
 *   certificates, in case anything else got there first;
 * - the learner's mail goes through the outbox in the same statement as the insert.
 */
@Injectable()
export class IssuanceService {
  constructor(
    private readonly repository: CertificatesRepository,
    private readonly completions: CompletionReader,
    private readonly renderer: CertificateRenderer,
    private readonly store: CertificateStore,
    private readonly credentials: CertificateCredentials,
    private readonly relay: OutboxRelay,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** The learning module's event: a course was completed. Issues its certificate. */
  @OnJob('course.completed')
  async courseCompleted(payload: JobPayloads['course.completed']): Promise<void> {
    const outcome = await this.issue(payload.completionId);
    this.logger.info(
      {
        completionId: payload.completionId,
        outcome: outcome.kind,
        ...(outcome.kind === 'skipped' ? { reason: outcome.reason } : { certificateId: outcome.certificate.id }),
      },
      'course.completed handled',
    );
  }

  /** One completion of a bulk batch: issues, or re-issues with today's data (a corrected name), superseding the current certificate. */
  @OnJob('certificates.issue')
  async batchItem(payload: JobPayloads['certificates.issue'], ctx: JobContext): Promise<void> {
    const batch = await this.repository.batch(payload.batchId);
    if (!batch) return; // deleted meanwhile: nothing to do
    try {
      const outcome = await this.issue(payload.completionId, { batchId: batch.id, requestedBy: batch.requestedBy, reason: batch.reason });
      if (outcome.kind === 'skipped') await this.repository.settleItem(batch.id, payload.completionId, 'skipped', null, outcome.reason);
      else await this.repository.settleItem(batch.id, payload.completionId, 'done', outcome.certificate.id, null);
    } catch (err) {
      // The last attempt's failure is the item's; earlier ones are retried (BullMQ's backoff).
      if (ctx.attempt >= JOB_ATTEMPTS) {
        await this.repository.settleItem(batch.id, payload.completionId, 'failed', null, (err instanceof Error ? err.message : String(err)).slice(0, 500));
      }
      throw err;
    }
  }

  /** The learning module's event: a completion was revoked (a regrade). Its current certificate is revoked with the same reason. */
  @OnJob('course.completion-revoked')
  async completionRevoked(payload: JobPayloads['course.completion-revoked']): Promise<void> {
    const revoked = await this.repository.transaction(async (tx) => {
      // The issuing lock: an issuance that read the completion before it was revoked commits first, then is revoked here.
      await this.repository.lockCompletion(tx, payload.completionId);
      return this.repository.revokeForCompletion(tx, payload.completionId, `The completion was withdrawn. ${payload.reason}`.slice(0, 500));
    });
    this.logger.info({ completionId: payload.completionId, certificateId: revoked }, 'course.completion-revoked handled');
  }

  /** Issues the completion's certificate (or, with `reissue`, replaces its current one). Idempotent. */
  async issue(completionId: string, reissue?: ReissueRequest): Promise<IssueOutcome> {
    const id = reissue ? derivedUuid('reissue', reissue.batchId, completionId) : derivedUuid(completionId);
    const storageKey = certificateStorageKey(this.config.auth.jwtSecret, id);
    const origin = this.config.http.publicOrigin;

    const outcome = await this.repository.transaction(async (tx): Promise<IssueOutcome> => {
      await this.repository.lockCompletion(tx, completionId);
      // Read under the lock: a revocation committed before this point is seen here; one after it
      // waits for this transaction and then revokes what it issued (completionRevoked).
      const facts = await this.completions.forCertificate(completionId, tx);
      if (!facts) return { kind: 'skipped', reason: 'no such completion' };
      if (facts.revokedAt) return { kind: 'skipped', reason: 'the completion was revoked' };
      if (facts.archivedAt) return { kind: 'skipped', reason: 'the completion was archived (the course is being re-taken)' };
      if (facts.holderName === null || facts.holderEmail === null) return { kind: 'skipped', reason: 'the account was deleted' };
      const holderName = facts.holderName;
      const holderEmail = facts.holderEmail;
      const current = await this.repository.currentForCompletion(tx, completionId);
      if (current && (!reissue || current.id === id)) return { kind: 'exists', certificate: current };
      if (current?.revokedAt) return { kind: 'skipped', reason: 'its certificate was revoked: a re-issue would undo that' };

      const code = generateCertificateCode();
      const issuerName = facts.organisationName ?? PLATFORM_ISSUER;
      const content = {
        code,
        holderName,
        courseTitle: facts.courseTitle,
        courseVersion: facts.courseVersion,
        completedAt: new Date(facts.completedAt),
        expiresAt: facts.expiresAt ? new Date(facts.expiresAt) : null,
        learningMinutes: facts.estimatedMinutes,
        score: facts.finalScore,
        issuerName,
        verifyUrl: verifyUrlOf(origin, code),
      };
      // The file first, under this issuance's own key: the row below commits only with it in place.
      await this.store.put(storageKey, await this.renderer.render(content));

      if (current)
        await this.repository.supersede(tx, current.id, reissue?.requestedBy ?? null, `Replaced by a re-issue: ${reissue?.reason ?? ''}`.slice(0, 500));
      const inserted = await this.repository.insert(
        tx,
        {
          id,
          completionId,
          userId: facts.userId,
          courseId: facts.courseId,
          courseVersionId: facts.courseVersionId,
          organisationId: facts.organisationId,
          code,
          holderName,
          courseTitle: facts.courseTitle,
          courseSlug: facts.courseSlug,
          courseVersion: facts.courseVersion,
          issuerName,
          completedAt: content.completedAt,
          expiresAt: content.expiresAt,
          learningMinutes: facts.estimatedMinutes,
          score: facts.finalScore,
          storageKey,
          batchId: reissue?.batchId ?? null,
        },
        // The learner's mail, in the same statement: sent if and only if this certificate commits, once.
        {
          payload: certificateReadyMail({
            to: holderEmail,
            holderName,
            courseTitle: facts.courseTitle,
            code,
            verifyUrl: content.verifyUrl,
            origin,
            reissued: !!current,
          }),
          jobId: `mail.send-certificate-${id}`,
        },
      );
      if (!inserted) {
        // Unreachable under the lock; if it happens the current row stands and this file is not referenced.
        const winner = await this.repository.currentForCompletion(tx, completionId);
        if (!winner) throw new Error(`certificate for completion ${completionId}: insert conflicted but no current row`);
        return { kind: 'exists', certificate: winner };
      }
      if (current) await this.repository.linkSuccessor(tx, current.id, inserted.id);
      // certs-vc: the verifiable credential's hook, in this transaction (certificate-credentials.ts).
      await this.credentials.issue(tx, inserted);
      return { kind: 'issued', certificate: inserted };
    });
    if (outcome.kind === 'issued') this.relay.nudge();
    return outcome;
  }
}
