/** The organisation admins' safeguarding-contact form: its fields (the API's names) and labels. */
export const SUPPORT_FIELDS = [
  'safeguardingName',
  'safeguardingEmail',
  'safeguardingPhone',
  'supportLineName',
  'supportLinePhone',
  'supportLineUrl',
  'supportLineHours'
] as const;
export type SupportField = (typeof SUPPORT_FIELDS)[number];

export const SUPPORT_LABELS: Record<SupportField, string> = {
  safeguardingName: 'Contact name or role',
  safeguardingEmail: 'Contact email address',
  safeguardingPhone: 'Contact phone number',
  supportLineName: 'Support line name',
  supportLinePhone: 'Support line phone number',
  supportLineUrl: 'Support line web address',
  supportLineHours: 'Support line opening hours'
};

/** The control ids (kebab-case, as the page's other controls). */
export const SUPPORT_IDS: Record<SupportField, string> = {
  safeguardingName: 'safeguarding-name',
  safeguardingEmail: 'safeguarding-email',
  safeguardingPhone: 'safeguarding-phone',
  supportLineName: 'support-line-name',
  supportLinePhone: 'support-line-phone',
  supportLineUrl: 'support-line-url',
  supportLineHours: 'support-line-hours'
};
