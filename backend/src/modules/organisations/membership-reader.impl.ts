import { Injectable } from '@nestjs/common';
import type { OrgRole } from '../../common/auth/access.js';
import { MembershipReader, type UserMembership } from '../../common/auth/membership-reader.js';
import { OrganisationsRepository } from './organisations.repository.js';

/** What the access guard and the identity module read about memberships. */
@Injectable()
export class OrganisationMembershipReader extends MembershipReader {
  constructor(private readonly repository: OrganisationsRepository) {
    super();
  }

  roleOf(userId: string, organisationId: string): Promise<OrgRole | null> {
    return this.repository.roleOf(userId, organisationId);
  }

  organisationExists(organisationId: string): Promise<boolean> {
    return this.repository.organisationExists(organisationId);
  }

  listForUser(userId: string): Promise<UserMembership[]> {
    return this.repository.listForUser(userId);
  }

  soleAdminOf(userId: string): Promise<{ organisationId: string; organisationName: string }[]> {
    return this.repository.soleAdminOf(userId);
  }

  removeAllFor(userId: string): Promise<void> {
    return this.repository.removeAllFor(userId);
  }
}
