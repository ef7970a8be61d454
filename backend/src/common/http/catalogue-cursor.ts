import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { DomainError } from '../errors/domain-error.js';
import { unsafeTextReason } from './text-safety.js';

/**
 * Keyset cursors. Opaque to clients (base64url JSON), but typed here: a cursor records which
 * ordering it belongs to and the last row's key in that ordering, so a page never repeats or
 * skips a row, whatever is inserted meanwhile.
 */
export type CatalogueCursor =
  /** Ordered by title, then slug (lists without a search). */
  | { sort: 'title'; title: string; slug: string }
  /** Ordered by search rank (highest first), then slug. */
  | { sort: 'rank'; rank: number; slug: string };

const VERSION = 1;
const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;

export function encodeCursor(cursor: CatalogueCursor): string {
  const key = cursor.sort === 'title' ? cursor.title : cursor.rank;
  return Buffer.from(JSON.stringify([VERSION, cursor.sort, key, cursor.slug]), 'utf8').toString('base64url');
}

/** The cursor, or null when the text is not a cursor this API issued. */
export function decodeCursor(text: string): CatalogueCursor | null {
  if (!/^[A-Za-z0-9_-]{1,500}$/.test(text)) return null;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (!Array.isArray(value) || value.length !== 4 || value[0] !== VERSION) return null;
  const [, sort, key, slug] = value as [number, unknown, unknown, unknown];
  if (typeof slug !== 'string' || !SLUG.test(slug)) return null;
  // The title is compared with a text column: it must be text PostgreSQL can hold.
  if (sort === 'title' && typeof key === 'string' && key.length <= 500 && unsafeTextReason(key) === null) return { sort, title: key, slug };
  if (sort === 'rank' && typeof key === 'number' && Number.isFinite(key)) return { sort, rank: key, slug };
  return null;
}

/** Decodes a cursor for the given ordering, or answers 400 naming the cursor field. */
export function cursorFor<S extends CatalogueCursor['sort']>(text: string | undefined, sort: S): Extract<CatalogueCursor, { sort: S }> | null {
  if (text === undefined) return null;
  const cursor = decodeCursor(text);
  if (!cursor || cursor.sort !== sort) {
    throw DomainError.validation([
      { field: 'cursor', reasons: ['cursor is not valid for this list: pass nextCursor from the previous page of the same query'] },
    ]);
  }
  return cursor as Extract<CatalogueCursor, { sort: S }>;
}

// --- the page query of the catalogue lists (publications, courses) ------------------------

/** An empty query parameter (?q=) means "no filter", as a search form sends it. */
export const emptyAsUnset = ({ value }: { value: unknown }) => (typeof value === 'string' && value.trim() === '' ? undefined : value);

/** Page size and cursor of the catalogue lists (publications, courses). */
export class PageQueryParams {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 100, default: 20, description: 'Items per page' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;

  @ApiPropertyOptional({ maxLength: 500, description: 'nextCursor from the previous page of the same query' })
  @IsOptional()
  @Transform(emptyAsUnset)
  @IsString()
  @Length(1, 500)
  cursor?: string;
}
