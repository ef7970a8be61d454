// The certificates module's face: what other modules may use. Nothing else in this folder is imported from outside it.
export { CertificatesModule } from './certificates.module.js';
export { CertificatesErrors } from './certificates.errors.js';
export { CERTIFICATES_JOBS } from './certificates.jobs.js';
export { CertificatesService, statusOf, type CertificateStatus } from './certificates.service.js';
export type { Certificate, CertificateBatch } from './certificates.entities.js';
