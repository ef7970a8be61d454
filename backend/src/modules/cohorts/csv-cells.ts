/**
 * CSV cells for exports opened in spreadsheets. A cell starting with = + - @ (or a tab or carriage
 * return, which some spreadsheets strip before evaluating) would be run as a formula: it gets a
 * leading apostrophe (OWASP "CSV injection"). Then RFC 4180 quoting: a cell holding a comma, a
 * quote or a line break is quoted, quotes doubled.
 */
export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  let text = typeof value === 'string' ? value : String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV line (CRLF, as RFC 4180 and spreadsheets expect). */
export function csvLine(cells: (string | number | boolean | null | undefined)[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

/** The same guard for a spreadsheet cell written by exceljs: text that would be read as a formula gets an apostrophe. */
export function safeSheetText(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/**
 * exceljs, loaded on the first XLSX export rather than at boot: it and what it pulls in (archiver,
 * jszip, bluebird, …) cost every API process several MB of heap and code that only these two
 * routes use (docs/performance.md#exports-and-the-api-processs-memory).
 */
export async function loadExcel(): Promise<typeof import('exceljs')> {
  return (await import('exceljs')).default;
}
