import type { OrgRole } from './access.js';

/** Who a member of an organisation can turn to (set by its org admins; any field may be missing). */
export interface SafeguardingContact {
  /** A name or a role, e.g. "Designated safeguarding lead". */
  name: string | null;
  email: string | null;
  phone: string | null;
}

export interface SupportLine {
  name: string | null;
  phone: string | null;
  /** https only. */
  url: string | null;
  /** Free text, e.g. "Monday to Friday, 9:00-17:00". */
  hours: string | null;
}

/** What the support panel shows a member of the organisation; null parts were not set. */
export interface OrganisationSupport {
  safeguardingContact: SafeguardingContact | null;
  supportLine: SupportLine | null;
}

/** One of a person's memberships, with what their organisation set for its members' support. */
export interface UserMembership {
  organisationId: string;
  organisationName: string;
  role: OrgRole;
  support: OrganisationSupport;
}

/**
 * What the access guard needs to know about organisations, without depending on the
 * organisations module (which provides the implementation).
 */
export abstract class MembershipReader {
  abstract roleOf(userId: string, organisationId: string): Promise<OrgRole | null>;
  /** Whether the organisation exists (platform admins pass role checks, but not into nothing). */
  abstract organisationExists(organisationId: string): Promise<boolean>;
  /**
   * The user's organisations with their role, for /api/me and the data export, each with its
   * safeguarding contact and support line (only the user's own organisations': the support panel
   * reads them from /api/me, which every page asks anyway).
   */
  abstract listForUser(userId: string): Promise<UserMembership[]>;
  /** Organisations in which this user is the only org admin (they cannot leave them headless). */
  abstract soleAdminOf(userId: string): Promise<{ organisationId: string; organisationName: string }[]>;
  /** Account deletion: the person leaves every organisation. */
  abstract removeAllFor(userId: string): Promise<void>;
}
