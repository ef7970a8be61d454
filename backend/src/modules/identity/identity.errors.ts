import { moduleErrorCodes } from '../../common/errors/error-code.js';

/** The identity module's own error codes, each with its HTTP status. */
export const IdentityErrors = moduleErrorCodes({
  EmailNotVerified: {
    code: 'EMAIL_NOT_VERIFIED',
    status: 403,
    meaning: 'Right password, but the email address is not confirmed yet (sign-in).',
  },
  SoleOrganisationAdmin: {
    code: 'SOLE_ORGANISATION_ADMIN',
    status: 422,
    meaning: 'The account is the only administrator of an organisation, so it cannot be deleted yet (details.organisations).',
  },
});
