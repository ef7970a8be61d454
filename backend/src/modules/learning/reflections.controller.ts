import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { Authenticated } from '../../common/auth/access.js';
import { CurrentActor, type Actor } from '../../common/auth/actor.js';
import { ErrorResponseDto } from '../../common/errors/error-response.dto.js';
import { uuidParam } from '../../common/http/param-pipes.js';
import { LessonReflectionDto, SaveLessonReflectionDto } from './reflections.dto.js';
import { ReflectionsService } from './reflections.service.js';

@ApiTags('reflections')
@ApiUnauthorizedResponse({ type: ErrorResponseDto, description: 'Not signed in' })
@ApiBadRequestResponse({ type: ErrorResponseDto })
@Authenticated()
@Controller('lessons/:lessonId/reflection')
export class ReflectionsController {
  constructor(private readonly reflections: ReflectionsService) {}

  @Get()
  @ApiOperation({ summary: 'Your own private reflection on a lesson (nobody else can read it)' })
  @ApiOkResponse({ type: LessonReflectionDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'You have written none on this lesson' })
  getMyReflection(@CurrentActor() actor: Actor, @Param('lessonId', uuidParam('lessonId')) lessonId: string): Promise<LessonReflectionDto> {
    return this.reflections.getOwn(actor, lessonId);
  }

  @Put()
  @ApiOperation({ summary: 'Save your private reflection on a lesson you can read (at most 5,000 characters)' })
  @ApiOkResponse({ type: LessonReflectionDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'No such lesson, or not one you can read' })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'Saved from elsewhere since the version you sent' })
  saveMyReflection(
    @CurrentActor() actor: Actor,
    @Param('lessonId', uuidParam('lessonId')) lessonId: string,
    @Body() dto: SaveLessonReflectionDto,
  ): Promise<LessonReflectionDto> {
    return this.reflections.saveOwn(actor, lessonId, dto);
  }
}
