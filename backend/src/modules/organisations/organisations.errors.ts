import { moduleErrorCodes } from '../../common/errors/error-code.js';

/** The organisations module's own error codes, each with its HTTP status. */
export const OrganisationsErrors = moduleErrorCodes({
  LastOrgAdmin: {
    code: 'LAST_ORG_ADMIN',
    status: 422,
    meaning: 'The change would leave an organisation without an org admin.',
  },
});
