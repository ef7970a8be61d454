import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MembershipReader } from '../../common/auth/membership-reader.js';
import { OrganisationInvitations } from '../../common/ports/organisation-people.js';
import { BulkInvitations } from './bulk-invitations.js';
import { IdentityModule } from '../identity/index.js';
import { AuditController } from './audit.controller.js';
import { InvitationsController } from './invitations.controller.js';
import { InvitationsService } from './invitations.service.js';
import { OrganisationMembershipReader } from './membership-reader.impl.js';
import { OrganisationsController } from './organisations.controller.js';
import { ORGANISATIONS_ENTITIES } from './organisations.entities.js';
import { OrganisationsRepository } from './organisations.repository.js';
import { OrganisationsService } from './organisations.service.js';

/**
 * Organisations, memberships, invitations. Global because the access guard (registered for the
 * whole app) and the identity module read memberships through MembershipReader.
 */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature(ORGANISATIONS_ENTITIES), IdentityModule],
  controllers: [OrganisationsController, InvitationsController, AuditController],
  providers: [
    OrganisationsRepository,
    OrganisationsService,
    InvitationsService,
    { provide: MembershipReader, useClass: OrganisationMembershipReader },
    // Global: the cohorts module's CSV import invites people in its own transaction.
    { provide: OrganisationInvitations, useClass: BulkInvitations },
  ],
  exports: [MembershipReader, OrganisationInvitations],
})
export class OrganisationsModule {}
