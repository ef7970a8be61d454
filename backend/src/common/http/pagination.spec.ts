import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors/domain-error.js';
import { ErrorCode } from '../errors/error-code.js';
import { decodeCursor, decodeKeyset, encodeCursor, isCursorTimestamp } from './pagination.js';

const id = '7d4c3a52-0f57-4d5c-8d0a-2b3b5c1f0e11';
const raw = (key: unknown) => Buffer.from(JSON.stringify(key)).toString('base64url');

function refusal(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(DomainError);
    expect((e as DomainError).code).toBe(ErrorCode.ValidationFailed);
    expect((e as DomainError).details).toEqual({ fields: [{ field: 'cursor', reasons: [expect.stringContaining('nextCursor')] }] });
    return e as DomainError;
  }
  throw new Error('accepted');
}

describe('isCursorTimestamp', () => {
  it.each([
    '2025-11-28T09:00:00.123Z',
    '2025-11-28T09:00:00Z',
    '2025-11-28 09:00:00.123456+00',
    '2025-11-28 09:00:00+05:30',
    '1900-02-28 23:59:59-03',
    '2024-02-29T00:00:00.000Z',
    '0001-01-01T00:00:00Z',
    '9999-12-31 23:59:59.999999+15:59:59',
  ])('accepts %s', (text) => {
    expect(isCursorTimestamp(text)).toBe(true);
  });

  it.each([
    ['year 0, which Date.parse accepts and PostgreSQL does not', '0000-01-01T00:00:00Z'],
    ['month 13, day 45, hour 99', '2020-13-45 99:99:99+00'],
    ['30 February', '2024-02-30T00:00:00Z'],
    ['29 February of a common year', '2023-02-29T00:00:00Z'],
    ['31 April', '2024-04-31T00:00:00Z'],
    ['minute 60', '2024-01-01T00:60:00Z'],
    ['an offset beyond 15 hours', '2024-01-01 00:00:00+16'],
    ['no zone', '2024-01-01T00:00:00'],
    ['seven fraction digits', '2024-01-01T00:00:00.1234567Z'],
    ['a date alone', '2024-01-01'],
    ['words', 'yesterday'],
    ['a six-digit year', '+275760-09-13T00:00:00.000Z'],
    ['trailing text', '2024-01-01T00:00:00Z; DROP TABLE users'],
  ])('refuses %s', (_label, text) => {
    expect(isCursorTimestamp(text)).toBe(false);
  });
});

describe('decodeCursor', () => {
  it('round-trips what encodeCursor wrote', () => {
    expect(decodeCursor(encodeCursor(['Ana', id]), 2)).toEqual(['Ana', id]);
    expect(decodeCursor(undefined, 2)).toBeUndefined();
  });

  it.each([
    ['not JSON', Buffer.from('nope').toString('base64url')],
    ['the wrong arity', raw(['a'])],
    ['an object', raw({ a: 1 })],
    ['a NUL in a string', raw(['a\u0000', id])],
    ['an unpaired surrogate', raw(['\udc00', id])],
  ])('refuses %s with 400 naming the cursor', (_label, cursor) => {
    refusal(() => decodeCursor(cursor, 2));
  });
});

describe('decodeKeyset', () => {
  it('returns the typed key', () => {
    expect(decodeKeyset(encodeCursor(['2025-11-28T09:00:00.123Z', id]), ['timestamp', 'uuid'])).toEqual(['2025-11-28T09:00:00.123Z', id]);
    expect(decodeKeyset(encodeCursor(['ana silva', id]), ['text', 'uuid'])).toEqual(['ana silva', id]);
    expect(decodeKeyset(undefined, ['text', 'uuid'])).toBeUndefined();
  });

  it.each([
    ['a 36-dash "uuid"', ['2025-11-28T09:00:00Z', '-'.repeat(36)], ['timestamp', 'uuid']],
    ['a uuid with a non-hex digit', ['2025-11-28T09:00:00Z', '7d4c3a52-0f57-4d5c-8d0a-2b3b5c1f0e1g'], ['timestamp', 'uuid']],
    ['year 0', ['0000-01-01T00:00:00Z', id], ['timestamp', 'uuid']],
    ['month 13', ['2020-13-45 99:99:99+00', id], ['timestamp', 'uuid']],
    ['a number for text', [5, id], ['text', 'uuid']],
    ['a NUL in the text', ['Ana\u0000', id], ['text', 'uuid']],
    ['text over 500 characters', ['a'.repeat(501), id], ['text', 'uuid']],
  ] as const)('refuses %s', (_label, key, kinds) => {
    refusal(() => decodeKeyset(raw(key), kinds));
  });
});
