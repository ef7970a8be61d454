import { Controller, Get, Param, Query, StreamableFile } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { Authenticated } from '../../common/auth/access.js';
import { CurrentActor, type Actor } from '../../common/auth/actor.js';
import { ErrorResponseDto } from '../../common/errors/error-response.dto.js';
import { PageQueryDto } from '../../common/http/pagination.js';
import { uuidParam } from '../../common/http/param-pipes.js';
import { cohortIdParam } from './cohort-access.js';
import { CohortItemAnalysisService } from './cohort-item-analysis.service.js';
import { CohortProgressService } from './cohort-progress.service.js';
import {
  CohortItemAnalysisDto,
  CohortItemAnalysisQueryDto,
  ExportQueryDto,
  ProgressPageDto,
  ProgressQueryDto,
  SummaryDto,
  SummaryQueryDto,
  TimelinePageDto,
} from './cohorts.dto.js';

const NOT_FOUND = 'No such cohort (or assignment), or not one you train (or administer)';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

@ApiTags('cohorts')
@ApiUnauthorizedResponse({ type: ErrorResponseDto })
@Controller('cohorts/:cohortId')
export class CohortProgressController {
  constructor(
    private readonly progress: CohortProgressService,
    private readonly itemAnalysis: CohortItemAnalysisService,
  ) {}

  @Get('progress')
  @Authenticated()
  @ApiOperation({ summary: "The progress matrix of one assignment: learners x the course's modules, filtered, sorted, keyset-paginated" })
  @ApiOkResponse({ type: ProgressPageDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: NOT_FOUND })
  getProgress(@CurrentActor() actor: Actor, @Param('cohortId', cohortIdParam()) cohortId: string, @Query() query: ProgressQueryDto): Promise<ProgressPageDto> {
    return this.progress.progress(actor, cohortId, query);
  }

  @Get('summary')
  @Authenticated()
  @ApiOperation({ summary: 'Counts by state for one assignment, and completions by week' })
  @ApiOkResponse({ type: SummaryDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: NOT_FOUND })
  getSummary(@CurrentActor() actor: Actor, @Param('cohortId', cohortIdParam()) cohortId: string, @Query() query: SummaryQueryDto): Promise<SummaryDto> {
    return this.progress.summary(actor, cohortId, query);
  }

  @Get('progress.csv')
  @Authenticated()
  @ApiOperation({ summary: 'The progress matrix of one assignment as CSV (UTF-8 with BOM), streamed' })
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'An attachment' })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: NOT_FOUND })
  async exportProgressCsv(
    @CurrentActor() actor: Actor,
    @Param('cohortId', cohortIdParam()) cohortId: string,
    @Query() query: ExportQueryDto,
  ): Promise<StreamableFile> {
    const { stream, fileName } = await this.progress.exportCsv(actor, cohortId, query);
    return new StreamableFile(stream, { type: 'text/csv; charset=utf-8', disposition: `attachment; filename="${fileName}"` });
  }

  @Get('progress.xlsx')
  @Authenticated()
  @ApiOperation({ summary: 'The progress matrix of one assignment as an Excel workbook, streamed' })
  @ApiProduces(XLSX)
  @ApiOkResponse({ description: 'An attachment' })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: NOT_FOUND })
  async exportProgressXlsx(
    @CurrentActor() actor: Actor,
    @Param('cohortId', cohortIdParam()) cohortId: string,
    @Query() query: ExportQueryDto,
  ): Promise<StreamableFile> {
    const { stream, fileName } = await this.progress.exportXlsx(actor, cohortId, query);
    return new StreamableFile(stream, { type: XLSX, disposition: `attachment; filename="${fileName}"` });
  }

  @Get('members/:userId/timeline')
  @Authenticated()
  @ApiOperation({ summary: "A member's learning events on the cohort's assigned courses, newest first" })
  @ApiOkResponse({ type: TimelinePageDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'No such cohort (of yours), or that person is not in it' })
  getMemberTimeline(
    @CurrentActor() actor: Actor,
    @Param('cohortId', cohortIdParam()) cohortId: string,
    @Param('userId', uuidParam('userId')) userId: string,
    @Query() query: PageQueryDto,
  ): Promise<TimelinePageDto> {
    return this.progress.timeline(actor, cohortId, userId, query);
  }

  @Get('item-analysis')
  @Authenticated()
  @ApiOperation({
    summary:
      "Questions learners get wrong: item analysis of a quiz of the cohort's assigned courses over its current members' first submitted attempts (share right, most chosen wrong answer, flagged questions); no figures per question under 5 learners",
  })
  @ApiOkResponse({ type: CohortItemAnalysisDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'quizId missing or not a UUID' })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'No such cohort (of yours), or the quiz is not one of its assigned courses' })
  getItemAnalysis(
    @CurrentActor() actor: Actor,
    @Param('cohortId', cohortIdParam()) cohortId: string,
    @Query() query: CohortItemAnalysisQueryDto,
  ): Promise<CohortItemAnalysisDto> {
    return this.itemAnalysis.analyse(actor, cohortId, query);
  }
}
