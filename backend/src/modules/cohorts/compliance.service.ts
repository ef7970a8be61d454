import { Injectable } from '@nestjs/common';
import { PassThrough, Readable } from 'node:stream';
import type { Actor } from '../../common/auth/actor.js';
import { DomainError } from '../../common/errors/domain-error.js';
import type { RequestMeta } from '../../common/http/request-meta.js';
import { AuditService } from '../audit/index.js';
import { CompliancePdfRenderer, PDF_LIMITS } from './compliance-pdf.js';
import { COMPLIANCE_STATUSES, ComplianceRepository, type ComplianceRow } from './compliance.repository.js';
import { csvLine, loadExcel, safeSheetText } from './csv-cells.js';
import { CohortsOpsErrors } from './ops.errors.js';

/** People read per query while streaming: memory holds one batch (their courses), whatever the organisation's size. */
const PEOPLE_PER_BATCH = 500;

export type ComplianceFormat = 'csv' | 'xlsx' | 'pdf';

const HEADER = ['Name', 'Email', 'External ID', 'Cohorts', 'Course', 'Due date', 'Status', 'Completed at', 'Expires at'];
const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : '');
const cells = (r: ComplianceRow) => [r.name, r.email, r.externalId, r.cohorts, r.courseTitle, iso(r.dueAt), r.status, iso(r.completedAt), iso(r.expiresAt)];

/**
 * The organisation compliance report for org admins (docs/cohorts.md#compliance-report): who is
 * current, expiring, expired, overdue or open on each course assigned to them, as CSV or XLSX
 * streamed in batches, or as a PDF rendered in a worker thread (bounded). Each download is audited.
 */
@Injectable()
export class ComplianceService {
  constructor(
    private readonly repository: ComplianceRepository,
    private readonly pdf: CompliancePdfRenderer,
    private readonly audit: AuditService,
  ) {}

  /** Every row, batch by batch. */
  private async *rows(organisationId: string): AsyncGenerator<ComplianceRow[]> {
    let after: [string, string] | null = null;
    for (;;) {
      const batch = await this.repository.batch(organisationId, after, PEOPLE_PER_BATCH);
      if (!batch.length) return;
      yield batch;
      const last = batch[batch.length - 1]!;
      after = [last.name, last.userId];
      if (new Set(batch.map((r) => r.userId)).size < PEOPLE_PER_BATCH) return;
    }
  }

  private async recordDownload(actor: Actor, organisationId: string, format: ComplianceFormat, meta: RequestMeta): Promise<void> {
    await this.audit.record(
      {
        action: 'organisation.compliance_exported',
        actorUserId: actor.userId,
        organisationId,
        targetType: 'organisation',
        targetId: organisationId,
        metadata: { format },
      },
      meta,
    );
  }

  /** The CSV, streamed (the first batch is read before the answer starts, so a failing query is an ordinary error). */
  async csv(actor: Actor, organisationId: string, meta: RequestMeta): Promise<Readable> {
    const batches = this.rows(organisationId);
    const first = await batches.next();
    await this.recordDownload(actor, organisationId, 'csv', meta);
    async function* body(): AsyncGenerator<string> {
      // A byte-order mark, so spreadsheets open the UTF-8 names correctly.
      yield `\uFEFF${csvLine(HEADER)}`;
      if (first.done) return;
      yield first.value.map((r) => csvLine(cells(r))).join('');
      for await (const batch of batches) yield batch.map((r) => csvLine(cells(r))).join('');
    }
    return Readable.from(body(), { objectMode: false });
  }

  /** The XLSX, streamed: exceljs' streaming writer commits each row as it is written (no shared strings, one sheet). */
  async xlsx(actor: Actor, organisationId: string, meta: RequestMeta): Promise<Readable> {
    const ExcelJS = await loadExcel();
    const batches = this.rows(organisationId);
    const first = await batches.next();
    await this.recordDownload(actor, organisationId, 'xlsx', meta);
    const out = new PassThrough();
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false, useStyles: true });
    const sheet = workbook.addWorksheet('Compliance');
    sheet.columns = HEADER.map((h) => ({ header: h, width: h === 'Email' || h === 'Course' ? 36 : 18 }));
    sheet.getRow(1).font = { bold: true };
    sheet.getRow(1).commit();
    const write = (r: ComplianceRow) =>
      sheet
        .addRow([
          safeSheetText(r.name),
          safeSheetText(r.email),
          safeSheetText(r.externalId),
          safeSheetText(r.cohorts),
          safeSheetText(r.courseTitle),
          r.dueAt ? new Date(r.dueAt) : null,
          r.status,
          r.completedAt ? new Date(r.completedAt) : null,
          r.expiresAt ? new Date(r.expiresAt) : null,
        ])
        .commit();
    void (async () => {
      try {
        if (!first.done) first.value.forEach(write);
        for await (const batch of batches) {
          batch.forEach(write);
          // Let the response drain before reading the next batch.
          if (out.writableNeedDrain) await new Promise((resolve) => out.once('drain', resolve));
        }
        sheet.commit();
        await workbook.commit();
      } catch (err) {
        out.destroy(err instanceof Error ? err : new Error(String(err)));
      }
    })();
    return out;
  }

  /** The PDF for auditors: the rows read in batches, rendered in a worker thread; refused above PDF_LIMITS.maxRows. */
  async pdfReport(actor: Actor, organisationId: string, meta: RequestMeta): Promise<Buffer> {
    const organisationName = await this.repository.organisationName(organisationId);
    if (organisationName === null) throw DomainError.notFound('Organisation');
    const total = await this.repository.countRows(organisationId);
    if (total > PDF_LIMITS.maxRows) {
      throw new DomainError(
        CohortsOpsErrors.ReportTooLargeForPdf,
        `This report has ${total} rows; a PDF holds at most ${PDF_LIMITS.maxRows}. Download the CSV or XLSX instead.`,
        { rows: total, maxRows: PDF_LIMITS.maxRows },
      );
    }
    const rows: ComplianceRow[] = [];
    for await (const batch of this.rows(organisationId)) rows.push(...batch);
    const counts = Object.fromEntries(COMPLIANCE_STATUSES.map((s) => [s, rows.filter((r) => r.status === s).length]));
    const pdf = await this.pdf.render({
      organisationName,
      generatedAt: new Date().toISOString(),
      counts,
      rows: rows.map((r) => ({
        name: r.name,
        email: r.email,
        courseTitle: r.courseTitle,
        cohorts: r.cohorts,
        dueAt: r.dueAt ? iso(r.dueAt) : null,
        status: r.status,
        completedAt: r.completedAt ? iso(r.completedAt) : null,
        expiresAt: r.expiresAt ? iso(r.expiresAt) : null,
      })),
    });
    await this.recordDownload(actor, organisationId, 'pdf', meta);
    return pdf;
  }
}
