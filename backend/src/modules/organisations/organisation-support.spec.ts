import { describe, expect, it } from 'vitest';
import { changedSupportFields, isHttpsUrl, isPhone, supportOf, supportProblems, type SupportFields } from './organisation-support.js';

const none: SupportFields = {
  safeguardingName: null,
  safeguardingEmail: null,
  safeguardingPhone: null,
  supportLineName: null,
  supportLinePhone: null,
  supportLineUrl: null,
  supportLineHours: null,
};

describe('organisation support rules', () => {
  it('takes phone numbers as people write them, with at least three digits', () => {
    for (const ok of ['116 123', '+44 (0)20 7946 0000', '0800-000-000', '999']) expect(isPhone(ok), ok).toBe(true);
    for (const bad of ['12', 'call us', '+', '555 1234 ext. 5', '-999', '+44 20 <b>']) expect(isPhone(bad), bad).toBe(false);
  });

  it('shows only https addresses of a real host as links', () => {
    expect(isHttpsUrl('https://www.samaritans.org/')).toBe(true);
    expect(isHttpsUrl('https://support.example.org/help?x=1')).toBe(true);
    for (const bad of ['http://example.org', 'javascript:alert(1)', 'https://localhost', 'https://user:pw@example.org', 'example.org', 'data:text/html,x']) {
      expect(isHttpsUrl(bad), bad).toBe(false);
    }
  });

  it('refuses a contact or a line that names someone to turn to but no way to reach them, naming the field', () => {
    expect(supportProblems(none)).toEqual([]);
    expect(supportProblems({ ...none, safeguardingName: 'Safeguarding lead' })).toEqual([
      { field: 'safeguardingEmail', reasons: [expect.stringContaining('email address or a phone number')] },
    ]);
    expect(supportProblems({ ...none, safeguardingName: 'Lead', safeguardingPhone: '999 999' })).toEqual([]);
    expect(supportProblems({ ...none, supportLineName: 'Helpline' }).map((p) => p.field)).toEqual(['supportLinePhone']);
    expect(supportProblems({ ...none, supportLineHours: '24/7' }).map((p) => p.field)).toEqual(['supportLinePhone']);
    expect(supportProblems({ ...none, supportLineName: 'Helpline', supportLineUrl: 'https://help.example.org' })).toEqual([]);
  });

  it('gives members nothing for a part that cannot be reached, so the panel shows its default', () => {
    expect(supportOf(none)).toEqual({ safeguardingContact: null, supportLine: null });
    expect(supportOf({ ...none, safeguardingEmail: 'lead@example.org' })).toEqual({
      safeguardingContact: { name: null, email: 'lead@example.org', phone: null },
      supportLine: null,
    });
    expect(supportOf({ ...none, supportLineName: 'Line', supportLineHours: '9-5' }).supportLine).toBeNull();
  });

  it('lists which fields changed, not their values', () => {
    expect(changedSupportFields(none, { ...none, safeguardingEmail: 'a@example.org', supportLineHours: '9-5' })).toEqual([
      'safeguardingEmail',
      'supportLineHours',
    ]);
    expect(changedSupportFields(none, none)).toEqual([]);
  });
});
