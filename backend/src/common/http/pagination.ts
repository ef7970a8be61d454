import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { DomainError } from '../errors/domain-error.js';
import { unsafeTextReason } from './text-safety.js';

/** Query parameters of every keyset-paginated list. */
export class PageQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor from the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  cursor?: string;
}

/** Cursors are opaque to clients: base64url JSON of the last row's sort key. */
export function encodeCursor(key: unknown[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

const badCursor = () => DomainError.validation([{ field: 'cursor', reasons: ['cursor is not valid: use nextCursor from the previous page'] }]);

/**
 * The key a cursor carries, checked only for shape: an array of `arity` elements whose strings
 * are valid text (no NUL, no unpaired surrogate). Prefer decodeKeyset, which also checks what
 * each element must be, so a tampered cursor is a 400 and never a database error.
 */
export function decodeCursor(cursor: string | undefined, arity: number): unknown[] | undefined {
  if (!cursor) return undefined;
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
  } catch {
    throw badCursor();
  }
  if (!Array.isArray(key) || key.length !== arity) throw badCursor();
  if (key.some((part) => typeof part === 'string' && unsafeTextReason(part) !== null)) throw badCursor();
  return key;
}

/** What one element of a keyset cursor must be. */
export type KeyKind = 'uuid' | 'timestamp' | 'text';

type KeyOf<K extends readonly KeyKind[]> = { -readonly [I in keyof K]: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_TEXT_KEY = 500;

/**
 * Decodes a keyset cursor and checks each element strictly against what the query will cast it
 * to: `uuid` a canonical UUID, `timestamp` a real instant PostgreSQL accepts (isCursorTimestamp),
 * `text` at most 500 characters of valid text. Anything else answers 400 naming `cursor`.
 */
export function decodeKeyset<const K extends readonly KeyKind[]>(cursor: string | undefined, kinds: K): KeyOf<K> | undefined {
  const key = decodeCursor(cursor, kinds.length);
  if (!key) return undefined;
  const ok = kinds.every((kind, i) => {
    const part = key[i];
    if (typeof part !== 'string') return false;
    if (kind === 'uuid') return UUID.test(part);
    if (kind === 'timestamp') return isCursorTimestamp(part);
    return part.length <= MAX_TEXT_KEY;
  });
  if (!ok) throw badCursor();
  return key as KeyOf<K>;
}

/** ISO instant (toISOString) or PostgreSQL's text form of a timestamptz, the two forms cursors carry. */
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.\d{1,6})?(?:Z|([+-])(\d{2})(?::?(\d{2})(?::(\d{2}))?)?)$/;

/**
 * Whether `text` is a timestamp a cursor may carry and PostgreSQL accepts: the syntax above, and
 * a real calendar date and time (year 1-9999, no 13th month, no 30 February, no hour 99) with an
 * offset within PostgreSQL's +-15:59:59. Date.parse is not enough: it accepts
 * "0000-01-01T00:00:00Z", which PostgreSQL refuses, and parses other odd forms loosely.
 */
export function isCursorTimestamp(text: string): boolean {
  const m = TIMESTAMP.exec(text);
  if (!m) return false;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return false;
  if (hour > 23 || minute > 59 || second > 59) return false;
  if (m[7]) {
    const [offsetHours, offsetMinutes, offsetSeconds] = [m[8], m[9], m[10]].map((v) => Number(v ?? 0)) as [number, number, number];
    if (offsetHours > 15 || offsetMinutes > 59 || offsetSeconds > 59) return false;
  }
  return true;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Fetch limit + 1 rows; the extra row only says whether there is a next page. */
export function toPage<T>(rows: T[], limit: number, keyOf: (row: T) => unknown[]): Page<T> {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(keyOf(last)) : null };
}
