import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { OrgMember, Public } from '../../common/auth/access.js';
import { CurrentActor, OptionalActor, type Actor } from '../../common/auth/actor.js';
import { ErrorResponseDto } from '../../common/errors/error-response.dto.js';
import { PageQueryDto } from '../../common/http/pagination.js';
import { Meta, type RequestMeta } from '../../common/http/request-meta.js';
import { InvitationsService } from './invitations.service.js';
import {
  AcceptedInvitationDto,
  AcceptInvitationDto,
  CreateInvitationDto,
  InvitationDto,
  InvitationPageDto,
  InvitationPreviewDto,
  InvitationTokenQueryDto,
} from './organisations.dto.js';
import { organisationIdParam, uuidParam } from '../../common/http/param-pipes.js';

@ApiTags('invitations')
@ApiBadRequestResponse({ type: ErrorResponseDto })
@Controller()
export class InvitationsController {
  constructor(private readonly invitations: InvitationsService) {}

  @Post('organisations/:organisationId/invitations')
  @OrgMember('org_admin')
  @ApiCreatedResponse({ type: InvitationDto, description: 'Stored, and the invitation link is mailed; a pending invitation for the same email is revoked' })
  @ApiUnauthorizedResponse({ type: ErrorResponseDto })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'Not an org admin' })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'That person is already a member' })
  @ApiTooManyRequestsResponse({ type: ErrorResponseDto, description: 'More than 50 invitations this hour for this organisation; see Retry-After' })
  createInvitation(
    @CurrentActor() actor: Actor,
    @Param('organisationId', organisationIdParam()) organisationId: string,
    @Body() dto: CreateInvitationDto,
    @Meta() meta: RequestMeta,
  ): Promise<InvitationDto> {
    return this.invitations.createInvitation(actor, organisationId, dto, meta);
  }

  @Get('organisations/:organisationId/invitations')
  @OrgMember('org_admin')
  @ApiOkResponse({ type: InvitationPageDto, description: 'Pending invitations (not accepted, revoked or expired), newest first' })
  @ApiUnauthorizedResponse({ type: ErrorResponseDto })
  @ApiForbiddenResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  listInvitations(
    @CurrentActor() actor: Actor,
    @Param('organisationId', organisationIdParam()) organisationId: string,
    @Query() query: PageQueryDto,
  ): Promise<InvitationPageDto> {
    return this.invitations.listInvitations(actor, organisationId, query);
  }

  @Delete('organisations/:organisationId/invitations/:invitationId')
  @OrgMember('org_admin')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Revoked: the link no longer works' })
  @ApiUnauthorizedResponse({ type: ErrorResponseDto })
  @ApiForbiddenResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'No such invitation in this organisation' })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'Already accepted or revoked' })
  revokeInvitation(
    @CurrentActor() actor: Actor,
    @Param('organisationId', organisationIdParam()) organisationId: string,
    @Param('invitationId', uuidParam('invitationId')) invitationId: string,
    @Meta() meta: RequestMeta,
  ): Promise<void> {
    return this.invitations.revokeInvitation(actor, organisationId, invitationId, meta);
  }

  @Get('invitations/preview')
  @Public()
  @ApiOkResponse({ type: InvitationPreviewDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'The token is invalid, used, revoked or expired' })
  previewInvitation(@Query() query: InvitationTokenQueryDto): Promise<InvitationPreviewDto> {
    return this.invitations.previewInvitation(query.token);
  }

  @Post('invitations/accept')
  @Public()
  @HttpCode(200)
  @ApiOkResponse({ type: AcceptedInvitationDto, description: 'You are a member now' })
  @ApiBadRequestResponse({
    type: ErrorResponseDto,
    description: 'token invalid or expired; or displayName/password missing or refused when an account must be created',
  })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'Signed in as someone other than the invited address' })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'An account exists for the invited address: sign in as it, then accept' })
  acceptInvitation(@OptionalActor() actor: Actor | undefined, @Body() dto: AcceptInvitationDto, @Meta() meta: RequestMeta): Promise<AcceptedInvitationDto> {
    return this.invitations.acceptInvitation(actor, dto, meta);
  }
}
