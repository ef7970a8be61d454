import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Authenticated, OrgMember } from '../../common/auth/access.js';
import { CurrentActor, type Actor } from '../../common/auth/actor.js';
import { ErrorResponseDto } from '../../common/errors/error-response.dto.js';
import { organisationIdParam, uuidParam } from '../../common/http/param-pipes.js';
import { AccommodationsService } from './accommodations.service.js';
import {
  AccommodationDto,
  AccommodationListDto,
  AttemptViewDto,
  QuizViewDto,
  SaveAnswersDto,
  SaveAnswersResponseDto,
  SetAccommodationDto,
} from './assessment.dto.js';
import { AttemptsService } from './attempts.service.js';

@ApiTags('assessment')
@ApiUnauthorizedResponse({ type: ErrorResponseDto, description: 'Not signed in' })
@ApiBadRequestResponse({ type: ErrorResponseDto })
@Controller('quizzes')
export class QuizzesController {
  constructor(private readonly attempts: AttemptsService) {}

  @Get(':quizId')
  @Authenticated()
  @ApiOkResponse({ type: QuizViewDto, description: 'The start page: rules, your attempts and grade' })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'No such quiz, or its module is not yours to see' })
  getQuiz(@CurrentActor() actor: Actor, @Param('quizId', uuidParam('quizId')) quizId: string): Promise<QuizViewDto> {
    return this.attempts.getQuiz(actor, quizId);
  }

  @Post(':quizId/attempts')
  @Authenticated()
  @ApiCreatedResponse({ type: AttemptViewDto, description: 'A new attempt (200 with the attempt in progress, if there is one)' })
  @ApiOkResponse({ type: AttemptViewDto, description: 'The attempt already in progress' })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'NO_ATTEMPTS_LEFT, ATTEMPT_WAIT (details.nextAttemptAt) or QUIZ_CLOSED' })
  @ApiUnprocessableEntityResponse({ type: ErrorResponseDto, description: 'The quiz has no questions' })
  async startAttempt(
    @CurrentActor() actor: Actor,
    @Param('quizId', uuidParam('quizId')) quizId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AttemptViewDto> {
    const { created, attempt } = await this.attempts.startAttempt(actor, quizId);
    reply.status(created ? 201 : 200);
    return attempt;
  }
}

@ApiTags('assessment')
@ApiUnauthorizedResponse({ type: ErrorResponseDto, description: 'Not signed in' })
@ApiBadRequestResponse({ type: ErrorResponseDto })
@ApiNotFoundResponse({ type: ErrorResponseDto, description: 'No such attempt, or not yours' })
@Controller('attempts')
export class AttemptsController {
  constructor(private readonly attempts: AttemptsService) {}

  @Get(':attemptId')
  @Authenticated()
  @ApiOkResponse({ type: AttemptViewDto, description: 'Your attempt; after submission with what the review policy shows' })
  getAttempt(@CurrentActor() actor: Actor, @Param('attemptId', uuidParam('attemptId')) attemptId: string): Promise<AttemptViewDto> {
    return this.attempts.getAttempt(actor, attemptId);
  }

  @Put(':attemptId/answers')
  @Authenticated()
  @ApiOkResponse({ type: SaveAnswersResponseDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'ATTEMPT_VERSION_CONFLICT (details.currentVersion) or ATTEMPT_CLOSED' })
  saveAnswers(
    @CurrentActor() actor: Actor,
    @Param('attemptId', uuidParam('attemptId')) attemptId: string,
    @Body() dto: SaveAnswersDto,
  ): Promise<SaveAnswersResponseDto> {
    return this.attempts.saveAnswers(actor, attemptId, dto);
  }

  @Post(':attemptId/submit')
  @Authenticated()
  @HttpCode(200)
  @ApiOkResponse({ type: AttemptViewDto, description: 'Graded once; a repeat answers the same result' })
  submitAttempt(@CurrentActor() actor: Actor, @Param('attemptId', uuidParam('attemptId')) attemptId: string): Promise<AttemptViewDto> {
    return this.attempts.submitAttempt(actor, attemptId);
  }
}

@ApiTags('assessment')
@ApiUnauthorizedResponse({ type: ErrorResponseDto, description: 'Not signed in' })
@ApiBadRequestResponse({ type: ErrorResponseDto })
@ApiForbiddenResponse({ type: ErrorResponseDto, description: 'Learners cannot set accommodations' })
@ApiNotFoundResponse({ type: ErrorResponseDto, description: 'No such organisation (or not yours), or the learner is not a member' })
@Controller('organisations/:organisationId')
export class AccommodationsController {
  constructor(private readonly accommodations: AccommodationsService) {}

  @Get('accommodations')
  @OrgMember('trainer')
  @ApiOkResponse({ type: AccommodationListDto, description: 'The extra time this organisation has set for its learners' })
  listAccommodations(@CurrentActor() actor: Actor, @Param('organisationId', organisationIdParam()) organisationId: string): Promise<AccommodationListDto> {
    return this.accommodations.listAccommodations(actor, organisationId);
  }

  @Put('members/:userId/accommodation')
  @OrgMember('trainer')
  @ApiOkResponse({ type: AccommodationDto, description: 'Applies to attempts started from now on' })
  setAccommodation(
    @CurrentActor() actor: Actor,
    @Param('organisationId', organisationIdParam()) organisationId: string,
    @Param('userId', uuidParam('userId')) userId: string,
    @Body() dto: SetAccommodationDto,
  ): Promise<AccommodationDto> {
    return this.accommodations.setAccommodation(actor, organisationId, userId, dto);
  }

  @Delete('members/:userId/accommodation')
  @OrgMember('trainer')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Removed' })
  removeAccommodation(
    @CurrentActor() actor: Actor,
    @Param('organisationId', organisationIdParam()) organisationId: string,
    @Param('userId', uuidParam('userId')) userId: string,
  ): Promise<void> {
    return this.accommodations.removeAccommodation(actor, organisationId, userId);
  }
}
