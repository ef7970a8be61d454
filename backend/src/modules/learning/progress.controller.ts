import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
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
import { EnrolmentDto } from './enrolments.dto.js';
import { EnrolmentsService } from './enrolments.service.js';
import { CourseProgressDto, LessonProgressDto, MyProgressDto, MyProgressQueryDto, RecordProgressDto } from './progress.dto.js';
import { ProgressService } from './progress.service.js';
import { MAX_SECONDS_PER_INTERVAL } from './progress-rules.js';

@ApiTags('progress')
@ApiUnauthorizedResponse({ type: ErrorResponseDto, description: 'Not signed in' })
@ApiBadRequestResponse({ type: ErrorResponseDto, description: 'A field is malformed (details.fields names it)' })
@Authenticated()
@Controller()
export class ProgressController {
  constructor(
    private readonly progress: ProgressService,
    private readonly enrolments: EnrolmentsService,
  ) {}

  @Post('lessons/:lessonId/progress')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Record progress in a lesson (idempotent)',
    description:
      `Time counts per visible-time interval, once per intervalId and at most ${MAX_SECONDS_PER_INTERVAL} s each; ` +
      'the last position is kept for resuming; completed: true completes the lesson for good. Answers the lesson’s progress, its module’s and the course’s state.',
  })
  @ApiOkResponse({ type: LessonProgressDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'Unknown course, or the lesson is not in your version of it' })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'NOT_ENROLLED: enrol on the course first' })
  recordLessonProgress(
    @CurrentActor() actor: Actor,
    @Param('lessonId', uuidParam('lessonId')) lessonId: string,
    @Body() body: RecordProgressDto,
  ): Promise<LessonProgressDto> {
    return this.progress.record(actor, lessonId, body);
  }

  @Get('me/progress')
  @ApiOperation({ summary: 'Your learning dashboard: active enrolments (newest first, paginated), archived completions and total learning time' })
  @ApiOkResponse({ type: MyProgressDto })
  getMyProgress(@CurrentActor() actor: Actor, @Query() query: MyProgressQueryDto): Promise<MyProgressDto> {
    return this.progress.dashboard(actor, query);
  }

  @Get('me/courses/:slug/progress')
  @ApiOperation({ summary: 'Your progress in one course: every module and lesson, the completion record and where to resume' })
  @ApiOkResponse({ type: CourseProgressDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'You have no active enrolment on this course' })
  getMyCourseProgress(@CurrentActor() actor: Actor, @Param('slug', new SlugParamPipe('slug')) slug: string): Promise<CourseProgressDto> {
    return this.progress.courseProgress(actor, slug);
  }

  @Post('me/enrolments/:enrolmentId/retake')
  @ApiOperation({ summary: 'Re-take a completed course: a new enrolment on its current version; the old one and its completion are archived, not deleted' })
  @ApiCreatedResponse({ type: EnrolmentDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'Not one of your active enrolments' })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'RETAKE_NOT_ALLOWED: the course is not completed yet' })
  @ApiUnprocessableEntityResponse({ type: ErrorResponseDto, description: 'The course is not published at the moment' })
  retakeEnrolment(@CurrentActor() actor: Actor, @Param('enrolmentId', uuidParam('enrolmentId')) enrolmentId: string): Promise<EnrolmentDto> {
    return this.enrolments.retake(actor, enrolmentId);
  }
}
