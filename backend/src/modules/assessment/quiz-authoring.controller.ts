import { Body, Controller, Get, Param, Put, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { Authenticated } from '../../common/auth/access.js';
import { CurrentActor, type Actor } from '../../common/auth/actor.js';
import { ErrorResponseDto } from '../../common/errors/error-response.dto.js';
import { SlugParamPipe, uuidParam } from '../../common/http/param-pipes.js';
import { ItemAnalysisDto, ItemAnalysisQueryDto } from './item-analysis.dto.js';
import { ItemAnalysisService } from './item-analysis.service.js';
import { QuizSettingsDto, UpdateQuizSettingsDto } from './quiz-settings.dto.js';
import { QuizSettingsService } from './quiz-settings.service.js';

const STALE = { type: ErrorResponseDto, description: 'CONFLICT: the settings changed since the version sent (details.currentVersion)' };

@ApiTags('quiz settings')
@ApiUnauthorizedResponse({ type: ErrorResponseDto, description: 'Not signed in' })
@ApiBadRequestResponse({ type: ErrorResponseDto })
@Controller()
export class QuizAuthoringController {
  constructor(
    private readonly settings: QuizSettingsService,
    private readonly analysis: ItemAnalysisService,
  ) {}

  @Get('quizzes/:quizId/settings')
  @Authenticated()
  @ApiOperation({ summary: 'A quiz’s settings and slots: platform admins; a tailored course’s quiz: its organisation’s trainers too' })
  @ApiOkResponse({ type: QuizSettingsDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'No such quiz, or not yours to edit (the same answer)' })
  getQuizSettings(@CurrentActor() actor: Actor, @Param('quizId', uuidParam('quizId')) quizId: string): Promise<QuizSettingsDto> {
    return this.settings.getSettings(actor, quizId);
  }

  @Put('quizzes/:quizId/settings')
  @Authenticated()
  @ApiOperation({ summary: 'Save a quiz’s settings and slots at the version loaded' })
  @ApiOkResponse({ type: QuizSettingsDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'No such quiz, or not yours to edit (the same answer)' })
  @ApiConflictResponse(STALE)
  @ApiUnprocessableEntityResponse({ type: ErrorResponseDto, description: 'CONTENT_MANAGED_BY_FILES: an imported module’s quiz' })
  updateQuizSettings(
    @CurrentActor() actor: Actor,
    @Param('quizId', uuidParam('quizId')) quizId: string,
    @Body() dto: UpdateQuizSettingsDto,
  ): Promise<QuizSettingsDto> {
    return this.settings.updateSettings(actor, quizId, dto);
  }

  @Get('tailored-courses/:courseSlug/modules/:moduleId/quiz')
  @Authenticated()
  @ApiOperation({ summary: 'A tailored course’s own quiz settings for one of its modules (or the module’s, as a starting point): its trainers and org admins' })
  @ApiOkResponse({ type: QuizSettingsDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'No such course or module, or not your organisation’s (the same answer)' })
  getTailoredQuizSettings(
    @CurrentActor() actor: Actor,
    @Param('courseSlug', new SlugParamPipe('courseSlug')) courseSlug: string,
    @Param('moduleId', uuidParam('moduleId')) moduleId: string,
  ): Promise<QuizSettingsDto> {
    return this.settings.getTailoredSettings(actor, courseSlug, moduleId);
  }

  @Put('tailored-courses/:courseSlug/modules/:moduleId/quiz')
  @Authenticated()
  @ApiOperation({ summary: 'Save a tailored course’s own quiz settings for one of its modules (version 0: the first save)' })
  @ApiOkResponse({ type: QuizSettingsDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'No such course or module, or not your organisation’s (the same answer)' })
  @ApiConflictResponse(STALE)
  updateTailoredQuizSettings(
    @CurrentActor() actor: Actor,
    @Param('courseSlug', new SlugParamPipe('courseSlug')) courseSlug: string,
    @Param('moduleId', uuidParam('moduleId')) moduleId: string,
    @Body() dto: UpdateQuizSettingsDto,
  ): Promise<QuizSettingsDto> {
    return this.settings.updateTailoredSettings(actor, courseSlug, moduleId, dto);
  }

  @Get('quizzes/:quizId/analysis')
  @Authenticated()
  @ApiOperation({
    summary:
      'Item analysis: facility, discrimination and option frequencies per question, flagged questions. Platform admins; trainers and org admins for their organisation’s learners',
  })
  @ApiOkResponse({ type: ItemAnalysisDto })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'A learner of the organisation' })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'No such quiz or organisation, or not a member' })
  analyseQuiz(
    @CurrentActor() actor: Actor,
    @Param('quizId', uuidParam('quizId')) quizId: string,
    @Query() query: ItemAnalysisQueryDto,
  ): Promise<ItemAnalysisDto> {
    return this.analysis.analyse(actor, quizId, query);
  }
}
