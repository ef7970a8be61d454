import PDFDocument from 'pdfkit';

/**
 * Renders the compliance report's PDF in a worker thread of CompliancePdfRenderer's pool
 * (piscina), never on the API's event loop (docs/cohorts.md#compliance-report). Pure: the rows
 * come in, the PDF's bytes go out.
 */

export interface PdfRow {
  name: string;
  email: string;
  courseTitle: string;
  cohorts: string;
  dueAt: string | null;
  status: string;
  completedAt: string | null;
  expiresAt: string | null;
}

export interface CompliancePdfTask {
  organisationName: string;
  generatedAt: string;
  counts: Record<string, number>;
  rows: PdfRow[];
}

/** The standard PDF fonts cover Latin-1 (WinAnsi): anything else is shown as "?" rather than as wrong glyphs. */
const printable = (s: string) => s.replace(/[^\u0020-\u007e\u00a0-\u00ff\u2018\u2019\u201c\u201d\u2013\u2014\u2026]/g, '?');
const day = (iso: string | null) => (iso ? iso.slice(0, 10) : '');

const COLUMNS: { title: string; width: number; value: (r: PdfRow) => string }[] = [
  { title: 'Name', width: 120, value: (r) => r.name },
  { title: 'Email', width: 150, value: (r) => r.email },
  { title: 'Course', width: 150, value: (r) => r.courseTitle },
  { title: 'Cohorts', width: 110, value: (r) => r.cohorts },
  { title: 'Due', width: 55, value: (r) => day(r.dueAt) },
  { title: 'Status', width: 50, value: (r) => r.status },
  { title: 'Completed', width: 55, value: (r) => day(r.completedAt) },
  { title: 'Expires', width: 55, value: (r) => day(r.expiresAt) },
];

export default async function renderCompliancePdf(task: CompliancePdfTask): Promise<Uint8Array> {
  const doc = new PDFDocument({ size: 'A4', layout: 'landscape', margin: 36, info: { Title: `Compliance report: ${printable(task.organisationName)}` } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });

  const left = doc.page.margins.left;
  const bottom = () => doc.page.height - doc.page.margins.bottom;
  doc
    .font('Helvetica-Bold')
    .fontSize(16)
    .text(`Compliance report: ${printable(task.organisationName)}`);
  doc.font('Helvetica').fontSize(9).moveDown(0.3);
  doc.text(`Generated ${task.generatedAt.slice(0, 16).replace('T', ' ')} UTC by HTMSE Academy. One row per person and assigned course.`);
  doc.text(
    `Current ${task.counts.current ?? 0} · expiring within 30 days ${task.counts.expiring ?? 0} · expired ${task.counts.expired ?? 0} · overdue ${task.counts.overdue ?? 0} · open (not yet due) ${task.counts.open ?? 0}`,
  );
  doc.moveDown(0.8);

  const rowHeight = 12;
  const header = () => {
    let x = left;
    const y = doc.y;
    doc.font('Helvetica-Bold').fontSize(8);
    for (const c of COLUMNS) {
      doc.text(c.title, x, y, { width: c.width - 4, lineBreak: false });
      x += c.width;
    }
    doc.font('Helvetica').fontSize(8);
    doc.y = y + rowHeight + 2;
  };
  header();
  for (const r of task.rows) {
    if (doc.y + rowHeight > bottom()) {
      doc.addPage();
      header();
    }
    let x = left;
    const y = doc.y;
    for (const c of COLUMNS) {
      doc.text(printable(c.value(r)), x, y, { width: c.width - 4, height: rowHeight, lineBreak: false, ellipsis: true });
      x += c.width;
    }
    doc.y = y + rowHeight;
  }
  if (!task.rows.length) doc.text('No one in this organisation’s cohorts has a course assigned.', left);
  doc.end();
  await done;
  return new Uint8Array(Buffer.concat(chunks));
}
