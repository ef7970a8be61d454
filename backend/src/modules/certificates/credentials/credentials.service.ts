import { Injectable } from '@nestjs/common';
import type { Actor } from '../../../common/auth/actor.js';
import { DomainError } from '../../../common/errors/domain-error.js';
import type { PublicJwk } from '../../../config/credential-keys.js';
import { CredentialKeys } from './credential-keys.js';
import { CredentialsRepository } from './credentials.repository.js';
import { issueCredential } from './open-badge.js';
import { STATUS_LIST_TTL_MS, statusListCredential, statusListLocation, statusListRange } from './status-list.js';

/**
 * The certificates' verifiable credentials: the learner's own credential (an Open Badges 3.0
 * VC-JWT, computed on download: docs/credentials.md says why), the published keys and the
 * revocation status lists.
 */
@Injectable()
export class CredentialsService {
  /** Per list: the last token built and the revoked indexes it encodes (reused while they are unchanged, for up to the ttl). */
  private readonly builtLists = new Map<number, { revoked: string; jwt: string; builtAt: number }>();

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
   * Status list `listId` as it is now: revocations show at once (the revoked indexes are read on
   * every request; verifiers may cache the list for its ttl, 60 s). Building and signing one costs
   * about a millisecond, so while a list's revoked indexes are unchanged the token built last is
   * served again, for up to the ttl. Lists after the last one in use are 404.
   */
  async statusList(listId: number): Promise<string> {
    const highest = await this.repository.highestStatusIndex();
    const lastList = highest === null ? 1 : statusListLocation(highest).listId;
    if (listId > lastList) throw DomainError.notFound('Status list');
    const { first, last } = statusListRange(listId);
    const revoked = (await this.repository.revokedStatusIndexes(first, last)).map((i) => i - first).sort((a, b) => a - b);
    const key = revoked.join(',');
    const built = this.builtLists.get(listId);
    if (built && built.revoked === key && Date.now() - built.builtAt < STATUS_LIST_TTL_MS) return built.jwt;
    const jwt = await statusListCredential(revoked, listId, this.keys.signer);
    this.builtLists.set(listId, { revoked: key, jwt, builtAt: Date.now() });
    return jwt;
  }
}
