/**
 * The support panel's data: what the viewer's own organisations set as their safeguarding contact
 * and support line. It comes from GET /api/me (which every page asks for the session anyway),
 * so a sensitive page needs no extra API call and never sees another organisation's contact.
 */

export interface SafeguardingContact {
  name: string | null;
  email: string | null;
  phone: string | null;
}

export interface SupportLine {
  name: string | null;
  phone: string | null;
  url: string | null;
  hours: string | null;
}

export interface OrganisationSupport {
  organisationName: string;
  safeguardingContact: SafeguardingContact | null;
  supportLine: SupportLine | null;
}

export interface SupportView {
  /** The viewer belongs to at least one organisation (changes the default's wording). */
  hasOrganisation: boolean;
  /** Only organisations that set something: the rest fall back to the default text. */
  organisations: OrganisationSupport[];
}

interface MembershipLike {
  organisationName: string;
  support?: { safeguardingContact: SafeguardingContact | null; supportLine: SupportLine | null } | null;
}

/** From the session user (null when signed out). */
export function supportViewOf(user: { memberships: MembershipLike[] } | null): SupportView {
  const memberships = user?.memberships ?? [];
  return {
    hasOrganisation: memberships.length > 0,
    organisations: memberships
      .map((m) => ({
        organisationName: m.organisationName,
        safeguardingContact: m.support?.safeguardingContact ?? null,
        supportLine: m.support?.supportLine ?? null
      }))
      .filter((o) => o.safeguardingContact || o.supportLine)
  };
}

/** A tel: link target: the digits and a leading +, nothing else (the API accepts only phone-like text). */
export function telHref(phone: string): string {
  return `tel:${phone.trim().startsWith('+') ? '+' : ''}${phone.replace(/[^0-9]/g, '')}`;
}

/** Only https addresses become links (the API refuses anything else; this is the page's own check). */
export function safeHttpsUrl(url: string | null): string | null {
  if (!url) return null;
  try {
    return new URL(url).protocol === 'https:' ? url : null;
  } catch {
    return null;
  }
}
