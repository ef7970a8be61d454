import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CertificateHolderErasure } from '../../common/ports/certificate-holder-erasure.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { IdentityModule } from '../identity/index.js';
import { CertificateLookupRepository } from './certificate-lookup.repository.js';
import { CertificateCredentials, CredentialsMadeOnDownload } from './certificate-credentials.js';
import { CertificateRenderer } from './certificate-renderer.js';
import { CertificateStoreSweeper } from './certificate-store-sweeper.js';
import { CertificateStore, LocalCertificateStore } from './certificate-store.js';
import { CertificatesController } from './certificates.controller.js';
import { CERTIFICATES_ENTITIES } from './certificates.entities.js';
import { CertificatesRepository } from './certificates.repository.js';
import { CertificatesService } from './certificates.service.js';
import { HolderErasureService } from './holder-erasure.service.js';
import { IssuanceService } from './issuance.service.js';
import { CredentialKeys } from './credentials/credential-keys.js';
import { CredentialsController } from './credentials/credentials.controller.js';
import { CredentialsRepository } from './credentials/credentials.repository.js';
import { CredentialsService } from './credentials/credentials.service.js';

/**
 * Certificates (issue #11, docs/certificates.md): issued from the learning module's
 * `course.completed` (read through the CompletionReader port), rendered to PDF in the worker,
 * stored in the certificate store, verified by code, revoked, re-issued in bulk. Global, so that
 * account deletion (identity) withdraws certificates through the CertificateHolderErasure port
 * without depending on this module.
 */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature(CERTIFICATES_ENTITIES), IdentityModule],
  controllers: [CertificatesController, CredentialsController],
  providers: [
    CertificatesRepository,
    CertificatesService,
    IssuanceService,
    CertificateRenderer,
    CertificateLookupRepository,
    HolderErasureService,
    { provide: CertificateHolderErasure, useExisting: HolderErasureService },
    { provide: CertificateStore, inject: [APP_CONFIG], useFactory: (config: AppConfig) => new LocalCertificateStore(config.storage.certificateDir) },
    // Deletes temporary files an interrupted write left (at start, then hourly).
    CertificateStoreSweeper,
    { provide: CertificateCredentials, useClass: CredentialsMadeOnDownload },
    // The verifiable credentials (credentials/, docs/credentials.md).
    CredentialKeys,
    CredentialsRepository,
    CredentialsService,
  ],
  exports: [CertificatesService, CertificateHolderErasure],
})
export class CertificatesModule {}
