import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import {
  cleanText,
  fitText,
  formatDate,
  formatHours,
  formatScore,
  MAX_ISSUER_LENGTH,
  MAX_NAME_LENGTH,
  MAX_TITLE_LENGTH,
  splitRuns,
  type FontRole,
  type Run,
} from './certificate-layout.js';
import { notoFonts, type FontSet, type Weight } from '../../common/pdf/fonts.js';

/** What a certificate's PDF shows. */
export interface CertificateContent {
  code: string;
  holderName: string;
  courseTitle: string;
  courseVersion: number;
  completedAt: Date;
  expiresAt: Date | null;
  learningMinutes: number;
  /** Printed only when not null (courses with quizzes). */
  score: number | null;
  issuerName: string;
  verifyUrl: string;
}

/** The Noto fonts, parsed once per process or thread (common/pdf/fonts.ts). */
export { notoFonts as certificateFonts, notoFontFiles as certificateFontFiles } from '../../common/pdf/fonts.js';

// A4 landscape, in points.
const PAGE = { width: 841.89, height: 595.28 };
const MARGIN = 56;
const INK = '#1d2733';
const MUTED = '#4a5866';
const ACCENT = '#1f5f8b';

type Doc = InstanceType<typeof PDFDocument>;

/**
 * Word layouts shared by every document of the process. pdfkit shapes each word with fontkit
 * (GSUB/GPOS lookups) and caches the result in the document's own font object, so every document
 * shaped "Certificate", "of", "completion" again: about a third of a page's time. The layouts
 * depend only on the font, which is the same parsed font for the whole process, so one cache per
 * font serves every document (renewed every LAYOUT_CACHE_DOCUMENTS documents to stay bounded).
 * It uses pdfkit's EmbeddedFont.layoutCache (pdfkit 0.20); if a pdfkit release drops it, each
 * document keeps its own cache and nothing breaks but the speed.
 */
const sharedLayouts = new Map<string, Record<string, unknown>>();
const LAYOUT_CACHE_DOCUMENTS = 2_000;
let documentsSinceLayoutReset = 0;
const patchedFonts = new WeakSet<object>();

function selectFont(doc: Doc, name: string): Doc {
  doc.font(name);
  const font = (doc as unknown as { _font?: { layoutCache?: Record<string, unknown> } })._font;
  if (font && typeof font.layoutCache === 'object' && font.layoutCache !== null && !patchedFonts.has(font)) {
    let shared = sharedLayouts.get(name);
    if (!shared) sharedLayouts.set(name, (shared = Object.create(null) as Record<string, unknown>));
    font.layoutCache = shared;
    patchedFonts.add(font);
  }
  return doc;
}

/** Texts' widths at 1 pt by weight (the fonts are the same for the whole process); cleared when full. */
const UNIT_WIDTHS = new Map<string, number>();
const MAX_CACHED_WIDTHS = 20_000;

const fontName = (weight: Weight, role: FontRole) => `${weight}-${role}`;

class Writer {
  constructor(
    private readonly doc: Doc,
    private readonly set: FontSet,
  ) {}

  runs(text: string, weight: Weight): Run[] {
    return splitRuns(text, (role, cp) => this.set[weight][role].hasGlyphForCodePoint(cp));
  }

  /** Width at `size`: widths scale with the size, so each text is laid out once (at 1 pt) per process, not once per size tried. */
  width(text: string, weight: Weight, size: number): number {
    const key = `${weight}\u0000${text}`;
    let unit = UNIT_WIDTHS.get(key);
    if (unit === undefined) {
      unit = this.runs(text, weight).reduce((w, r) => w + selectFont(this.doc, fontName(weight, r.font)).fontSize(1).widthOfString(r.text), 0);
      if (UNIT_WIDTHS.size >= MAX_CACHED_WIDTHS) UNIT_WIDTHS.clear();
      UNIT_WIDTHS.set(key, unit);
    }
    return unit * size;
  }

  /** One line centred on the page at y, in as many font runs as it needs. */
  centred(text: string, y: number, weight: Weight, size: number, color = INK): void {
    this.at(text, (PAGE.width - this.width(text, weight, size)) / 2, y, weight, size, color);
  }

  at(text: string, x: number, y: number, weight: Weight, size: number, color = INK): void {
    this.doc.fillColor(color);
    for (const r of this.runs(text, weight)) {
      selectFont(this.doc, fontName(weight, r.font)).fontSize(size).text(r.text, x, y, { lineBreak: false });
      x += this.width(r.text, weight, size);
    }
  }

