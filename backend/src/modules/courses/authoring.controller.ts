import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-fastify/multipart';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import { Authenticated, PlatformAdmin } from '../../common/auth/access.js';
import { CurrentActor, type Actor } from '../../common/auth/actor.js';
import { ErrorResponseDto } from '../../common/errors/error-response.dto.js';
import { ApiIfMatch, IfMatchHeader, RevisionEtagInterceptor, type IfMatch } from '../../common/http/preconditions.js';
import {
  AuthoredCourseDto,
  AuthoredCourseSummaryListDto,
  AuthoredLessonDto,
  AuthoredModuleDto,
  AuthoredModuleSummaryListDto,
  CreateCourseDto,
  CreateLessonDto,
  CreateModuleDto,
  ListAuthoredCoursesQueryDto,
  ListAuthoredModulesQueryDto,
  PreviewDto,
  PreviewMarkdownDto,
  UpdateCourseDto,
  UpdateLessonDto,
  UpdateModuleDto,
  UploadedImageDto,
} from './authoring.dto.js';
import { AuthoringService } from './authoring.service.js';
import { SlugParamPipe, uuidParam } from '../../common/http/param-pipes.js';
import { CourseAuthoringService } from './course-authoring.service.js';
import { StorageUsageDto, UploadImageQueryDto } from './uploads.dto.js';
import { MAX_IMAGE_BYTES, UploadsService, type UploadedFile as UploadedFileData } from './uploads.service.js';

const IMPORTED = { type: ErrorResponseDto, description: 'Imported from backend/content: edit the file' };
const TOO_COMPLEX = 'The Markdown is too complex or too deeply nested to render within the time limit (nothing is saved)';
const RENDER_BUSY = { type: ErrorResponseDto, description: 'Every render thread is taken; retry after Retry-After seconds' };

@ApiTags('authoring')
@ApiUnauthorizedResponse({ type: ErrorResponseDto, description: 'Not signed in' })
@ApiBadRequestResponse({ type: ErrorResponseDto })
@UseInterceptors(RevisionEtagInterceptor)
@Controller('authoring')
export class AuthoringController {
  constructor(
    private readonly authoring: AuthoringService,
    private readonly courses: CourseAuthoringService,
    private readonly uploads: UploadsService,
  ) {}

