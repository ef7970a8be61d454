import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../../common/auth/access.js';
import { OptionalActor, type Actor } from '../../common/auth/actor.js';
import { ErrorResponseDto } from '../../common/errors/error-response.dto.js';
import {
  CourseDetailDto,
  CourseListDto,
  GetLessonQueryDto,
  LessonDto,
  ListCoursesQueryDto,
  ListPublicationsQueryDto,
  PublicationDetailDto,
  PublicationFacetsDto,
  PublicationListDto,
} from './catalogue.dto.js';
import { SlugParamPipe, uuidParam } from './catalogue.pipes.js';
import { CatalogueService } from './catalogue.service.js';

@ApiTags('publications')
@Public()
@Controller('publications')
export class PublicationsController {
  constructor(private readonly catalogue: CatalogueService) {}

  @Get()
  @ApiOperation({ summary: 'The publications library: filter, search and page through it' })
  @ApiOkResponse({ type: PublicationListDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  listPublications(@Query() query: ListPublicationsQueryDto): Promise<PublicationListDto> {
    return this.catalogue.listPublications(query);
  }

  @Get('facets')
  @ApiOperation({ summary: 'Topics, publishers, years and regions with how many publications have each' })
  @ApiOkResponse({ type: PublicationFacetsDto })
  getPublicationFacets(): Promise<PublicationFacetsDto> {
    return this.catalogue.getPublicationFacets();
  }

  @Get(':slug')
  @ApiOperation({ summary: 'One publication: findings, figures with their passages, citation, courses using it' })
  @ApiOkResponse({ type: PublicationDetailDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  getPublication(@OptionalActor() actor: Actor | undefined, @Param('slug', new SlugParamPipe('slug')) slug: string): Promise<PublicationDetailDto> {
    return this.catalogue.getPublication(actor, slug);
  }
}

@ApiTags('courses')
@Public()
@Controller('courses')
export class CoursesController {
  constructor(private readonly catalogue: CatalogueService) {}

  @Get()
  @ApiOperation({ summary: 'Published courses: public ones and the tailored courses of your organisations' })
  @ApiOkResponse({ type: CourseListDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  listCourses(@OptionalActor() actor: Actor | undefined, @Query() query: ListCoursesQueryDto): Promise<CourseListDto> {
    return this.catalogue.listCourses(actor, query);
  }

  @Get(':slug')
  @ApiOperation({ summary: 'A published course and its syllabus (at your pinned version when enrolled)' })
  @ApiOkResponse({ type: CourseDetailDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  getCourse(@OptionalActor() actor: Actor | undefined, @Param('slug', new SlugParamPipe('slug')) slug: string): Promise<CourseDetailDto> {
    return this.catalogue.getCourse(actor, slug);
  }
}

@ApiTags('lessons')
@Public()
@Controller('lessons')
export class LessonsController {
  constructor(private readonly catalogue: CatalogueService) {}

  @Get(':id')
  @ApiOperation({ summary: 'A lesson, its body rendered to sanitised HTML, with its sources and neighbours' })
  @ApiOkResponse({ type: LessonDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  getLesson(
    @OptionalActor() actor: Actor | undefined,
    @Param('id', uuidParam('id')) id: string,
    @Query() query: GetLessonQueryDto,
  ): Promise<LessonDto> {
    return this.catalogue.getLesson(actor, id, query);
  }
}
