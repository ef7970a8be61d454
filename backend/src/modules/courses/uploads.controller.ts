import { Controller, Get, Param, Res, StreamableFile } from '@nestjs/common';
import { ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Response } from 'express';
import { OrgMember, Public } from '../../common/auth/access.js';
import { CurrentActor, type Actor } from '../../common/auth/actor.js';
import { ErrorResponseDto } from '../../common/errors/error-response.dto.js';
import { organisationIdParam } from '../../common/http/param-pipes.js';
import { StorageUsageDto } from './uploads.dto.js';
import { UploadsService } from './uploads.service.js';

@ApiTags('authoring')
@Public()
@Controller('uploads')
export class UploadsController {
  constructor(private readonly uploads: UploadsService) {}

  @Get(':file')
  @ApiOperation({ summary: 'An uploaded image, served with its type, nosniff and a CSP that allows nothing' })
  @ApiOkResponse({ description: 'The image bytes' })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  async getUpload(@Param('file') file: string, @Res({ passthrough: true }) res: Response): Promise<StreamableFile> {
    const { data, contentType } = await this.uploads.readUpload(file);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Content-Security-Policy', "default-src 'none'");
    res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
    return new StreamableFile(data, { type: contentType, length: data.length });
  }
}

@ApiTags('organisations')
@ApiUnauthorizedResponse({ type: ErrorResponseDto, description: 'Not signed in' })
@Controller('organisations/:organisationId/storage')
export class OrganisationStorageController {
  constructor(private readonly uploads: UploadsService) {}

  @Get()
  @OrgMember('org_admin')
  @ApiOperation({ summary: 'The organisation’s image storage: bytes used by its uploads and its quota (org admins)' })
  @ApiOkResponse({ type: StorageUsageDto })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'Not an org admin of this organisation' })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'No such organisation, or you are not a member' })
  getOrganisationStorage(@CurrentActor() actor: Actor, @Param('organisationId', organisationIdParam()) organisationId: string): Promise<StorageUsageDto> {
    return this.uploads.organisationUsage(actor, organisationId);
  }
}
