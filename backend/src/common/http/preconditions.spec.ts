import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../errors/error-code.js';
import { checkPrecondition, etagOf, parseIfMatch } from './preconditions.js';

const failure = (fn: () => unknown) => {
  try {
    fn();
    return null;
  } catch (e) {
    return e as { code: ErrorCode; details?: unknown; headers?: Record<string, string> };
  }
};

describe('parseIfMatch', () => {
  it('reads nothing, *, one tag and lists of tags; weak tags never match a strong comparison', () => {
    expect(parseIfMatch(undefined)).toBeUndefined();
    expect(parseIfMatch('  ')).toBeUndefined();
    expect(parseIfMatch('*')).toBe('*');
    expect(parseIfMatch('"abc"')).toEqual(['abc']);
    expect(parseIfMatch(' "a" , W/"b", "c"')).toEqual(['a', 'c']);
    expect(parseIfMatch(['"a"', '"b"'])).toEqual(['a', 'b']);
    expect(parseIfMatch('W/"weak"')).toEqual([]);
    expect(parseIfMatch('""')).toEqual(['']);
  });

  it.each(['abc', '"abc', '"a" "b"', '"a",,', '*, "a"', '"a b"', 'W/abc'])('refuses %s with 400 naming If-Match', (header) => {
    expect(failure(() => parseIfMatch(header))).toMatchObject({ code: ErrorCode.ValidationFailed, details: { fields: [{ field: 'If-Match' }] } });
  });
});

describe('checkPrecondition', () => {
  it('passes without If-Match, with *, and when a listed tag is the current revision', () => {
    expect(failure(() => checkPrecondition(undefined, 'r2', 'course'))).toBeNull();
    expect(failure(() => checkPrecondition('*', 'r2', 'course'))).toBeNull();
    expect(failure(() => checkPrecondition(['r1', 'r2'], 'r2', 'course'))).toBeNull();
  });

  it('answers 412 with the current revision as ETag when the resource has moved on', () => {
    expect(failure(() => checkPrecondition(['r1'], 'r2', 'course'))).toMatchObject({
      code: ErrorCode.PreconditionFailed,
      details: { currentRevision: 'r2' },
      headers: { ETag: etagOf('r2') },
    });
    expect(failure(() => checkPrecondition([], 'r2', 'lesson'))?.code).toBe(ErrorCode.PreconditionFailed);
  });
});
