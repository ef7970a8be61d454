import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { LOGGER } from '../../common/logging/logging.module.js';
import { CertificateHolderErasure } from '../../common/ports/certificate-holder-erasure.js';
import { CompletionReader } from '../../common/ports/completion-reader.js';
import { CertificateLookupRepository } from './certificate-lookup.repository.js';
import { CertificateStore } from './certificate-store.js';

/** Completions of one learner whose issuing lock the erasure takes (far more than anyone completes). */
const MAX_COMPLETIONS = 10_000;

/**
 * What account deletion does to the person's certificates (docs/certificates.md#account-deletion):
 * each is withdrawn (revoked, so the credential's status list says so), the printed name and the
 * score are erased from the row, and the PDF is deleted from the store. Verification then answers
 * "withdrawn: the holder's account was deleted" without a name.
 */
@Injectable()
export class HolderErasureService extends CertificateHolderErasure {
  constructor(
    private readonly repository: CertificateLookupRepository,
    private readonly completions: CompletionReader,
    private readonly store: CertificateStore,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    super();
  }

  async eraseHolder(userId: string): Promise<number> {
    // Standing completions are those an issuing job may still be working on: their locks are taken.
    const standing = await this.completions.standingCompletions({ userIds: [userId] }, MAX_COMPLETIONS);
    const erased = await this.repository.eraseHolder(userId, standing);
    // After the commit: a file deleted before it, with the transaction then rolled back, would leave a certificate without its file.
    for (const c of erased) {
      try {
        await this.store.delete(c.storageKey);
      } catch (err) {
        // Never served again (the download refuses a withdrawn certificate); logged for the operator.
        this.logger.warn({ certificateId: c.id, err: err instanceof Error ? err.message : String(err) }, 'could not delete a withdrawn certificate’s file');
      }
    }
    return erased.length;
  }

  /**
   * Withdraws what a failed withdrawal at deletion left (the deletion itself stands): run by
   * CertificateStoreSweeper at start and hourly. Answers how many certificates it withdrew.
   */
  async eraseDeletedHolders(limit = 100): Promise<number> {
    let withdrawn = 0;
    for (const userId of await this.repository.deletedHoldersLeft(limit)) withdrawn += await this.eraseHolder(userId);
    if (withdrawn > 0) this.logger.warn({ withdrawn }, 'withdrew certificates of deleted accounts that were left standing');
    return withdrawn;
  }
}
