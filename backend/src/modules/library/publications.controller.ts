import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../../common/auth/access.js';
import { OptionalActor, type Actor } from '../../common/auth/actor.js';
import { ErrorResponseDto } from '../../common/errors/error-response.dto.js';
import { SlugParamPipe } from '../../common/http/param-pipes.js';
import { ListPublicationsQueryDto, PublicationDetailDto, PublicationFacetsDto, PublicationListDto } from './publications.dto.js';
import { PublicationsService } from './publications.service.js';

@ApiTags('publications')
@Public()
@Controller('publications')
export class PublicationsController {
  constructor(private readonly publications: PublicationsService) {}

  @Get()
  @ApiOperation({ summary: 'The publications library: filter, search and page through it' })
  @ApiOkResponse({ type: PublicationListDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  listPublications(@Query() query: ListPublicationsQueryDto): Promise<PublicationListDto> {
    return this.publications.listPublications(query);
  }

  @Get('facets')
  @ApiOperation({ summary: 'Topics, publishers, years and regions with how many publications have each' })
  @ApiOkResponse({ type: PublicationFacetsDto })
  getPublicationFacets(): Promise<PublicationFacetsDto> {
    return this.publications.getPublicationFacets();
  }

  @Get(':slug')
  @ApiOperation({ summary: 'One publication: findings, figures with their passages, citation, courses using it' })
  @ApiOkResponse({ type: PublicationDetailDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  getPublication(@OptionalActor() actor: Actor | undefined, @Param('slug', new SlugParamPipe('slug')) slug: string): Promise<PublicationDetailDto> {
    return this.publications.getPublication(actor, slug);
  }
}
