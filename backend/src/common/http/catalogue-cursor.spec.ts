import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors/domain-error.js';
import { ErrorCode } from '../errors/error-code.js';
import { cursorFor, decodeCursor, encodeCursor, type CatalogueCursor } from './catalogue-cursor.js';

describe('encodeCursor / decodeCursor', () => {
  it.each<CatalogueCursor>([
    { sort: 'title', title: 'Ending Forced Labour by 2030: A Review of Policies and Programmes', slug: 'ending-forced-labour-by-2030' },
    { sort: 'title', title: 'Déjà vu – “quotes” & <tags>', slug: 'a' },
    { sort: 'rank', rank: 0.0607927, slug: 'behaviour-change-communications-campaigns' },
    { sort: 'rank', rank: 0, slug: 'x-1' },
  ])('round-trips %j', (cursor) => {
    const text = encodeCursor(cursor);
    expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(text)).toEqual(cursor);
  });

  it('keeps a float rank exactly, so keyset comparisons in SQL see the same value', () => {
    const rank = Math.fround(0.1) as number;
    const decoded = decodeCursor(encodeCursor({ sort: 'rank', rank, slug: 's' }));
    expect(decoded).toEqual({ sort: 'rank', rank, slug: 's' });
  });

  it.each([
    ['empty', ''],
    ['not base64url', 'abc$%^'],
    ['not JSON', Buffer.from('not json').toString('base64url')],
    ['a JSON object', Buffer.from('{"sort":"title"}').toString('base64url')],
    ['another version', Buffer.from(JSON.stringify([2, 'title', 'T', 's'])).toString('base64url')],
    ['an unknown sort', Buffer.from(JSON.stringify([1, 'date', 'T', 's'])).toString('base64url')],
    ['a rank that is text', Buffer.from(JSON.stringify([1, 'rank', '0.5', 's'])).toString('base64url')],
    ['a title that is a number', Buffer.from(JSON.stringify([1, 'title', 5, 's'])).toString('base64url')],
    ['a slug with SQL in it', Buffer.from(JSON.stringify([1, 'title', 'T', "x' OR 1=1 --"])).toString('base64url')],
    ['too long', 'a'.repeat(501)],
    ['a title with a NUL byte', Buffer.from(JSON.stringify([1, 'title', 'A\u0000B', 's'])).toString('base64url')],
    ['a title with an unpaired surrogate', Buffer.from(JSON.stringify([1, 'title', 'A\ud800', 's'])).toString('base64url')],
  ])('refuses %s', (_label, text) => {
    expect(decodeCursor(text)).toBeNull();
  });
});

describe('cursorFor', () => {
  it('answers null when there is no cursor (first page)', () => {
    expect(cursorFor(undefined, 'title')).toBeNull();
  });

  it('answers the cursor of the expected ordering', () => {
    const text = encodeCursor({ sort: 'rank', rank: 0.5, slug: 's' });
    expect(cursorFor(text, 'rank')).toEqual({ sort: 'rank', rank: 0.5, slug: 's' });
  });

  it.each([
    ['a cursor of another ordering', encodeCursor({ sort: 'title', title: 'T', slug: 's' })],
    ['garbage', 'garbage!'],
  ])('answers 400 VALIDATION_FAILED naming the cursor for %s', (_label, text) => {
    const error: unknown = (() => {
      try {
        cursorFor(text, 'rank');
        return null;
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe(ErrorCode.ValidationFailed);
    expect((error as DomainError).details).toEqual({ fields: [{ field: 'cursor', reasons: [expect.stringContaining('cursor is not valid')] }] });
  });
});