  /** A block of up to `maxLines` centred lines, shrunk to fit; answers the y below it. */
  fitted(text: string, y: number, weight: Weight, opts: { maxLines: number; max: number; min: number }, color = INK): number {
    const maxWidth = PAGE.width - 2 * MARGIN - 40;
    const { size, lines } = fitText(text, { ...opts, maxWidth }, (s, sz) => this.width(s, weight, sz));
    for (const line of lines) {
      this.centred(line, y, weight, size, color);
      y += size * 1.25;
    }
    return y;
  }
}

/** Draws the QR code as vector squares (crisp at any zoom, nothing to decode or embed). */
function drawQr(doc: Doc, text: string, x: number, y: number, size: number): void {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const cell = size / n;
  for (let row = 0; row < n; row++) {
    for (let col = 0; col < n; col++) {
      if (qr.modules.get(row, col)) doc.rect(x + col * cell, y + row * cell, cell + 0.01, cell + 0.01);
    }
  }
  doc.fillColor(INK).fill();
}

/** The detail line: completion date, learning time, score where shown, expiry where there is one. */
export function detailItems(c: CertificateContent): string[] {
  return [
    `Completed on ${formatDate(c.completedAt)}`,
    `Learning time ${formatHours(c.learningMinutes)}`,
    ...(c.score === null ? [] : [`Final score ${formatScore(c.score)}`]),
    ...(c.expiresAt ? [`Valid until ${formatDate(c.expiresAt)}`] : []),
  ];
}

/**
 * Renders a certificate (A4 landscape) to PDF bytes. CPU-bound (tens of ms): called by the
 * issuing job in the worker, never on a request. Texts are cleaned and capped first.
 */
export async function renderCertificatePdf(input: CertificateContent, fontSet: FontSet = notoFonts()): Promise<Buffer> {
  const holderName = cleanText(input.holderName, MAX_NAME_LENGTH) || 'Name not given';
  const courseTitle = cleanText(input.courseTitle, MAX_TITLE_LENGTH);
  const issuer = cleanText(input.issuerName, MAX_ISSUER_LENGTH);
  const doc = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margin: 0,
    autoFirstPage: true,
    // No default font: pdfkit would load Helvetica's metrics for every document, and every text here sets its font.
    font: null as unknown as string,
    info: { Title: `Certificate ${input.code}`, Author: issuer, Subject: courseTitle, Creator: 'HTMSE Academy' },
  });
  if (++documentsSinceLayoutReset > LAYOUT_CACHE_DOCUMENTS) {
    sharedLayouts.clear();
    documentsSinceLayoutReset = 0;
  }
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  for (const weight of ['regular', 'bold'] as const) {
    for (const role of ['primary', 'cjk'] as const) doc.registerFont(fontName(weight, role), fontSet[weight][role] as unknown as string);
  }
  const w = new Writer(doc, fontSet);

  // Frame.
  doc
    .lineWidth(3)
    .strokeColor(ACCENT)
    .rect(24, 24, PAGE.width - 48, PAGE.height - 48)
    .stroke();
  doc
    .lineWidth(0.75)
    .strokeColor(ACCENT)
    .rect(32, 32, PAGE.width - 64, PAGE.height - 64)
    .stroke();

  let y = 70;
  w.centred(issuer, y, 'bold', 16, ACCENT);
  y += 42;
  w.centred('Certificate of completion', y, 'bold', 30);
  y += 58;
  w.centred('This certifies that', y, 'regular', 13, MUTED);
  y += 24;
  y = w.fitted(holderName, y, 'bold', { maxLines: 2, max: 32, min: 16 });
  y += 10;
  w.centred('has completed the course', y, 'regular', 13, MUTED);
  y += 24;
  y = w.fitted(courseTitle, y, 'bold', { maxLines: 2, max: 22, min: 13 });
  w.centred(`Version ${input.courseVersion}`, y + 2, 'regular', 12, MUTED);
  y += 34;
  w.centred(detailItems(input).join('   ·   '), y, 'regular', 12);
  y += 22;
  w.centred(`Issued by ${issuer}`, y, 'regular', 12);

  // Footer: the number and where to check it, and the QR code pointing there.
  const qrSize = 92;
  const footerY = PAGE.height - MARGIN - qrSize;
  drawQr(doc, input.verifyUrl, PAGE.width - MARGIN - qrSize, footerY, qrSize);
  w.at('Certificate number', MARGIN, footerY + 18, 'regular', 10, MUTED);
  w.at(input.code, MARGIN, footerY + 32, 'bold', 16);
  w.at('Check this certificate at', MARGIN, footerY + 58, 'regular', 10, MUTED);
  w.at(cleanText(input.verifyUrl, 200), MARGIN, footerY + 72, 'regular', 10, ACCENT);

  doc.end();
  return done;
}
