import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { Authenticated, OrgMember } from '../../common/auth/access.js';
import { CurrentActor, type Actor } from '../../common/auth/actor.js';
import { ErrorResponseDto } from '../../common/errors/error-response.dto.js';
import { organisationIdParam, uuidParam } from '../../common/http/param-pipes.js';
import { Meta, type RequestMeta } from '../../common/http/request-meta.js';
import { AttentionPageDto, AttentionQueryDto, AttentionSettingsDto, RemindDto, ReminderSentDto, UpdateAttentionSettingsDto } from './attention.dto.js';
import { cohortIdParam } from './cohort-access.js';
import { AttentionService } from './attention.service.js';

/** The trainer's needs-attention queue and one-click reminders (docs/cohorts.md#needs-attention). */
@ApiTags('cohorts')
@ApiUnauthorizedResponse({ type: ErrorResponseDto, description: 'Not signed in' })
@Controller()
export class AttentionController {
  constructor(private readonly attention: AttentionService) {}

  @Get('me/attention')
  @Authenticated()
  @ApiOperation({
    summary:
      'Learners of your cohorts who need attention (org admins: every cohort of their organisations), each with the reasons; keyset-paginated by cohort and learner',
  })
  @ApiOkResponse({ type: AttentionPageDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'A bad cursor, limit or cohortId' })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'You are not a trainer or org admin anywhere' })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'cohortId is not a cohort you may see' })
  listMyAttention(@CurrentActor() actor: Actor, @Query() query: AttentionQueryDto): Promise<AttentionPageDto> {
    return this.attention.list(actor, query);
  }

  @Post('cohorts/:cohortId/members/:userId/remind')
  @Authenticated()
  @HttpCode(202)
  @ApiOperation({ summary: 'Mail the learner a reminder of their open courses (queued); at most one per learner per UTC day. Audited.' })
  @ApiAcceptedResponse({ type: ReminderSentDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'Not a cohort you may see, or not a registered member of it' })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'COHORT_ARCHIVED' })
  @ApiTooManyRequestsResponse({ type: ErrorResponseDto, description: 'REMINDER_ALREADY_SENT_TODAY (Retry-After)' })
  remindMember(
    @CurrentActor() actor: Actor,
    @Param('cohortId', cohortIdParam()) cohortId: string,
    @Param('userId', uuidParam('userId')) userId: string,
    @Body() body: RemindDto,
    @Meta() meta: RequestMeta,
  ): Promise<ReminderSentDto> {
    return this.attention.remind(actor, cohortId, userId, body, meta);
  }

  @Get('organisations/:organisationId/attention-settings')
  @OrgMember('trainer')
  @ApiOperation({ summary: 'The organisation’s needs-attention settings (inactivity threshold; default 14 days)' })
  @ApiOkResponse({ type: AttentionSettingsDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'No such organisation, or not one of yours' })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'Trainers and org admins only' })
  getAttentionSettings(@Param('organisationId', organisationIdParam()) organisationId: string): Promise<AttentionSettingsDto> {
    return this.attention.settings(organisationId);
  }

  @Put('organisations/:organisationId/attention-settings')
  @OrgMember('org_admin')
  @ApiOperation({ summary: 'Set the organisation’s inactivity threshold for the needs-attention list' })
  @ApiOkResponse({ type: AttentionSettingsDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'inactiveDays is not a whole number from 1 to 365' })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'No such organisation, or not one of yours' })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'Org admins only' })
  updateAttentionSettings(
    @CurrentActor() actor: Actor,
    @Param('organisationId', organisationIdParam()) organisationId: string,
    @Body() body: UpdateAttentionSettingsDto,
  ): Promise<AttentionSettingsDto> {
    return this.attention.updateSettings(actor, organisationId, body.inactiveDays);
  }
}
