import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { parse, type Info } from 'csv-parse';
import { isEmail } from 'class-validator';

/** The largest import accepted: 2 MB of CSV (the route's body limit) and 20,000 rows. */
export const IMPORT_MAX_BYTES = 2 * 1024 * 1024;
export const IMPORT_MAX_ROWS = 20_000;
export const NAME_MAX = 200;
export const EXTERNAL_ID_MAX = 100;
export const EMAIL_MAX = 254;
/** Characters fed to the parser before it yields to the event loop, so other requests interleave. */
const CHUNK_CHARS = 64 * 1024;

/** A row that passed every check: email lower-case and trimmed, name and external id trimmed (null when empty). */
export interface ImportRow {
  line: number;
  email: string;
  name: string | null;
  externalId: string | null;
}

/** Why a row (or the file) is refused: the line in the file (1 is the header), the column, the reason. */
export interface ImportError {
  line: number;
  field: string;
  reason: string;
}

export interface ParsedImport {
  rows: ImportRow[];
  errors: ImportError[];
  /** The refused rows as they were in the file (cells), by line, for the rejected-rows download. */
  rejected: Map<number, string[]>;
  /** Data rows read (empty lines not counted). */
  total: number;
  /** The header row as it was. */
  header: string[];
}

/** The file cannot be read as a whole (no email column, broken quoting, too many rows): nothing is imported. */
export class ImportFileError extends Error {
  constructor(
    readonly kind: 'malformed' | 'too-many-rows',
    readonly errors: ImportError[],
  ) {
    super(errors.map((e) => `line ${e.line}: ${e.reason}`).join('; '));
  }
}

const COLUMNS = { email: 'email', name: 'name', external_id: 'external_id', externalid: 'external_id', 'external id': 'external_id' } as const;
const CONTROL = /\p{Cc}/u;

/**
 * Reads an import CSV (header row `email,name,external_id`, any order, header case-insensitive;
 * only email required) and checks every row before anything is written: email present, an
 * address, at most 254 characters, not twice in the file (the later line is refused, naming the
 * first); name at most 200 and external_id at most 100 characters, no control characters; no
 * extra cells. A BOM and empty lines are ignored; line endings may be LF or CRLF. The text is fed
 * to csv-parse in 64 KB chunks with a yield to the event loop between them, so a 2 MB file never
 * holds the loop for long (10,000 rows: see docs/cohorts.md for the time).
 */
export async function parseImport(text: string): Promise<ParsedImport> {
  const parser = parse({ bom: true, skip_empty_lines: true, relax_column_count: true, trim: false, info: true });
  const records: { record: string[]; info: Info }[] = [];
  let failure: Error | null = null;
  parser.on('readable', () => {
    let item: { record: string[]; info: Info } | null;
    while ((item = parser.read() as { record: string[]; info: Info } | null) !== null) records.push(item);
  });
  parser.on('error', (err) => (failure = err));
  const done = new Promise<void>((resolve) => parser.on('end', resolve).on('error', () => resolve()));

  let tooMany = false;
  for (let offset = 0; offset < text.length && !failure; offset += CHUNK_CHARS) {
    parser.write(text.slice(offset, offset + CHUNK_CHARS));
    // One header row plus the cap: a file longer than that is refused without reading on.
    if (records.length > IMPORT_MAX_ROWS + 1) {
      tooMany = true;
      break;
    }
    await yieldToEventLoop();
  }
  if (tooMany) {
    parser.destroy();
    throw new ImportFileError('too-many-rows', [{ line: 0, field: 'file', reason: `the file has more than ${IMPORT_MAX_ROWS} rows: split it` }]);
  }
  if (!failure) parser.end();
  await done;
  if (failure) {
    const err = failure as Error & { lines?: number };
    throw new ImportFileError('malformed', [{ line: err.lines ?? 0, field: 'file', reason: `the file is not valid CSV: ${err.message}` }]);
  }
  if (records.length - 1 > IMPORT_MAX_ROWS) {
    throw new ImportFileError('too-many-rows', [{ line: 0, field: 'file', reason: `the file has more than ${IMPORT_MAX_ROWS} rows: split it` }]);
  }

  const header = records.shift();
  if (!header)
    throw new ImportFileError('malformed', [{ line: 1, field: 'file', reason: 'the file is empty: the first row must be the header email,name,external_id' }]);
  const columns = header.record.map((cell) => COLUMNS[cell.trim().toLowerCase() as keyof typeof COLUMNS] ?? null);
  const headerErrors: ImportError[] = [];
  header.record.forEach((cell, i) => {
    if (columns[i] === null)
      headerErrors.push({ line: header.info.lines, field: cell.trim() || `column ${i + 1}`, reason: 'unknown column: use email, name, external_id' });
  });
  for (const name of ['email', 'name', 'external_id'] as const) {
    if (columns.filter((c) => c === name).length > 1) headerErrors.push({ line: header.info.lines, field: name, reason: `the column ${name} is there twice` });
  }
  if (!columns.includes('email')) headerErrors.push({ line: header.info.lines, field: 'email', reason: 'the header has no email column' });
  if (headerErrors.length) throw new ImportFileError('malformed', headerErrors);

  const at = (name: 'email' | 'name' | 'external_id') => columns.indexOf(name);
  const [emailAt, nameAt, externalAt] = [at('email'), at('name'), at('external_id')];
  const rows: ImportRow[] = [];
  const errors: ImportError[] = [];
  const rejected = new Map<number, string[]>();
  const firstLineOf = new Map<string, number>();

  for (const { record, info } of records) {
    const line = info.lines;
    const rowErrors: ImportError[] = [];
    const cell = (i: number) => (i >= 0 ? (record[i] ?? '').trim() : '');
    if (record.length > columns.length) rowErrors.push({ line, field: 'row', reason: `the row has ${record.length} cells; the header has ${columns.length}` });

    const email = cell(emailAt).toLowerCase();
    if (!email) rowErrors.push({ line, field: 'email', reason: 'email is missing' });
    else if (email.length > EMAIL_MAX) rowErrors.push({ line, field: 'email', reason: `email is longer than ${EMAIL_MAX} characters` });
    else if (!isEmail(email)) rowErrors.push({ line, field: 'email', reason: 'email is not an email address' });
    else if (firstLineOf.has(email)) rowErrors.push({ line, field: 'email', reason: `email is already on line ${firstLineOf.get(email)}` });

    const name = cell(nameAt);
    if (name.length > NAME_MAX) rowErrors.push({ line, field: 'name', reason: `name is longer than ${NAME_MAX} characters` });
    else if (CONTROL.test(name)) rowErrors.push({ line, field: 'name', reason: 'name must not contain control characters (line breaks, tabs)' });

    const externalId = cell(externalAt);
    if (externalId.length > EXTERNAL_ID_MAX) rowErrors.push({ line, field: 'external_id', reason: `external_id is longer than ${EXTERNAL_ID_MAX} characters` });
    else if (CONTROL.test(externalId)) rowErrors.push({ line, field: 'external_id', reason: 'external_id must not contain control characters' });

    if (rowErrors.length) {
      errors.push(...rowErrors);
      rejected.set(line, record);
      continue;
    }
    firstLineOf.set(email, line);
    rows.push({ line, email, name: name || null, externalId: externalId || null });
  }
  return { rows, errors, rejected, total: records.length, header: header.record };
}
