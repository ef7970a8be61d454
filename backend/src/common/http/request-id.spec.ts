import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { requestIdFrom } from './request-id.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function request(header?: string | string[]): IncomingMessage {
  return { headers: header === undefined ? {} : { 'x-request-id': header } } as unknown as IncomingMessage;
}

describe('requestIdFrom', () => {
  it.each(['abc-12345678', '1f0c2f8e-7c1e-4b7e-9a61-0c1b8f0e8d2a', 'trace.span:0001_x', 'a'.repeat(64), '12345678'])('keeps the safe incoming id %s', (id) => {
    expect(requestIdFrom(request(id))).toBe(id);
  });

  it.each([
    ['markup', '<script>alert(1)</script>'],
    ['too short', 'abc1234'],
    ['too long', 'a'.repeat(65)],
    ['spaces', 'abc 12345678'],
    ['a newline (log injection)', 'abc-12345678\nlevel=fatal'],
    ['a trailing newline', 'abc-12345678\n'],
    ['quotes', 'abc"12345678'],
    ['non-ASCII', 'abcdéfghijk'],
    ['empty', ''],
  ])('replaces an id with %s by a new UUID', (_label, id) => {
    const result = requestIdFrom(request(id));
    expect(result).not.toBe(id);
    expect(result).toMatch(UUID);
  });

  it('makes a new UUID when there is no header, a different one each time', () => {
    const a = requestIdFrom(request());
    const b = requestIdFrom(request());
    expect(a).toMatch(UUID);
    expect(b).toMatch(UUID);
    expect(a).not.toBe(b);
  });

  it('takes the first value of a repeated header', () => {
    expect(requestIdFrom(request(['first-id-0001', 'second-id-0002']))).toBe('first-id-0001');
  });

  it('does not fall back to a later value when the first one is unsafe', () => {
    const result = requestIdFrom(request(['<bad>', 'second-id-0002']));
    expect(result).toMatch(UUID);
  });
});
