import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, UseInterceptors } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { Authenticated, PlatformAdmin } from '../../common/auth/access.js';
import { CurrentActor, type Actor } from '../../common/auth/actor.js';
import { ErrorResponseDto } from '../../common/errors/error-response.dto.js';
import { uuidParam } from '../../common/http/param-pipes.js';
import { ApiIfMatch, IfMatchHeader, RevisionEtagInterceptor, type IfMatch } from '../../common/http/preconditions.js';
import { Meta, type RequestMeta } from '../../common/http/request-meta.js';
import {
  AuthoredQuestionDto,
  CreateQuestionDto,
  ModuleQuestionsDto,
  QuestionInputDto,
  RegradeRequestDto,
  RegradeResultDto,
  SavedQuestionDto,
} from './question-authoring.dto.js';
import { QuestionAuthoringService } from './question-authoring.service.js';
import { ModuleQuizRefDto, QuizSettingsDto } from './quiz-settings.dto.js';
import { QuizSettingsService } from './quiz-settings.service.js';
import { RegradeService } from './regrade.service.js';

const IMPORTED = { type: ErrorResponseDto, description: 'CONTENT_MANAGED_BY_FILES: imported from backend/content, edit the file' };

@ApiTags('question bank')
@ApiUnauthorizedResponse({ type: ErrorResponseDto, description: 'Not signed in' })
@ApiBadRequestResponse({ type: ErrorResponseDto })
@UseInterceptors(RevisionEtagInterceptor)
@Controller()
export class QuestionAuthoringController {
  constructor(
    private readonly questions: QuestionAuthoringService,
    private readonly quizzes: QuizSettingsService,
    private readonly regrading: RegradeService,
  ) {}

  @Get('modules/:moduleId/questions')
  @Authenticated()
  @ApiOperation({ summary: 'A module’s questions without their keys: platform admins, and trainers and org admins (to choose their quiz’s slots)' })
  @ApiOkResponse({ type: ModuleQuestionsDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'No such module, or not a platform admin, trainer or org admin (the same answer)' })
  listModuleQuestions(@CurrentActor() actor: Actor, @Param('moduleId', uuidParam('moduleId')) moduleId: string): Promise<ModuleQuestionsDto> {
    return this.questions.listQuestions(actor, moduleId);
  }

  @Post('modules/:moduleId/questions')
  @PlatformAdmin()
  @ApiOperation({ summary: 'Write a question for a module (its source passage must occur verbatim in the module’s publication)' })
  @ApiCreatedResponse({ type: SavedQuestionDto })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'Not a platform admin' })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'The module has a question with this slug' })
  @ApiUnprocessableEntityResponse(IMPORTED)
  createQuestion(
    @CurrentActor() actor: Actor,
    @Param('moduleId', uuidParam('moduleId')) moduleId: string,
    @Body() dto: CreateQuestionDto,
  ): Promise<SavedQuestionDto> {
    return this.questions.createQuestion(actor, moduleId, dto);
  }

  @Get('questions/:questionId')
  @PlatformAdmin()
  @ApiOperation({ summary: 'A question with its key, for the editor; its revision is also the ETag' })
  @ApiOkResponse({ type: AuthoredQuestionDto })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'Not a platform admin' })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  getQuestion(@CurrentActor() actor: Actor, @Param('questionId', uuidParam('questionId')) questionId: string): Promise<AuthoredQuestionDto> {
    return this.questions.getQuestion(actor, questionId);
  }

  @Put('questions/:questionId')
  @PlatformAdmin()
  @ApiOperation({ summary: 'Save a question whole (If-Match required). When its version has attempts, a new version is made and they keep theirs' })
  @ApiOkResponse({ type: SavedQuestionDto })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'Not a platform admin' })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'The question is retired' })
  @ApiUnprocessableEntityResponse(IMPORTED)
  @ApiIfMatch('question')
  updateQuestion(
    @CurrentActor() actor: Actor,
    @Param('questionId', uuidParam('questionId')) questionId: string,
    @Body() dto: QuestionInputDto,
    @IfMatchHeader() ifMatch: IfMatch | undefined,
  ): Promise<SavedQuestionDto> {
    return this.questions.updateQuestion(actor, questionId, dto, ifMatch);
  }

  @Delete('questions/:questionId')
  @PlatformAdmin()
  @HttpCode(204)
  @ApiOperation({ summary: 'Retire a question: no longer drawn or offered; attempts keep it' })
  @ApiNoContentResponse()
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'Not a platform admin' })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'A quiz holds it as a fixed question' })
  @ApiUnprocessableEntityResponse(IMPORTED)
  retireQuestion(@CurrentActor() actor: Actor, @Param('questionId', uuidParam('questionId')) questionId: string): Promise<void> {
    return this.questions.retireQuestion(actor, questionId);
  }

  @Post('questions/:questionId/regrade')
  @PlatformAdmin()
  @HttpCode(200)
  @ApiOperation({ summary: 'Regrade submitted attempts with the question’s current version: dryRun lists the changes, else they are applied (audited)' })
  @ApiOkResponse({ type: RegradeResultDto })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'Not a platform admin' })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  regradeQuestion(
    @CurrentActor() actor: Actor,
    @Param('questionId', uuidParam('questionId')) questionId: string,
    @Body() dto: RegradeRequestDto,
    @Meta() meta: RequestMeta,
  ): Promise<RegradeResultDto> {
    return this.regrading.regrade(actor, questionId, dto.dryRun, meta);
  }

  @Get('modules/:moduleId/quiz')
  @PlatformAdmin()
  @ApiOperation({ summary: 'The module’s quiz id, if it has one' })
  @ApiOkResponse({ type: ModuleQuizRefDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  getModuleQuiz(@CurrentActor() actor: Actor, @Param('moduleId', uuidParam('moduleId')) moduleId: string): Promise<ModuleQuizRefDto> {
    return this.quizzes.moduleQuiz(actor, moduleId);
  }

  @Post('modules/:moduleId/quiz')
  @PlatformAdmin()
  @ApiOperation({ summary: 'Give an authored module its quiz (defaults; its live questions as fixed slots)' })
  @ApiCreatedResponse({ type: QuizSettingsDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'The module has a quiz' })
  @ApiUnprocessableEntityResponse({ type: ErrorResponseDto, description: 'Imported module, or no question yet' })
  createModuleQuiz(@CurrentActor() actor: Actor, @Param('moduleId', uuidParam('moduleId')) moduleId: string): Promise<QuizSettingsDto> {
    return this.quizzes.createModuleQuiz(actor, moduleId);
  }
}
