import { moduleErrorCodes } from '../../common/errors/error-code.js';

/** The certificates module's own error codes, each with its HTTP status. */
export const CertificatesErrors = moduleErrorCodes({
  CertificateAlreadyRevoked: {
    code: 'CERTIFICATE_ALREADY_REVOKED',
    status: 409,
    meaning: 'The certificate is revoked already (or was replaced by a re-issue).',
  },
});
