import type { OrgRole } from './access.js';

/**
 * What the access guard needs to know about organisations, without depending on the
 * organisations module (which provides the implementation).
 */
export abstract class MembershipReader {
  abstract roleOf(userId: string, organisationId: string): Promise<OrgRole | null>;
  /** Whether the organisation exists (platform admins pass role checks, but not into nothing). */
  abstract organisationExists(organisationId: string): Promise<boolean>;
  /** The user's organisations with their role, for /api/me and the data export. */
  abstract listForUser(userId: string): Promise<{ organisationId: string; organisationName: string; role: OrgRole }[]>;
  /** Organisations in which this user is the only org admin (they cannot leave them headless). */
  abstract soleAdminOf(userId: string): Promise<{ organisationId: string; organisationName: string }[]>;
  /** Account deletion: the person leaves every organisation. */
  abstract removeAllFor(userId: string): Promise<void>;
}
