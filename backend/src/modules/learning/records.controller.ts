import { Controller, Get, Param, Query, StreamableFile } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { Authenticated, OrgMember } from '../../common/auth/access.js';
import { CurrentActor, type Actor } from '../../common/auth/actor.js';
import { ErrorResponseDto } from '../../common/errors/error-response.dto.js';
import { organisationIdParam } from '../../common/http/param-pipes.js';
import { Meta, type RequestMeta } from '../../common/http/request-meta.js';
import { MyRecordsDownloadQueryDto, MyRecordsQueryDto, OrganisationRecordsQueryDto, StatementResultDto } from './records.dto.js';
import { RecordsService } from './records.service.js';

const JSON_TYPE = 'application/json; charset=utf-8';

/** Learning records (xAPI statements): the learner's own, and an organisation's export. */
@ApiTags('learning records')
@ApiUnauthorizedResponse({ type: ErrorResponseDto, description: 'Not signed in' })
@ApiBadRequestResponse({ type: ErrorResponseDto, description: 'A bad since, until, limit or cursor (named in details)' })
@Controller()
export class RecordsController {
  constructor(private readonly records: RecordsService) {}

  @Get('me/records')
  @Authenticated()
  @ApiOperation({ summary: 'Your learning records as xAPI statements, newest first (by stored); follow `more` for the next page' })
  @ApiOkResponse({ type: StatementResultDto })
  listMyRecords(@CurrentActor() actor: Actor, @Query() query: MyRecordsQueryDto): Promise<StatementResultDto> {
    return this.records.listMine(actor, query);
  }

  @Get('me/records/download')
  @Authenticated()
  @ApiOperation({ summary: 'All your learning records (optionally within since/until) as one xAPI JSON file, oldest first' })
  @ApiOkResponse({ type: StatementResultDto, description: 'An attachment; `more` is always empty' })
  async downloadMyRecords(@CurrentActor() actor: Actor, @Query() query: MyRecordsDownloadQueryDto): Promise<StreamableFile> {
    const stream = await this.records.downloadMine(actor, query);
    return new StreamableFile(stream, { type: JSON_TYPE, disposition: 'attachment; filename="htmse-academy-my-learning-records.json"' });
  }

  @Get('organisations/:organisationId/records')
  @OrgMember('org_admin')
  @ApiOperation({
    summary:
      'Export the organisation’s learning records (statements made on its courses) for a date range as xAPI JSON, oldest first, streamed; follow `more` for the next page',
  })
  @ApiOkResponse({ type: StatementResultDto })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'Your role in this organisation does not allow it (org admins only)' })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'No such organisation, or not one of yours' })
  async exportOrganisationRecords(
    @CurrentActor() actor: Actor,
    @Param('organisationId', organisationIdParam()) organisationId: string,
    @Query() query: OrganisationRecordsQueryDto,
    @Meta() meta: RequestMeta,
  ): Promise<StreamableFile> {
    const stream = await this.records.exportForOrganisation(actor, organisationId, query, meta);
    return new StreamableFile(stream, { type: JSON_TYPE, disposition: 'attachment; filename="htmse-academy-learning-records.json"' });
  }
}
