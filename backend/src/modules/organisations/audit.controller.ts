import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { OrgMember, PlatformAdmin } from '../../common/auth/access.js';
import { CurrentActor, type Actor } from '../../common/auth/actor.js';
import { ErrorResponseDto } from '../../common/errors/error-response.dto.js';
import { PageQueryDto } from '../../common/http/pagination.js';
import { AuditEventPageDto } from './organisations.dto.js';
import { organisationIdParam } from '../../common/http/param-pipes.js';
import { OrganisationsService } from './organisations.service.js';

/** The security audit trail: an organisation's for its org admins, everything for platform admins. */
@ApiTags('audit')
@ApiUnauthorizedResponse({ type: ErrorResponseDto })
@ApiForbiddenResponse({ type: ErrorResponseDto })
@ApiBadRequestResponse({ type: ErrorResponseDto })
@Controller()
export class AuditController {
  constructor(private readonly organisations: OrganisationsService) {}

  @Get('organisations/:organisationId/audit-events')
  @OrgMember('org_admin')
  @ApiOkResponse({ type: AuditEventPageDto, description: 'Newest first; events of this organisation only (without IP addresses)' })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  listOrganisationAuditEvents(
    @CurrentActor() actor: Actor,
    @Param('organisationId', organisationIdParam()) organisationId: string,
    @Query() query: PageQueryDto,
  ): Promise<AuditEventPageDto> {
    return this.organisations.listOrganisationAuditEvents(actor, organisationId, query);
  }

  @Get('audit-events')
  @PlatformAdmin()
  @ApiOkResponse({ type: AuditEventPageDto, description: 'Every event, newest first' })
  listAuditEvents(@CurrentActor() actor: Actor, @Query() query: PageQueryDto): Promise<AuditEventPageDto> {
    return this.organisations.listAuditEvents(actor, query);
  }
}
