import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors/domain-error.js';
import { ErrorCode } from '../errors/error-code.js';
import { exceedsJsonDepth, jsonBodyParser, jsonShapeProblem, MAX_JSON_DEPTH, MAX_JSON_VALUES, parseJsonBody } from './body-depth.js';

const nested = (depth: number, open = '[', close = ']') => open.repeat(depth) + close.repeat(depth);
const verify = (text: string, charset: string | null = 'utf-8', body = Buffer.from(text)) =>
  parseJsonBody(body, charset ? `application/json; charset=${charset}` : 'application/json', 3);

const exceeds = (text: string, max: number) => exceedsJsonDepth(Buffer.from(text), max);

describe('exceedsJsonDepth', () => {
  it('counts objects and arrays alike', () => {
    expect(exceeds('{"a":{"b":[1]}}', 3)).toBe(false);
    expect(exceeds('{"a":{"b":[[1]]}}', 3)).toBe(true);
    expect(exceeds(nested(32), 32)).toBe(false);
    expect(exceeds(nested(33), 32)).toBe(true);
  });

  it('measures depth, not the number of siblings', () => {
    expect(exceeds(`[${'[1],'.repeat(10_000)}[1]]`, 2)).toBe(false);
  });

  it('ignores brackets inside strings, escaped quotes included', () => {
    expect(exceeds(`{"a":"${'[{'.repeat(100)}"}`, 1)).toBe(false);
    expect(exceeds(`{"a":"\\"[[[[\\\\"}`, 1)).toBe(false);
    expect(exceeds(`{"a":"\\\\",${'['.repeat(5)}`, 3)).toBe(true);
  });

  it('is not confused by multi-byte UTF-8 characters', () => {
    const text = `{"título":"「[[[」 🙂","x":${nested(4)}}`;
    expect(exceeds(text, 5)).toBe(false);
    expect(exceeds(text, 4)).toBe(true);
  });

  it('scans a 1 MB body in milliseconds, and stops at the first level too deep', () => {
    const deep = Buffer.from(`{"a":${nested(400_000)}}`);
    const wide = Buffer.from(`[${'"x",'.repeat(250_000)}1]`);
    const started = performance.now();
    expect(exceedsJsonDepth(deep, MAX_JSON_DEPTH)).toBe(true);
    expect(exceedsJsonDepth(wide, MAX_JSON_DEPTH)).toBe(false);
    expect(performance.now() - started).toBeLessThan(100);
  });
});

describe('jsonShapeProblem', () => {
  const problem = (text: string, maxValues: number) => jsonShapeProblem(Buffer.from(text), MAX_JSON_DEPTH, maxValues);

  it('counts values by their separators, in arrays and objects alike, wherever they nest', () => {
    expect(problem('[1,2,3]', 3)).toBeNull();
    expect(problem('[1,2,3,4]', 3)).toBe('values');
    expect(problem('{"a":1,"b":{"c":2,"d":3}}', 3)).toBe('values');
    expect(problem('{"a":1,"b":{"c":2}}', 3)).toBeNull();
  });

  it('ignores commas inside strings', () => {
    expect(problem(`{"a":"${','.repeat(1_000)}"}`, 2)).toBeNull();
  });

  it('refuses the 20,000 unknown keys and the 100,000-item array the fuzz tier sent, and keeps real bodies', () => {
    const keys = `{${Array.from({ length: 20_000 }, (_, i) => `"k${i}":${i}`).join(',')}}`;
    const items = `{"sources":[${Array.from({ length: 100_000 }, (_, i) => i).join(',')}]}`;
    expect(jsonShapeProblem(Buffer.from(keys), MAX_JSON_DEPTH, MAX_JSON_VALUES)).toBe('values');
    expect(jsonShapeProblem(Buffer.from(items), MAX_JSON_DEPTH, MAX_JSON_VALUES)).toBe('values');
    const lesson = {
      title: 'Context',
      objectives: ['a', 'b', 'c'],
      sources: [{ publication: 'x', passage: 'y, z' }],
      bodyMarkdown: 'Text, with, commas. '.repeat(5_000),
    };
    expect(jsonShapeProblem(Buffer.from(JSON.stringify(lesson)), MAX_JSON_DEPTH, MAX_JSON_VALUES)).toBeNull();
  });
});

describe('parseJsonBody', () => {
  it('refuses too many values with a 400 DomainError that says the limit', () => {
    expect(() => parseJsonBody(Buffer.from('[1,2,3]'), 'application/json', 3, 2)).toThrow(
      expect.objectContaining({ code: ErrorCode.BadRequest, details: { maxValues: 2 } }),
    );
  });

  it('accepts a body within the limit, and parses it', () => {
    expect(verify('{"a":[{"b":1}]}')).toEqual({ a: [{ b: 1 }] });
    expect(verify('{"a":[{"b":1}]}', null)).toEqual({ a: [{ b: 1 }] });
  });

  it('parses as body-parser did: an empty body is {}, only an object or array at the top, bad JSON is 400', () => {
    expect(verify('')).toEqual({});
    expect(verify(' \n [1]')).toEqual([1]);
    for (const text of ['"text"', '1', 'null', '{"a": ', '{]']) {
      expect(() => verify(text), text).toThrow(expect.objectContaining({ status: 400, type: 'entity.parse.failed', expose: true }));
    }
  });

  it('refuses a deeper one with a 400 DomainError that says the limit', () => {
    let error: unknown;
    try {
      verify('{"a":[{"b":[1]}]}');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe(ErrorCode.BadRequest);
    expect((error as DomainError).message).toMatch(/nested too deeply: at most 3 levels/);
    expect((error as DomainError).details).toEqual({ maxDepth: 3 });
  });

  it('decodes UTF-16 before scanning, so its bytes are not misread as brackets', () => {
    // U+5B5B is the bytes 5B 5B ("[[") in UTF-16LE; inside a string it nests nothing.
    const text = '{"a":"\u5b5b\u5b5b\u5b5b"}';
    expect(() => verify(text, 'utf-16le', Buffer.from(text, 'utf16le'))).not.toThrow();
    expect(() => verify(nested(4), 'utf-16le', Buffer.from(nested(4), 'utf16le'))).toThrow(DomainError);
  });

  it('answers a charset it cannot decode like body-parser does: 415', () => {
    expect(() => verify('{}', 'utf-7')).toThrow(expect.objectContaining({ status: 415, type: 'charset.unsupported', expose: true }));
    expect(() => verify('{}', 'latin1')).toThrow(expect.objectContaining({ status: 415, type: 'charset.unsupported', expose: true }));
  });

  it('hands its result or its error to the content type parser callback', () => {
    const seen: unknown[] = [];
    const req = (contentType: string) => ({ headers: { 'content-type': contentType } }) as never;
    jsonBodyParser()(req('application/json'), Buffer.from('{"a":1}'), (err, parsed) => seen.push(err, parsed));
    jsonBodyParser(1)(req('application/json'), Buffer.from('[[1]]'), (err, parsed) => seen.push(err, parsed));
    expect(seen[0]).toBeNull();
    expect(seen[1]).toEqual({ a: 1 });
    expect(seen[2]).toBeInstanceOf(DomainError);
    expect(seen[3]).toBeUndefined();
  });
});
