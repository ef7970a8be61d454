import { Body, Controller, Get, HttpCode, Param, Post, Query, StreamableFile } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiGoneResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { Authenticated, OrgMember, PlatformAdmin, Public } from '../../common/auth/access.js';
import { CurrentActor, type Actor } from '../../common/auth/actor.js';
import { ErrorResponseDto } from '../../common/errors/error-response.dto.js';
import { organisationIdParam, uuidParam } from '../../common/http/param-pipes.js';
import { Meta, type RequestMeta } from '../../common/http/request-meta.js';
import {
  AdminCertificatePageDto,
  AdminCertificatesQueryDto,
  CertificateBatchCreatedDto,
  CertificateBatchDto,
  CertificatePageDto,
  CertificateVerificationDto,
  CreateCertificateBatchDto,
  MyCertificatesQueryDto,
  OrganisationCertificateDto,
  OrganisationCertificatePageDto,
  OrganisationCertificatesQueryDto,
  RevokeCertificateDto,
} from './certificates.dto.js';
import { CertificatesService } from './certificates.service.js';

@ApiTags('certificates')
@ApiBadRequestResponse({ type: ErrorResponseDto, description: 'A field is malformed (details.fields names it)' })
@Controller()
export class CertificatesController {
  constructor(private readonly certificates: CertificatesService) {}

  @Get('me/certificates')
  @Authenticated()
  @ApiOperation({ summary: 'Your certificates (current ones; a re-issued one is listed by its replacement), newest first' })
  @ApiOkResponse({ type: CertificatePageDto })
  @ApiUnauthorizedResponse({ type: ErrorResponseDto, description: 'Not signed in' })
  listMyCertificates(@CurrentActor() actor: Actor, @Query() query: MyCertificatesQueryDto): Promise<CertificatePageDto> {
    return this.certificates.mine(actor, query.cursor, query.limit);
  }

  @Get('certificates/verify/:code')
  @Public()
  @ApiOperation({ summary: 'Check a certificate by its number: what it says and whether it is valid, expired or revoked (nothing else about its holder)' })
  @ApiOkResponse({ type: CertificateVerificationDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'No certificate has this number' })
  verifyCertificate(@Param('code') code: string): Promise<CertificateVerificationDto> {
    return this.certificates.verify(code);
  }

  @Get('certificates/:certificateId/pdf')
  @Authenticated()
  @ApiOperation({ summary: 'Download a certificate as PDF: its holder, platform admins, and admins of the organisation that issued it' })
  @ApiProduces('application/pdf')
  @ApiGoneResponse({ type: ErrorResponseDto, description: 'CERTIFICATE_WITHDRAWN: the holder deleted their account, the file was deleted' })
  @ApiOkResponse({ description: 'The PDF, as an attachment', schema: { type: 'string', format: 'binary' } })
  @ApiUnauthorizedResponse({ type: ErrorResponseDto, description: 'Not signed in' })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'No such certificate, or not one you may see' })
  async downloadCertificatePdf(@CurrentActor() actor: Actor, @Param('certificateId', uuidParam('certificateId')) id: string): Promise<StreamableFile> {
    const { data, filename } = await this.certificates.pdf(actor, id);
    return new StreamableFile(data, { type: 'application/pdf', disposition: `attachment; filename="${filename}"`, length: data.length });
  }

  @Post('certificates/:certificateId/revoke')
  @HttpCode(200)
  @Authenticated()
  @ApiOperation({
    summary: 'Revoke a certificate, with a reason (platform admins, or org admins of the organisation that issued it); verification shows it at once. Audited.',
  })
  @ApiOkResponse({ type: OrganisationCertificateDto })
  @ApiUnauthorizedResponse({ type: ErrorResponseDto, description: 'Not signed in' })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'No such certificate, or not one you administer' })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'CERTIFICATE_ALREADY_REVOKED' })
  revokeCertificate(
    @CurrentActor() actor: Actor,
    @Param('certificateId', uuidParam('certificateId')) id: string,
    @Body() body: RevokeCertificateDto,
    @Meta() meta: RequestMeta,
  ): Promise<OrganisationCertificateDto> {
    return this.certificates.revoke(actor, id, body.reason, meta);
  }

  @Get('organisations/:organisationId/certificates')
  @OrgMember('org_admin')
  @ApiOperation({ summary: 'The certificates of the organisation’s tailored courses, newest first, optionally by status' })
  @ApiOkResponse({ type: OrganisationCertificatePageDto })
  @ApiUnauthorizedResponse({ type: ErrorResponseDto, description: 'Not signed in' })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'Org admins only' })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'No such organisation, or not one of yours' })
  listOrganisationCertificates(
    @Param('organisationId', organisationIdParam()) organisationId: string,
    @Query() query: OrganisationCertificatesQueryDto,
  ): Promise<OrganisationCertificatePageDto> {
    return this.certificates.ofOrganisation(organisationId, query.status, query.cursor, query.limit);
  }

  @Get('admin/certificates')
  @PlatformAdmin()
  @ApiOperation({
    summary:
      'Find any certificate (every organisation’s and HTMSE Academy’s own) by its number or by the learner’s email, with its status; revoke through POST /certificates/{id}/revoke',
  })
  @ApiOkResponse({ type: AdminCertificatePageDto })
  @ApiUnauthorizedResponse({ type: ErrorResponseDto, description: 'Not signed in' })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'Platform admins only' })
  findCertificates(@Query() query: AdminCertificatesQueryDto): Promise<AdminCertificatePageDto> {
    return this.certificates.adminSearch(query);
  }

  @Post('admin/certificates/batches')
  @PlatformAdmin()
  @ApiOperation({
    summary:
      'Bulk (re-)issue: one job per standing completion of the course, organisation or learners given; a completion with a certificate gets a new one with today’s name, which replaces (revokes) the old',
  })
  @ApiCreatedResponse({ type: CertificateBatchCreatedDto })
  @ApiUnauthorizedResponse({ type: ErrorResponseDto, description: 'Not signed in' })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'Platform admins only' })
  createCertificateBatch(
    @CurrentActor() actor: Actor,
    @Body() body: CreateCertificateBatchDto,
    @Meta() meta: RequestMeta,
  ): Promise<CertificateBatchCreatedDto> {
    return this.certificates.createBatch(actor, body, meta);
  }

  @Get('admin/certificates/batches/:batchId')
  @PlatformAdmin()
  @ApiOperation({ summary: 'A bulk batch’s progress' })
  @ApiOkResponse({ type: CertificateBatchDto })
  @ApiUnauthorizedResponse({ type: ErrorResponseDto, description: 'Not signed in' })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'Platform admins only' })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'No such batch' })
  getCertificateBatch(@Param('batchId', uuidParam('batchId')) id: string): Promise<CertificateBatchDto> {
    return this.certificates.batch(id);
  }
}
