import { PDFParse } from 'pdf-parse';
import { describe, expect, it } from 'vitest';
import { certificateFonts, detailItems, renderCertificatePdf, type CertificateContent } from './certificate-pdf.js';

const content: CertificateContent = {
  code: 'HTM-7K3M-Q9XZ-2B4T',
  holderName: 'Zoë Ødegård-Nguyễn 李',
  courseTitle: 'Identifying and responding to human trafficking: foundations for frontline staff',
  courseVersion: 3,
  completedAt: new Date('2026-11-30T10:00:00Z'),
  expiresAt: new Date('2028-11-30T10:00:00Z'),
  learningMinutes: 185,
  score: 87.5,
  issuerName: 'HTMSE Academy',
  verifyUrl: 'https://academy.example.org/verify/HTM-7K3M-Q9XZ-2B4T',
};

async function textOf(pdf: Buffer): Promise<{ text: string; pages: number }> {
  const parser = new PDFParse({ data: new Uint8Array(pdf) });
  try {
    const r = await parser.getText();
    return { text: r.text, pages: r.total };
  } finally {
    await parser.destroy();
  }
}

describe('certificate PDF', () => {
  it('holds name (mixed scripts), course, version, dates, hours, score, issuer, number and address on one page', async () => {
    const pdf = await renderCertificatePdf(content);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const { text, pages } = await textOf(pdf);
    expect(pages).toBe(1);
    for (const s of [
      'Zoë Ødegård-Nguyễn 李',
      'Identifying and responding to human trafficking',
      'Version 3',
      'Completed on 30 November 2026',
      'Learning time 3 hours',
      'Final score 87%',
      'Valid until 30 November 2028',
      'Issued by HTMSE Academy',
      'HTM-7K3M-Q9XZ-2B4T',
      'https://academy.example.org/verify/HTM-7K3M-Q9XZ-2B4T',
    ]) {
      expect(text).toContain(s);
    }
  });

  it('leaves out what a course does not show, and keeps overlong input on one page', async () => {
    expect(detailItems({ ...content, score: null, expiresAt: null })).toEqual(['Completed on 30 November 2026', 'Learning time 3 hours']);
    const pdf = await renderCertificatePdf({ ...content, holderName: 'Ω'.repeat(5000), courseTitle: 'word '.repeat(2000), issuerName: 'I'.repeat(999) });
    const { text, pages } = await textOf(pdf);
    expect(pages).toBe(1);
    expect(text).toContain('…');
  });

  it('renders the same page again from the shared word layouts and widths, and another name beside it', async () => {
    const first = await textOf(await renderCertificatePdf(content));
    const other = await textOf(await renderCertificatePdf({ ...content, holderName: 'Jon Smith', code: 'HTM-0000-1111-2222' }));
    const again = await textOf(await renderCertificatePdf(content));
    expect(again.text).toBe(first.text);
    expect(other.text).toContain('Jon Smith');
    expect(other.text).toContain('HTM-0000-1111-2222');
    expect(other.text).not.toContain('Zoë');
  });

  it('parses the fonts once per process', () => {
    expect(certificateFonts()).toBe(certificateFonts());
    expect(certificateFonts().regular.cjk.hasGlyphForCodePoint('李'.codePointAt(0)!)).toBe(true);
    expect(certificateFonts().regular.primary.hasGlyphForCodePoint('ễ'.codePointAt(0)!)).toBe(true);
    expect(certificateFonts().regular.primary.hasGlyphForCodePoint('Ж'.codePointAt(0)!)).toBe(true);
  });
});
