import { moduleErrorCodes } from '../../common/errors/error-code.js';

/** The certificates module's own error codes, each with its HTTP status. */
export const CertificatesErrors = moduleErrorCodes({
  CertificateAlreadyRevoked: {
    code: 'CERTIFICATE_ALREADY_REVOKED',
    status: 409,
    meaning: 'The certificate is revoked already (or was replaced by a re-issue).',
  },
  CertificateFileMissing: {
    code: 'CERTIFICATE_FILE_MISSING',
    status: 503,
    meaning: 'The certificate exists but its file cannot be read from the certificate store right now; try again later.',
  },
});
