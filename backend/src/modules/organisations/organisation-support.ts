import type { OrganisationSupport } from '../../common/auth/membership-reader.js';
import type { FieldError } from '../../common/errors/domain-error.js';

/** Rules of an organisation's safeguarding contact and support line, without I/O (unit-tested beside this file). */

/** The columns as stored: every field optional. */
export interface SupportFields {
  safeguardingName: string | null;
  safeguardingEmail: string | null;
  safeguardingPhone: string | null;
  supportLineName: string | null;
  supportLinePhone: string | null;
  supportLineUrl: string | null;
  supportLineHours: string | null;
}

export const SUPPORT_FIELDS: readonly (keyof SupportFields)[] = [
  'safeguardingName',
  'safeguardingEmail',
  'safeguardingPhone',
  'supportLineName',
  'supportLinePhone',
  'supportLineUrl',
  'supportLineHours',
];

export const SUPPORT_LIMITS = { name: 120, email: 254, phone: 40, url: 500, hours: 200 } as const;

/**
 * A phone number as people write it: digits with spaces, dashes, dots, brackets, an optional
 * leading +, and at least three digits (short helpline numbers such as 116 123 included).
 */
export const PHONE_PATTERN = /^\+?[0-9][0-9 ().-]*$/;
export function isPhone(value: string): boolean {
  return PHONE_PATTERN.test(value) && (value.match(/[0-9]/g)?.length ?? 0) >= 3;
}

/** An https address of a public host: no credentials, a dotted host name; nothing else is shown as a link. */
export function isHttpsUrl(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  return url.protocol === 'https:' && url.username === '' && url.password === '' && /^[a-z0-9-]+(\.[a-z0-9-]+)+$/i.test(url.hostname);
}

/**
 * What a single field cannot say: a contact or a line with a name but no way to reach it would
 * leave someone who needs help with nothing to do. Answers the field the missing part belongs to.
 */
export function supportProblems(fields: SupportFields): FieldError[] {
  const problems: FieldError[] = [];
  if (fields.safeguardingName && !fields.safeguardingEmail && !fields.safeguardingPhone) {
    problems.push({ field: 'safeguardingEmail', reasons: ['give an email address or a phone number for the safeguarding contact'] });
  }
  if (fields.supportLineName && !fields.supportLinePhone && !fields.supportLineUrl) {
    problems.push({ field: 'supportLinePhone', reasons: ['give a phone number or a web address for the support line'] });
  }
  if (fields.supportLineHours && !fields.supportLinePhone && !fields.supportLineUrl) {
    problems.push({ field: 'supportLinePhone', reasons: ['give a phone number or a web address for the support line its hours belong to'] });
  }
  return problems;
}

/** What members see: a part with nothing set is null, so the panel falls back to its default. */
export function supportOf(fields: SupportFields): OrganisationSupport {
  const contact = { name: fields.safeguardingName, email: fields.safeguardingEmail, phone: fields.safeguardingPhone };
  const line = { name: fields.supportLineName, phone: fields.supportLinePhone, url: fields.supportLineUrl, hours: fields.supportLineHours };
  return {
    safeguardingContact: contact.email || contact.phone ? contact : null,
    supportLine: line.phone || line.url ? line : null,
  };
}

/** The names of the fields whose value differs (for the audit trail: which, not what). */
export function changedSupportFields(before: SupportFields, after: SupportFields): (keyof SupportFields)[] {
  return SUPPORT_FIELDS.filter((f) => before[f] !== after[f]);
}
