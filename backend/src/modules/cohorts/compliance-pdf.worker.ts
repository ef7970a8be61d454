import PDFDocument from 'pdfkit';
import { notoFonts, type FontRole, type FontSet, type Weight } from '../../common/pdf/fonts.js';

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

/** What pdfkit's standard fonts (WinAnsi: Latin-1 and a few marks) can print. */
const WIN_ANSI = /^[\u0020-\u007e\u00a0-\u00ff\u2018\u2019\u201c\u201d\u2013\u2014\u2026\u00b7]*$/;

type CellFont = 'standard' | FontRole;

/**
 * Names come from everywhere. A cell that the standard fonts can print is set in Helvetica (no font
 * to embed, no shaping: 10,000 rows take about 3 s of CPU); any other is set in the certificates'
 * Noto Sans (Latin incl. Vietnamese, Greek, Cyrillic) or, with CJK characters, Noto Sans SC,
 * parsed once per thread (common/pdf/fonts.ts): whichever has more of its characters. A character
 * neither has (a script these fonts do not cover) prints as "?" rather than as a wrong glyph or
 * an empty box.
 */
function cellFont(fonts: () => FontSet, weight: Weight, text: string): { font: CellFont; text: string } {
  if (WIN_ANSI.test(text)) return { font: 'standard', text };
  const set = fonts()[weight];
  let primaryMisses = 0;
  let cjkMisses = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (!set.primary.hasGlyphForCodePoint(cp)) primaryMisses++;
    if (!set.cjk.hasGlyphForCodePoint(cp)) cjkMisses++;
  }
  if (primaryMisses === 0) return { font: 'primary', text };
  const role: FontRole = cjkMisses < primaryMisses ? 'cjk' : 'primary';
  const font = set[role];
  return { font: role, text: Array.from(text, (ch) => (font.hasGlyphForCodePoint(ch.codePointAt(0)!) ? ch : '?')).join('') };
}

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
  // No default font: every text here sets its own.
  const doc = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margin: 36,
    font: null as unknown as string,
    info: { Title: `Compliance report: ${task.organisationName}` },
  });
  // The Noto fonts are registered (and parsed, once per thread) only when a cell needs them.
  let registered = false;
  const fonts = (): FontSet => {
    const set = notoFonts();
    if (!registered) {
      for (const weight of ['regular', 'bold'] as const) {
        for (const role of ['primary', 'cjk'] as const) doc.registerFont(`${weight}-${role}`, set[weight][role] as unknown as string);
      }
      registered = true;
    }
    return set;
  };
  /** Selects the font for `text` at `size` and answers the text to draw. */
  const use = (text: string, weight: Weight, size: number): string => {
    const cell = cellFont(fonts, weight, text);
    const name = cell.font === 'standard' ? (weight === 'bold' ? 'Helvetica-Bold' : 'Helvetica') : `${weight}-${cell.font}`;
    doc.font(name).fontSize(size);
    return cell.text;
  };
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });

  const left = doc.page.margins.left;
  const bottom = () => doc.page.height - doc.page.margins.bottom;
  doc.text(use(`Compliance report: ${task.organisationName}`, 'bold', 16));
  use('', 'regular', 9);
  doc.moveDown(0.3);
  doc.text(`Generated ${task.generatedAt.slice(0, 16).replace('T', ' ')} UTC by HTMSE Academy. One row per person and assigned course.`);
  doc.text(
    `Current ${task.counts.current ?? 0} · expiring within 30 days ${task.counts.expiring ?? 0} · expired ${task.counts.expired ?? 0} · overdue ${task.counts.overdue ?? 0} · open (not yet due) ${task.counts.open ?? 0}`,
  );
  doc.moveDown(0.8);

  const rowHeight = 12;
  const header = () => {
    let x = left;
    const y = doc.y;
    for (const c of COLUMNS) {
      doc.text(use(c.title, 'bold', 8), x, y, { width: c.width - 4, lineBreak: false });
      x += c.width;
    }
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
      doc.text(use(c.value(r), 'regular', 8), x, y, { width: c.width - 4, height: rowHeight, lineBreak: false, ellipsis: true });
      x += c.width;
    }
    doc.y = y + rowHeight;
  }
  if (!task.rows.length) doc.text(use('', 'regular', 9) + 'No one in this organisation’s cohorts has a course assigned.', left);
  doc.end();
  await done;
  return new Uint8Array(Buffer.concat(chunks));
}