  @Post('preview')
  @Authenticated()
  @HttpCode(200)
  @ApiOperation({ summary: 'Render Markdown to sanitised HTML exactly as a lesson is; authors only (120 a minute per person)' })
  @ApiOkResponse({ type: PreviewDto })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'Not a platform admin, trainer or org admin' })
  @ApiUnprocessableEntityResponse({ type: ErrorResponseDto, description: TOO_COMPLEX })
  @ApiTooManyRequestsResponse({ type: ErrorResponseDto })
  @ApiServiceUnavailableResponse(RENDER_BUSY)
  previewMarkdown(@CurrentActor() actor: Actor, @Body() dto: PreviewMarkdownDto): Promise<PreviewDto> {
    return this.authoring.preview(actor, dto.markdown);
  }

  @Post('images')
  @Authenticated()
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: MAX_IMAGE_BYTES, files: 1, fields: 0 } }))
  @ApiOperation({
    summary:
      'Upload an image for a lesson (PNG, JPEG, WebP or GIF, at most 2 MB); authors only. It counts against the storage quota of the organisation it is for (or the platform’s, for platform admins)',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' } } } })
  @ApiCreatedResponse({ type: UploadedImageDto })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'Not a platform admin, trainer or org admin (of the organisation named)' })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'No such organisation, or you are not a member' })
  @ApiPayloadTooLargeResponse({
    type: ErrorResponseDto,
    description: 'PAYLOAD_TOO_LARGE: over 2 MB; STORAGE_QUOTA_EXCEEDED: the storage quota would be exceeded',
  })
  @ApiUnsupportedMediaTypeResponse({ type: ErrorResponseDto })
  uploadImage(
    @CurrentActor() actor: Actor,
    @UploadedFile() file: UploadedFileData | undefined,
    @Query() query: UploadImageQueryDto,
  ): Promise<UploadedImageDto> {
    return this.uploads.uploadImage(actor, file, query.organisationId);
  }

  @Get('storage')
  @PlatformAdmin()
  @ApiOperation({ summary: 'The platform’s own image storage (platform admins’ uploads): usage and quota' })
  @ApiOkResponse({ type: StorageUsageDto })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'Not a platform admin' })
  getPlatformStorage(@CurrentActor() actor: Actor): Promise<StorageUsageDto> {
    return this.uploads.platformUsage(actor);
  }

  // --- courses ------------------------------------------------------------------------------

  @Get('courses')
  @PlatformAdmin()
  @ApiOperation({ summary: 'Courses written here (public and tailored, drafts too), most recently updated first; imported ones are not listed' })
  @ApiOkResponse({ type: AuthoredCourseSummaryListDto })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'Not a platform admin' })
  listAuthoredCourses(@CurrentActor() actor: Actor, @Query() query: ListAuthoredCoursesQueryDto): Promise<AuthoredCourseSummaryListDto> {
    return this.authoring.listAuthoredCourses(actor, query);
  }

  @Post('courses')
  @PlatformAdmin()
  @ApiOperation({ summary: 'Create a public course as a draft (version 1)' })
  @ApiCreatedResponse({ type: AuthoredCourseDto })
  createCourse(@CurrentActor() actor: Actor, @Body() dto: CreateCourseDto): Promise<AuthoredCourseDto> {
    return this.courses.createCourse(actor, dto);
  }

  @Get('courses/:courseSlug')
  @Authenticated()
  @ApiOperation({
    summary: 'A course as its authors see it (drafts too): platform admins; trainers for their organisation’s tailored courses. Its revision is also the ETag',
  })
  @ApiOkResponse({ type: AuthoredCourseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'No such course, or you may not edit it (the same answer)' })
  getAuthoredCourse(@CurrentActor() actor: Actor, @Param('courseSlug', new SlugParamPipe('courseSlug')) courseSlug: string): Promise<AuthoredCourseDto> {
    return this.courses.getCourse(actor, courseSlug);
  }

  @Patch('courses/:courseSlug')
  @Authenticated()
  @ApiOperation({ summary: 'Edit a course; a change makes a new version (enrolled learners keep theirs)' })
  @ApiOkResponse({ type: AuthoredCourseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'No such course, or you may not edit it (the same answer)' })
  @ApiUnprocessableEntityResponse(IMPORTED)
  @ApiIfMatch('course')
  updateCourse(
    @CurrentActor() actor: Actor,
    @Param('courseSlug', new SlugParamPipe('courseSlug')) courseSlug: string,
    @Body() dto: UpdateCourseDto,
    @IfMatchHeader() ifMatch: IfMatch | undefined,
  ): Promise<AuthoredCourseDto> {
    return this.courses.updateCourse(actor, courseSlug, dto, ifMatch);
  }

  @Post('courses/:courseSlug/publish')
  @Authenticated()
  @HttpCode(200)
  @ApiOperation({ summary: 'Publish a course' })
  @ApiOkResponse({ type: AuthoredCourseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'No such course, or you may not edit it (the same answer)' })
  @ApiUnprocessableEntityResponse(IMPORTED)
  publishCourse(@CurrentActor() actor: Actor, @Param('courseSlug', new SlugParamPipe('courseSlug')) courseSlug: string): Promise<AuthoredCourseDto> {
    return this.courses.setPublished(actor, courseSlug, true);
  }

  @Post('courses/:courseSlug/unpublish')
  @Authenticated()
  @HttpCode(200)
  @ApiOperation({ summary: 'Unpublish a course (back to draft); enrolments are kept' })
  @ApiOkResponse({ type: AuthoredCourseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'No such course, or you may not edit it (the same answer)' })
  @ApiUnprocessableEntityResponse(IMPORTED)
  unpublishCourse(@CurrentActor() actor: Actor, @Param('courseSlug', new SlugParamPipe('courseSlug')) courseSlug: string): Promise<AuthoredCourseDto> {
    return this.courses.setPublished(actor, courseSlug, false);
  }

  // --- modules and lessons ------------------------------------------------------------------

  @Get('modules')
  @PlatformAdmin()
  @ApiOperation({ summary: 'Modules written here (in a course or not), most recently updated first; imported ones are not listed' })
  @ApiOkResponse({ type: AuthoredModuleSummaryListDto })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'Not a platform admin' })
  listAuthoredModules(@CurrentActor() actor: Actor, @Query() query: ListAuthoredModulesQueryDto): Promise<AuthoredModuleSummaryListDto> {
    return this.authoring.listAuthoredModules(actor, query);
  }

  @Post('modules')
  @PlatformAdmin()
  @ApiOperation({ summary: 'Create a module built from a publication' })
  @ApiCreatedResponse({ type: AuthoredModuleDto })
  createModule(@CurrentActor() actor: Actor, @Body() dto: CreateModuleDto): Promise<AuthoredModuleDto> {
    return this.authoring.createModule(actor, dto);
  }

  @Get('modules/:moduleSlug')
  @PlatformAdmin()
  @ApiOkResponse({ type: AuthoredModuleDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  getAuthoredModule(@CurrentActor() actor: Actor, @Param('moduleSlug', new SlugParamPipe('moduleSlug')) moduleSlug: string): Promise<AuthoredModuleDto> {
    return this.authoring.getModule(actor, moduleSlug);
  }

  @Patch('modules/:moduleSlug')
  @PlatformAdmin()
  @ApiOkResponse({ type: AuthoredModuleDto })
  @ApiUnprocessableEntityResponse(IMPORTED)
  @ApiIfMatch('module')
  updateModule(
    @CurrentActor() actor: Actor,
    @Param('moduleSlug', new SlugParamPipe('moduleSlug')) moduleSlug: string,
    @Body() dto: UpdateModuleDto,
    @IfMatchHeader() ifMatch: IfMatch | undefined,
  ): Promise<AuthoredModuleDto> {
    return this.authoring.updateModule(actor, moduleSlug, dto, ifMatch);
  }

  @Post('modules/:moduleSlug/lessons')
  @PlatformAdmin()
  @ApiOperation({ summary: 'Add a lesson (Markdown body, rendered once here) at the end of a module' })
  @ApiCreatedResponse({ type: AuthoredLessonDto })
  @ApiUnprocessableEntityResponse({ type: ErrorResponseDto, description: `Imported from backend/content: edit the file; or: ${TOO_COMPLEX}` })
  @ApiServiceUnavailableResponse(RENDER_BUSY)
  createLesson(
    @CurrentActor() actor: Actor,
    @Param('moduleSlug', new SlugParamPipe('moduleSlug')) moduleSlug: string,
    @Body() dto: CreateLessonDto,
  ): Promise<AuthoredLessonDto> {
    return this.authoring.createLesson(actor, moduleSlug, dto);
  }

  @Get('lessons/:lessonId')
  @PlatformAdmin()
  @ApiOperation({ summary: 'A lesson with its Markdown source, for the editor' })
  @ApiOkResponse({ type: AuthoredLessonDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  getAuthoredLesson(@CurrentActor() actor: Actor, @Param('lessonId', uuidParam('lessonId')) lessonId: string): Promise<AuthoredLessonDto> {
    return this.authoring.getLesson(actor, lessonId);
  }

  @Patch('lessons/:lessonId')
  @PlatformAdmin()
  @ApiOkResponse({ type: AuthoredLessonDto })
  @ApiUnprocessableEntityResponse({ type: ErrorResponseDto, description: `Imported from backend/content: edit the file; or: ${TOO_COMPLEX}` })
  @ApiServiceUnavailableResponse(RENDER_BUSY)
  @ApiIfMatch('lesson')
  updateLesson(
    @CurrentActor() actor: Actor,
    @Param('lessonId', uuidParam('lessonId')) lessonId: string,
    @Body() dto: UpdateLessonDto,
    @IfMatchHeader() ifMatch: IfMatch | undefined,
  ): Promise<AuthoredLessonDto> {
    return this.authoring.updateLesson(actor, lessonId, dto, ifMatch);
  }
}
