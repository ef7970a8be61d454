import { moduleErrorCodes } from '../../common/errors/error-code.js';

/** The certificates module's own error codes, each with its HTTP status. */
export const CertificatesErrors = moduleErrorCodes({
  CertificateAlreadyRevoked: {
    code: 'CERTIFICATE_ALREADY_REVOKED',
    status: 409,
    meaning: 'The certificate is revoked already (or was replaced by a re-issue).',
  },
  CertificateWithdrawn: {
    code: 'CERTIFICATE_WITHDRAWN',
    status: 410,
    meaning: 'The holder deleted their account: the certificate was withdrawn and its file deleted.',
  },
});
