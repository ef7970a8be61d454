import { ParseUUIDPipe, type PipeTransform } from '@nestjs/common';
import { DomainError } from '../errors/domain-error.js';

export const SLUG_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** A path segment that must be a slug: anything else is 400 naming the parameter, not a lookup. */
export class SlugParamPipe implements PipeTransform<string, string> {
  constructor(private readonly field: string) {}

  transform(value: string): string {
    if (typeof value !== 'string' || value.length > 100 || !SLUG_PATTERN.test(value)) {
      throw DomainError.validation([{ field: this.field, reasons: [`${this.field} must be a slug: lowercase letters, digits and single dashes`] }]);
    }
    return value;
  }
}

export const uuidParam = (field: string) =>
  new ParseUUIDPipe({ exceptionFactory: () => DomainError.validation([{ field, reasons: [`${field} must be a UUID`] }]) });

/**
 * The organisation id: the access guard already answers 404 for a malformed one (a non-member
 * must not learn anything); this keeps the same answer should a route ever be reached without it.
 */
export const organisationIdParam = () => new ParseUUIDPipe({ exceptionFactory: () => DomainError.notFound('Organisation') });
