import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { PlatformAdmin, Public } from '../../common/auth/access.js';
import { CurrentActor, type Actor } from '../../common/auth/actor.js';
import { ErrorResponseDto } from '../../common/errors/error-response.dto.js';
import { Meta, type RequestMeta } from '../../common/http/request-meta.js';
import { uuidParam } from '../../common/http/param-pipes.js';
import { CreateEnquiryDto, EnquiryDto, EnquiryListDto, EnquiryReceiptDto, ListEnquiriesQueryDto, UpdateEnquiryDto } from './enquiries.dto.js';
import { EnquiriesService } from './enquiries.service.js';

@ApiTags('enquiries')
@ApiBadRequestResponse({ type: ErrorResponseDto })
@Controller('enquiries')
export class EnquiriesController {
  constructor(private readonly enquiries: EnquiriesService) {}

  @Post()
  @Public()
  @ApiOperation({ summary: 'Ask about tailored training; acknowledged by mail (5 an hour per address)' })
  @ApiCreatedResponse({ type: EnquiryReceiptDto })
  @ApiTooManyRequestsResponse({ type: ErrorResponseDto })
  createEnquiry(@Body() dto: CreateEnquiryDto, @Meta() meta: RequestMeta): Promise<EnquiryReceiptDto> {
    return this.enquiries.createEnquiry(dto, meta);
  }

  @Get()
  @PlatformAdmin()
  @ApiOperation({ summary: 'Enquiries, newest first' })
  @ApiOkResponse({ type: EnquiryListDto })
  @ApiUnauthorizedResponse({ type: ErrorResponseDto })
  @ApiForbiddenResponse({ type: ErrorResponseDto })
  listEnquiries(@CurrentActor() actor: Actor, @Query() query: ListEnquiriesQueryDto): Promise<EnquiryListDto> {
    return this.enquiries.listEnquiries(actor, query);
  }

  @Patch(':enquiryId')
  @PlatformAdmin()
  @ApiOperation({ summary: 'Set an enquiry’s status' })
  @ApiOkResponse({ type: EnquiryDto })
  @ApiUnauthorizedResponse({ type: ErrorResponseDto })
  @ApiForbiddenResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  updateEnquiry(
    @CurrentActor() actor: Actor,
    @Param('enquiryId', uuidParam('enquiryId')) enquiryId: string,
    @Body() dto: UpdateEnquiryDto,
  ): Promise<EnquiryDto> {
    return this.enquiries.updateEnquiry(actor, enquiryId, dto);
  }
}
