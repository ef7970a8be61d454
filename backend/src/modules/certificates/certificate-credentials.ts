import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { CertificateRow } from './certificates.repository.js';

/**
 * The hook for the verifiable credential (credentials/, docs/credentials.md): called by the
 * issuing job inside the transaction that inserted the certificate, after the insert and before
 * the commit, so whatever it records commits with the certificate or not at all. The row carries
 * `statusIndex`, the certificate's place in the status list. The default does nothing: the
 * credential is made from the row when it is downloaded.
 */
export abstract class CertificateCredentials {
  abstract issue(tx: EntityManager, certificate: CertificateRow): Promise<void>;
}

@Injectable()
export class CredentialsMadeOnDownload extends CertificateCredentials {
  issue(): Promise<void> {
    return Promise.resolve();
  }
}
