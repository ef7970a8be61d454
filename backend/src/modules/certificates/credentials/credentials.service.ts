import { Injectable } from '@nestjs/common';
import type { Actor } from '../../../common/auth/actor.js';
import { DomainError } from '../../../common/errors/domain-error.js';
import type { PublicJwk } from '../../../config/credential-keys.js';
import { CredentialKeys } from './credential-keys.js';
import { CredentialsRepository } from './credentials.repository.js';
import { issueCredential } from './open-badge.js';
import { statusListCredential, statusListLocation, statusListRange } from './status-list.js';

/**
 * The certificates' verifiable credentials: the learner's own credential (an Open Badges 3.0
 * VC-JWT, computed on download: docs/credentials.md says why), the published keys and the
 * revocation status lists.
 */
@Injectable()
export class CredentialsService {
  constructor(
    private readonly keys: CredentialKeys,
    private readonly repository: CredentialsRepository,
  ) {}

  jwks(): { keys: PublicJwk[] } {
    return this.keys.jwks();
  }

  /** The holder's credential; anyone else's certificate, or none, is 404. */
  async credential(actor: Actor, certificateId: string): Promise<{ jwt: string; filename: string }> {
    const row = await this.repository.ownedCertificate(actor.userId, certificateId);
    if (!row) throw DomainError.notFound('Certificate');
    const jwt = await issueCredential(row, this.keys.signer);
    return { jwt, filename: `htmse-academy-credential-${row.code}.jwt` };
  }

  /**
   * Status list `listId` as it is now: revocations show at once (no server-side cache; verifiers
   * may cache it for the list's ttl, 60 s). Lists after the last one in use are 404.
   */
  async statusList(listId: number): Promise<string> {
    const highest = await this.repository.highestStatusIndex();
    const lastList = highest === null ? 1 : statusListLocation(highest).listId;
    if (listId > lastList) throw DomainError.notFound('Status list');
    const { first, last } = statusListRange(listId);
    const revoked = await this.repository.revokedStatusIndexes(first, last);
    return statusListCredential(
      revoked.map((i) => i - first),
      listId,
      this.keys.signer,
    );
  }
}
