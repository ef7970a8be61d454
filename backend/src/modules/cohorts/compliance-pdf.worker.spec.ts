import { PDFParse } from 'pdf-parse';
import { describe, expect, it } from 'vitest';
import renderCompliancePdf, { type PdfRow } from './compliance-pdf.worker.js';

const row = (name: string, over: Partial<PdfRow> = {}): PdfRow => ({
  name,
  email: 'person@example.org',
  courseTitle: 'Understanding modern slavery',
  cohorts: 'Front desk',
  dueAt: '2026-12-31T00:00:00.000Z',
  status: 'open',
  completedAt: null,
  expiresAt: null,
  ...over,
});

async function textOf(bytes: Uint8Array): Promise<string> {
  return (await new PDFParse({ data: bytes }).getText()).text;
}

describe('the compliance report PDF', () => {
  it('prints names in Latin with diacritics, Vietnamese, Cyrillic, Greek and Chinese as they are registered', async () => {
    const names = ['Zoë Ødegård-Nguyễn', 'Жанна Петрова', 'Ayşe Yılmaz', 'Νίκος Παπαδόπουλος', '李小龙', 'Łucja Świątek'];
    const pdf = await renderCompliancePdf({
      organisationName: 'Đà Nẵng Outreach',
      generatedAt: '2026-12-02T10:00:00.000Z',
      counts: { current: 0, expiring: 0, expired: 0, overdue: 0, open: names.length },
      rows: names.map((n) => row(n)),
    });
    const text = await textOf(pdf);
    expect(text).toContain('Compliance report: Đà Nẵng Outreach');
    for (const name of names) expect(text).toContain(name);
    expect(text).not.toContain('?');
  });

  it('shows a character neither font has as "?", not as a wrong glyph, and keeps the rest of the cell', async () => {
    const pdf = await renderCompliancePdf({
      organisationName: 'Org',
      generatedAt: '2026-12-02T10:00:00.000Z',
      counts: {},
      rows: [row('Amina ሰላም')],
    });
    expect(await textOf(pdf)).toMatch(/Amina \?\?\?/);
  });

  it('says so when no one has a course assigned', async () => {
    const pdf = await renderCompliancePdf({ organisationName: 'Org', generatedAt: '2026-12-02T10:00:00.000Z', counts: {}, rows: [] });
    expect(await textOf(pdf)).toContain('has a course assigned');
  });
});
