import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { CertificateCredentials, CredentialsMadeOnDownload } from './certificate-credentials.js';
import { CertificateRenderer } from './certificate-renderer.js';
import { CertificateStoreSweeper } from './certificate-store-sweeper.js';
import { CertificateStore, LocalCertificateStore } from './certificate-store.js';
import { CertificatesController } from './certificates.controller.js';
import { CERTIFICATES_ENTITIES } from './certificates.entities.js';
import { CertificatesRepository } from './certificates.repository.js';
import { CertificatesService } from './certificates.service.js';
import { IssuanceService } from './issuance.service.js';
import { CredentialKeys } from './credentials/credential-keys.js';
import { CredentialsController } from './credentials/credentials.controller.js';
import { CredentialsRepository } from './credentials/credentials.repository.js';
import { CredentialsService } from './credentials/credentials.service.js';

/**
 * Certificates (issue #11, docs/certificates.md): issued from the learning module's
 * `course.completed` (read through the CompletionReader port), rendered to PDF in the worker,
 * stored in the certificate store, verified by code, revoked, re-issued in bulk.
 */
@Module({
  imports: [TypeOrmModule.forFeature(CERTIFICATES_ENTITIES)],
  controllers: [CertificatesController, CredentialsController],
  providers: [
    CertificatesRepository,
    CertificatesService,
    IssuanceService,
    CertificateRenderer,
    { provide: CertificateStore, inject: [APP_CONFIG], useFactory: (config: AppConfig) => new LocalCertificateStore(config.storage.certificateDir) },
    // Deletes temporary files an interrupted write left (at start, then hourly).
    CertificateStoreSweeper,
    { provide: CertificateCredentials, useClass: CredentialsMadeOnDownload },
    // The verifiable credentials (credentials/, docs/credentials.md).
    CredentialKeys,
    CredentialsRepository,
    CredentialsService,
  ],
  exports: [CertificatesService],
})
export class CertificatesModule {}
