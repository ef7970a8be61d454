import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../../common/auth/access.js';
import { OptionalActor, type Actor } from '../../common/auth/actor.js';
import { ErrorResponseDto } from '../../common/errors/error-response.dto.js';
import { SlugParamPipe, uuidParam } from '../../common/http/param-pipes.js';
import { CourseDetailDto, CourseListDto, CourseModuleChoiceListDto, GetLessonQueryDto, LessonDto, ListCoursesQueryDto } from './courses.dto.js';
import { CoursesService } from './courses.service.js';

@ApiTags('courses')
@Public()
@Controller('courses')
export class CoursesController {
  constructor(private readonly courses: CoursesService) {}

  @Get()
  @ApiOperation({ summary: 'Published courses: public ones and the tailored courses of your organisations' })
  @ApiOkResponse({ type: CourseListDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  listCourses(@OptionalActor() actor: Actor | undefined, @Query() query: ListCoursesQueryDto): Promise<CourseListDto> {
    return this.courses.listCourses(actor, query);
  }

  @Get(':slug')
  @ApiOperation({ summary: 'A published course and its syllabus (at your pinned version when enrolled)' })
  @ApiOkResponse({ type: CourseDetailDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  getCourse(@OptionalActor() actor: Actor | undefined, @Param('slug', new SlugParamPipe('slug')) slug: string): Promise<CourseDetailDto> {
    return this.courses.getCourse(actor, slug);
  }
}

@ApiTags('lessons')
@Public()
@Controller('lessons')
export class LessonsController {
  constructor(private readonly courses: CoursesService) {}

  @Get(':id')
  @ApiOperation({ summary: 'A lesson, its body rendered to sanitised HTML, with its sources and neighbours' })
  @ApiOkResponse({ type: LessonDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  getLesson(@OptionalActor() actor: Actor | undefined, @Param('id', uuidParam('id')) id: string, @Query() query: GetLessonQueryDto): Promise<LessonDto> {
    return this.courses.getLesson(actor, id, query);
  }
}

@ApiTags('courses')
@Public()
@Controller('course-modules')
export class CourseModulesController {
  constructor(private readonly courses: CoursesService) {}

  @Get()
  @ApiOperation({ summary: 'Modules of the published courses you can see, by title (what an author can put in a course)' })
  @ApiOkResponse({ type: CourseModuleChoiceListDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  listCourseModules(@OptionalActor() actor: Actor | undefined, @Query() query: ListCoursesQueryDto): Promise<CourseModuleChoiceListDto> {
    return this.courses.listCourseModules(actor, query);
  }
}
