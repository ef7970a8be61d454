import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiOperation,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { Authenticated, OrgMember, PlatformAdmin } from '../../common/auth/access.js';
import { CurrentActor, type Actor } from '../../common/auth/actor.js';
import { ErrorResponseDto } from '../../common/errors/error-response.dto.js';
import { Meta, type RequestMeta } from '../../common/http/request-meta.js';
import {
  ChangeMemberRoleDto,
  CreateOrganisationDto,
  ListMembersQueryDto,
  ListOrganisationsQueryDto,
  MemberDto,
  MemberPageDto,
  OrganisationDto,
  OrganisationPageDto,
  OrganisationSupportDto,
  UpdateOrganisationDto,
  UpdateOrganisationSupportDto,
} from './organisations.dto.js';
import { organisationIdParam, uuidParam } from '../../common/http/param-pipes.js';
import { OrganisationsService } from './organisations.service.js';

@ApiTags('organisations')
@ApiUnauthorizedResponse({ type: ErrorResponseDto, description: 'Not signed in' })
@ApiBadRequestResponse({ type: ErrorResponseDto })
@Controller('organisations')
export class OrganisationsController {
  constructor(private readonly organisations: OrganisationsService) {}

  @Post()
  @PlatformAdmin()
  @ApiCreatedResponse({ type: OrganisationDto, description: 'The slug is derived from the name (-2, -3… when taken)' })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'Not a platform admin' })
  createOrganisation(@CurrentActor() actor: Actor, @Body() dto: CreateOrganisationDto, @Meta() meta: RequestMeta): Promise<OrganisationDto> {
    return this.organisations.createOrganisation(actor, dto, meta);
  }

  @Get()
  @Authenticated()
  @ApiOkResponse({ type: OrganisationPageDto, description: 'Yours, with your role; platform admins see every organisation' })
  listOrganisations(@CurrentActor() actor: Actor, @Query() query: ListOrganisationsQueryDto): Promise<OrganisationPageDto> {
    return this.organisations.listOrganisations(actor, query);
  }

  @Get(':organisationId')
  @OrgMember('learner')
  @ApiOkResponse({ type: OrganisationDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'No such organisation, or you are not a member' })
  getOrganisation(@CurrentActor() actor: Actor, @Param('organisationId', organisationIdParam()) organisationId: string): Promise<OrganisationDto> {
    return this.organisations.getOrganisation(actor, organisationId);
  }

  @Patch(':organisationId')
  @OrgMember('org_admin')
  @ApiOkResponse({ type: OrganisationDto })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'Not an org admin' })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  updateOrganisation(
    @CurrentActor() actor: Actor,
    @Param('organisationId', organisationIdParam()) organisationId: string,
    @Body() dto: UpdateOrganisationDto,
    @Meta() meta: RequestMeta,
  ): Promise<OrganisationDto> {
    return this.organisations.updateOrganisation(actor, organisationId, dto, meta);
  }

  @Get(':organisationId/support')
  @OrgMember('org_admin')
  @ApiOperation({ summary: 'The safeguarding contact and support line the organisation’s members see on sensitive pages (org admins)' })
  @ApiOkResponse({ type: OrganisationSupportDto })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'Not an org admin (members see the contact in /api/me)' })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'No such organisation, or you are not a member' })
  getOrganisationSupport(
    @CurrentActor() actor: Actor,
    @Param('organisationId', organisationIdParam()) organisationId: string,
  ): Promise<OrganisationSupportDto> {
    return this.organisations.getSupport(actor, organisationId);
  }

  @Put(':organisationId/support')
  @OrgMember('org_admin')
  @ApiOperation({ summary: 'Set the safeguarding contact and support line (every field optional; a field left out is cleared)' })
  @ApiOkResponse({ type: OrganisationSupportDto })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'Not an org admin' })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'Saved by someone else since the version you sent' })
  updateOrganisationSupport(
    @CurrentActor() actor: Actor,
    @Param('organisationId', organisationIdParam()) organisationId: string,
    @Body() dto: UpdateOrganisationSupportDto,
    @Meta() meta: RequestMeta,
  ): Promise<OrganisationSupportDto> {
    return this.organisations.updateSupport(actor, organisationId, dto, meta);
  }

  @Get(':organisationId/members')
  @OrgMember('trainer')
  @ApiOkResponse({ type: MemberPageDto, description: 'By display name; deleted accounts never appear' })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'Learners cannot list members' })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  listMembers(
    @CurrentActor() actor: Actor,
    @Param('organisationId', organisationIdParam()) organisationId: string,
    @Query() query: ListMembersQueryDto,
  ): Promise<MemberPageDto> {
    return this.organisations.listMembers(actor, organisationId, query);
  }

  @Patch(':organisationId/members/:userId')
  @OrgMember('org_admin')
  @ApiOkResponse({ type: MemberDto })
  @ApiForbiddenResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'That person is not a member of this organisation' })
  @ApiUnprocessableEntityResponse({ type: ErrorResponseDto, description: 'It would leave the organisation without an org admin' })
  changeMemberRole(
    @CurrentActor() actor: Actor,
    @Param('organisationId', organisationIdParam()) organisationId: string,
    @Param('userId', uuidParam('userId')) userId: string,
    @Body() dto: ChangeMemberRoleDto,
    @Meta() meta: RequestMeta,
  ): Promise<MemberDto> {
    return this.organisations.changeMemberRole(actor, organisationId, userId, dto, meta);
  }

  @Delete(':organisationId/members/:userId')
  @OrgMember('org_admin')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Removed' })
  @ApiForbiddenResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'That person is not a member of this organisation' })
  @ApiUnprocessableEntityResponse({ type: ErrorResponseDto, description: 'It would leave the organisation without an org admin' })
  removeMember(
    @CurrentActor() actor: Actor,
    @Param('organisationId', organisationIdParam()) organisationId: string,
    @Param('userId', uuidParam('userId')) userId: string,
    @Meta() meta: RequestMeta,
  ): Promise<void> {
    return this.organisations.removeMember(actor, organisationId, userId, meta);
  }
}
