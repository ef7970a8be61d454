/**
 * The CSV import's report: what it says at the top, the table of rejected rows (line, field,
 * reason), and the rejected rows themselves as a CSV file to correct and upload again.
 */
import type { ImportError, ImportReport } from './types';

const FIELD_LABELS: Record<string, string> = {
  email: 'Email address',
  name: 'Name',
  external_id: 'External ID',
  externalId: 'External ID',
  row: 'Whole row',
  line: 'Whole row',
  header: 'Header row',
  file: 'Whole file'
};

export function fieldLabel(field: string): string {
  if (!field) return 'Whole row';
  return FIELD_LABELS[field] ?? field;
}

/** The report's first rows for the table (by line, then field), and how many more there are. */
export const ERRORS_SHOWN = 200;

export function errorRows(errors: ImportError[], limit = ERRORS_SHOWN): { rows: (ImportError & { key: string; fieldLabel: string })[]; hidden: number } {
  const sorted = [...errors].sort((a, b) => a.line - b.line || a.field.localeCompare(b.field));
  const rows = sorted.slice(0, limit).map((e, i) => ({ ...e, key: `${e.line}:${e.field}:${i}`, fieldLabel: fieldLabel(e.field) }));
  return { rows, hidden: Math.max(0, sorted.length - limit) };
}

const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** One sentence per outcome that happened, e.g. ["12 people added.", "3 invited: …"]. */
export function reportSentences(report: Pick<ImportReport, 'imported' | 'invited' | 'alreadyMembers' | 'rejected'>): string[] {
  const out: string[] = [];
  out.push(report.imported === 0 ? 'No one new was added.' : `${count(report.imported, 'person', 'people')} added to the cohort.`);
  if (report.invited > 0) {
    out.push(
      `${count(report.invited, 'of them has', 'of them have')} no account yet: we emailed ${report.invited === 1 ? 'an invitation' : 'invitations'}, and their place starts when they sign up.`
    );
  }
  if (report.alreadyMembers > 0)
    out.push(
      `${count(report.alreadyMembers, 'row was', 'rows were')} already in the cohort and ${report.alreadyMembers === 1 ? 'was' : 'were'} left as ${report.alreadyMembers === 1 ? 'it was' : 'they were'}.`
    );
  if (report.rejected > 0) out.push(`${count(report.rejected, 'row was', 'rows were')} not imported: see why below.`);
  return out;
}

/**
 * The rejected rows of the uploaded file, with its header line, as a CSV to correct and upload
 * again. Lines are numbered from 1 and the header is line 1, as the API reports them; a byte order
 * mark is dropped. Empty lines are not "rows" and are not repeated.
 */
export function rejectedRowsCsv(csv: string, errors: ImportError[]): string {
  const lines = csv.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  const wanted = [...new Set(errors.map((e) => e.line))].filter((n) => Number.isInteger(n) && n > 1 && n <= lines.length).sort((a, b) => a - b);
  const rows = wanted.map((n) => lines[n - 1]!).filter((line) => line.trim() !== '');
  if (rows.length === 0) return '';
  return [lines[0] ?? 'email,name,external_id', ...rows].join('\r\n') + '\r\n';
}

/** A data: address for the rejected rows, so the download works without JavaScript or a second request. */
export function csvDataUrl(csv: string): string {
  return `data:text/csv;charset=utf-8,${encodeURIComponent(csv)}`;
}

/** The largest rejected-rows file put in the page itself; a bigger one is served by the API. */
export const MAX_INLINE_REJECTED = 256 * 1024;
