/** The tailored training enquiry: what the form collects and the checks made before sending it. */

export const ENQUIRY_FIELDS = ['organisation', 'contactName', 'email', 'needs', 'staffCount', 'preferredTiming'] as const;
export type EnquiryField = (typeof ENQUIRY_FIELDS)[number];
export type EnquiryValues = Record<EnquiryField, string>;

export const ENQUIRY_LIMITS = {
  organisation: 200,
  contactName: 100,
  email: 254,
  needs: 5000,
  preferredTiming: 200
} as const;

export const MAX_STAFF = 1_000_000;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function length(value: string): number {
  return [...value].length;
}

/** Messages by field for what is plainly wrong; the API has the final word. */
export function enquiryProblems(values: EnquiryValues): Partial<Record<EnquiryField, string>> {
  const errors: Partial<Record<EnquiryField, string>> = {};
  if (!values.organisation) errors.organisation = 'Enter the name of your organisation';
  else if (length(values.organisation) > ENQUIRY_LIMITS.organisation)
    errors.organisation = `Organisation must be ${ENQUIRY_LIMITS.organisation} characters or fewer`;

  if (!values.contactName) errors.contactName = 'Enter the name of the person we should contact';
  else if (length(values.contactName) > ENQUIRY_LIMITS.contactName)
    errors.contactName = `Contact name must be ${ENQUIRY_LIMITS.contactName} characters or fewer`;

  if (!values.email) errors.email = 'Enter an email address';
  else if (values.email.length > ENQUIRY_LIMITS.email || !EMAIL.test(values.email))
    errors.email = 'Enter an email address in the correct format, like name@example.org';

  if (!values.needs) errors.needs = 'Describe your training needs';
  else if (length(values.needs) > ENQUIRY_LIMITS.needs) errors.needs = `Training needs must be ${ENQUIRY_LIMITS.needs} characters or fewer`;

  if (!values.staffCount) errors.staffCount = 'Enter the number of staff to be trained';
  else if (!/^\d+$/.test(values.staffCount) || Number(values.staffCount) < 1 || Number(values.staffCount) > MAX_STAFF)
    errors.staffCount = 'Enter the number of staff as a whole number, like 12';

  if (length(values.preferredTiming) > ENQUIRY_LIMITS.preferredTiming)
    errors.preferredTiming = `Preferred timing must be ${ENQUIRY_LIMITS.preferredTiming} characters or fewer`;
  return errors;
}
