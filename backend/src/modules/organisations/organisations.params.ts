import { ParseUUIDPipe } from '@nestjs/common';
import { DomainError } from '../../common/errors/domain-error.js';

/**
 * The organisation id: the access guard already answers 404 for a malformed one (a non-member
 * must not learn anything); this keeps the same answer should a route ever be reached without it.
 */
export const organisationIdParam = () => new ParseUUIDPipe({ exceptionFactory: () => DomainError.notFound('Organisation') });

/** Other ids in a path: a malformed one is bad input. */
export const uuidParam = (field: string) =>
  new ParseUUIDPipe({ exceptionFactory: () => DomainError.validation([{ field, reasons: [`${field} must be a UUID`] }]) });
