import { Body, Controller, Get, Param, Patch, Post, Query, UseInterceptors } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { OrgMember } from '../../common/auth/access.js';
import { CurrentActor, type Actor } from '../../common/auth/actor.js';
import { ErrorResponseDto } from '../../common/errors/error-response.dto.js';
import { PageQueryDto } from '../../common/http/pagination.js';
import { ApiIfMatch, IfMatchHeader, RevisionEtagInterceptor, type IfMatch } from '../../common/http/preconditions.js';
import { organisationIdParam } from '../../common/http/param-pipes.js';
import { AuthoredCourseDto, AuthoredCourseListDto, CreateTailoredCourseDto, UpdateTailoredCourseDto } from './authoring.dto.js';
import { SlugParamPipe } from '../../common/http/param-pipes.js';
import { CourseAuthoringService } from './course-authoring.service.js';

@ApiTags('tailored courses')
@ApiUnauthorizedResponse({ type: ErrorResponseDto, description: 'Not signed in' })
@ApiBadRequestResponse({ type: ErrorResponseDto })
@ApiNotFoundResponse({ type: ErrorResponseDto, description: 'No such organisation or course, or you are not a member' })
@UseInterceptors(RevisionEtagInterceptor)
@Controller('organisations/:organisationId/courses')
export class TailoredCoursesController {
  constructor(private readonly courses: CourseAuthoringService) {}

  @Post()
  @OrgMember('trainer')
  @ApiOperation({
    summary:
      'Assemble a course for this organisation from modules of the public library or already in its own courses; published as version 1. Any other slug is refused as unknown (400)',
  })
  @ApiCreatedResponse({ type: AuthoredCourseDto })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'Learners cannot create courses' })
  createTailoredCourse(
    @CurrentActor() actor: Actor,
    @Param('organisationId', organisationIdParam()) organisationId: string,
    @Body() dto: CreateTailoredCourseDto,
  ): Promise<AuthoredCourseDto> {
    return this.courses.createTailoredCourse(actor, organisationId, dto);
  }

  @Get()
  @OrgMember('learner')
  @ApiOperation({ summary: 'This organisation’s tailored courses, by title (learners see the published ones)' })
  @ApiOkResponse({ type: AuthoredCourseListDto })
  listTailoredCourses(
    @CurrentActor() actor: Actor,
    @Param('organisationId', organisationIdParam()) organisationId: string,
    @Query() query: PageQueryDto,
  ): Promise<AuthoredCourseListDto> {
    return this.courses.listTailoredCourses(actor, organisationId, query);
  }

  @Patch(':courseSlug')
  @OrgMember('trainer')
  @ApiOperation({ summary: 'Choose and reorder modules, set the pass mark or due period; a change makes a new version' })
  @ApiOkResponse({ type: AuthoredCourseDto })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'Learners cannot edit courses' })
  @ApiIfMatch('course')
  updateTailoredCourse(
    @CurrentActor() actor: Actor,
    @Param('organisationId', organisationIdParam()) organisationId: string,
    @Param('courseSlug', new SlugParamPipe('courseSlug')) courseSlug: string,
    @Body() dto: UpdateTailoredCourseDto,
    @IfMatchHeader() ifMatch: IfMatch | undefined,
  ): Promise<AuthoredCourseDto> {
    return this.courses.updateTailoredCourse(actor, organisationId, courseSlug, dto, ifMatch);
  }
}
