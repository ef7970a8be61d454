import { Controller, Get, Param, StreamableFile } from '@nestjs/common';
import {
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { OrgMember } from '../../common/auth/access.js';
import { CurrentActor, type Actor } from '../../common/auth/actor.js';
import { ErrorResponseDto } from '../../common/errors/error-response.dto.js';
import { organisationIdParam } from '../../common/http/param-pipes.js';
import { Meta, type RequestMeta } from '../../common/http/request-meta.js';
import { ComplianceService } from './compliance.service.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const disposition = (ext: string) => `attachment; filename="htmse-academy-compliance-${new Date().toISOString().slice(0, 10)}.${ext}"`;

/** The organisation compliance report, for org admins (docs/cohorts.md#compliance-report). */
@ApiTags('cohorts')
@ApiUnauthorizedResponse({ type: ErrorResponseDto, description: 'Not signed in' })
@ApiForbiddenResponse({ type: ErrorResponseDto, description: 'Org admins only' })
@ApiNotFoundResponse({ type: ErrorResponseDto, description: 'No such organisation, or not one of yours' })
@Controller('organisations/:organisationId')
export class ComplianceController {
  constructor(private readonly compliance: ComplianceService) {}

  @Get('compliance.csv')
  @OrgMember('org_admin')
  @ApiOperation({
    summary: 'Compliance report as CSV, streamed: per person and assigned course, current / expiring / expired / overdue / open. Audited.',
  })
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'CSV (UTF-8 with a byte-order mark), one row per person and assigned course' })
  async downloadComplianceCsv(
    @CurrentActor() actor: Actor,
    @Param('organisationId', organisationIdParam()) organisationId: string,
    @Meta() meta: RequestMeta,
  ): Promise<StreamableFile> {
    return new StreamableFile(await this.compliance.csv(actor, organisationId, meta), { type: 'text/csv; charset=utf-8', disposition: disposition('csv') });
  }

  @Get('compliance.xlsx')
  @OrgMember('org_admin')
  @ApiOperation({ summary: 'Compliance report as XLSX, streamed. Audited.' })
  @ApiProduces(XLSX)
  @ApiOkResponse({ description: 'An XLSX workbook with one sheet' })
  async downloadComplianceXlsx(
    @CurrentActor() actor: Actor,
    @Param('organisationId', organisationIdParam()) organisationId: string,
    @Meta() meta: RequestMeta,
  ): Promise<StreamableFile> {
    return new StreamableFile(await this.compliance.xlsx(actor, organisationId, meta), { type: XLSX, disposition: disposition('xlsx') });
  }

  @Get('compliance.pdf')
  @OrgMember('org_admin')
  @ApiOperation({ summary: 'Compliance report as a PDF for auditors (rendered off the event loop; at most 50,000 rows). Audited.' })
  @ApiProduces('application/pdf')
  @ApiOkResponse({ description: 'A PDF' })
  @ApiUnprocessableEntityResponse({ type: ErrorResponseDto, description: 'REPORT_TOO_LARGE_FOR_PDF' })
  @ApiServiceUnavailableResponse({ type: ErrorResponseDto, description: 'SERVICE_UNAVAILABLE: PDF reports busy (Retry-After)' })
  async downloadCompliancePdf(
    @CurrentActor() actor: Actor,
    @Param('organisationId', organisationIdParam()) organisationId: string,
    @Meta() meta: RequestMeta,
  ): Promise<StreamableFile> {
    return new StreamableFile(await this.compliance.pdfReport(actor, organisationId, meta), { type: 'application/pdf', disposition: disposition('pdf') });
  }
}
