import { Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { Authenticated } from '../../common/auth/access.js';
import { CurrentActor, type Actor } from '../../common/auth/actor.js';
import { ErrorResponseDto } from '../../common/errors/error-response.dto.js';
import { PageQueryDto } from '../../common/http/pagination.js';
import { SlugParamPipe, uuidParam } from '../../common/http/param-pipes.js';
import { EnrolmentDto, EnrolmentListDto } from './enrolments.dto.js';
import { EnrolmentsService } from './enrolments.service.js';

@ApiTags('enrolments')
@ApiUnauthorizedResponse({ type: ErrorResponseDto, description: 'Not signed in' })
@ApiBadRequestResponse({ type: ErrorResponseDto })
@Authenticated()
@Controller()
export class EnrolmentsController {
  constructor(private readonly enrolments: EnrolmentsService) {}

  @Post('courses/:slug/enrolments')
  @ApiOperation({ summary: 'Enrol yourself on a published course; pinned to its current version' })
  @ApiCreatedResponse({ type: EnrolmentDto, description: 'Enrolled' })
  @ApiOkResponse({ type: EnrolmentDto, description: 'Already enrolled: the existing enrolment' })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'Unknown or draft course, or another organisation’s tailored course' })
  async enrolOnCourse(
    @CurrentActor() actor: Actor,
    @Param('slug', new SlugParamPipe('slug')) slug: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<EnrolmentDto> {
    const { created, enrolment } = await this.enrolments.enrol(actor, slug);
    res.status(created ? 201 : 200);
    return enrolment;
  }

  @Get('me/enrolments')
  @ApiOperation({ summary: 'Your enrolments, newest first' })
  @ApiOkResponse({ type: EnrolmentListDto })
  listMyEnrolments(@CurrentActor() actor: Actor, @Query() query: PageQueryDto): Promise<EnrolmentListDto> {
    return this.enrolments.listMine(actor, query);
  }

  @Post('me/enrolments/:enrolmentId/move-to-latest')
  @ApiOperation({ summary: 'Move your enrolment to the course’s current version' })
  @ApiCreatedResponse({ type: EnrolmentDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'Not one of your enrolments' })
  @ApiUnprocessableEntityResponse({ type: ErrorResponseDto, description: 'The course is not published at the moment' })
  moveEnrolmentToLatest(@CurrentActor() actor: Actor, @Param('enrolmentId', uuidParam('enrolmentId')) enrolmentId: string): Promise<EnrolmentDto> {
    return this.enrolments.moveToLatest(actor, enrolmentId);
  }
}
