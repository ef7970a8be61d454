import type { FastifyRequest } from 'fastify';
import { DomainError } from '../errors/domain-error.js';
import { ErrorCode } from '../errors/error-code.js';

/**
 * The deepest nesting of objects and arrays a JSON body may have. The deepest request the API
 * defines is a few levels; 32 is also body-parser's default depth for extended urlencoded
 * bodies. Without a limit, a body of 781 KiB nested 400,000 deep kept the event loop busy for
 * seconds, and 5,000 deep overflowed the stack in class-transformer (a 500 on every JSON route).
 */
export const MAX_JSON_DEPTH = 32;

/**
 * The most values (array elements and object members, counted from commas and brackets) a JSON
 * body may hold. The largest request the API defines has a few hundred; 20,000 unknown keys cost
 * the validator and the 400 that lists them all seconds of event loop, 100,000 array items more.
 */
export const MAX_JSON_VALUES = 5_000;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;

export type JsonShapeProblem = 'depth' | 'values';

/**
 * Whether JSON text nests objects and arrays deeper than `maxDepth`, or holds more than
 * `maxValues` values. One linear pass that only tracks strings (where brackets and commas do not
 * count), so it is cheap on any input, valid or not; malformed JSON is left for JSON.parse to
 * report. `utf8` is the body's bytes: in UTF-8 every byte of a multi-byte character is >= 0x80,
 * so none is mistaken for a bracket, a comma or a quote.
 */
export function jsonShapeProblem(utf8: Uint8Array, maxDepth: number, maxValues = Number.POSITIVE_INFINITY): JsonShapeProblem | null {
  let depth = 0;
  // Each container holds one value more than its commas (an empty one is counted as one too).
  let values = 0;
  let inString = false;
  for (let i = 0; i < utf8.length; i++) {
    const c = utf8[i]!;
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) {
      inString = true;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (++depth > maxDepth) return 'depth';
      if (++values > maxValues) return 'values';
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      depth--;
    } else if (c === COMMA) {
      if (++values > maxValues) return 'values';
    }
  }
  return null;
}

/** Whether JSON text nests objects and arrays deeper than `max`. */
export function exceedsJsonDepth(utf8: Uint8Array, max: number): boolean {
  return jsonShapeProblem(utf8, max) === 'depth';
}

/** The charset parameter of a Content-Type header, lower-cased; UTF-8 when there is none. */
function charsetOf(contentType: string | undefined): string {
  const match = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType ?? '');
  return match ? match[1]!.toLowerCase() : 'utf-8';
}

/** Shaped like body-parser's errors (status, expose, type), which the exception filter answers by type. */
function parserError(message: string, status: number, type: string): Error {
  return Object.assign(new Error(message), { status, statusCode: status, expose: true, type });
}

/** JSON in another utf-* charset (as body-parser, only those are accepted) is decoded first, so its bytes are not misread. */
function decode(body: Buffer, charset: string): string {
  if (!charset.startsWith('utf-')) throw parserError(`unsupported charset "${charset.toUpperCase()}"`, 415, 'charset.unsupported');
  try {
    return new TextDecoder(charset).decode(body);
  } catch {
    throw parserError(`unsupported charset "${charset.toUpperCase()}"`, 415, 'charset.unsupported');
  }
}

export function tooDeepError(max: number): DomainError {
  return new DomainError(ErrorCode.BadRequest, `The request body is nested too deeply: at most ${max} levels of objects and arrays are allowed`, {
    maxDepth: max,
  });
}

export function tooManyValuesError(max: number): DomainError {
  return new DomainError(ErrorCode.BadRequest, `The request body holds too many values: at most ${max} array items and object members are allowed`, {
    maxValues: max,
  });
}

/** JSON's whitespace is space, tab, line feed and carriage return (RFC 8259). */
const FIRST_NON_SPACE = /^[ \t\n\r]*(.)/s;

/**
 * A JSON request body, parsed as body-parser's JSON parser did under Express: the depth and
 * value-count scan runs on the raw bytes first, so a deep body costs one scan and never reaches
 * JSON.parse, class-transformer or the validator; an empty body is `{}`; only an object or an
 * array is accepted at the top (strict); a parse failure is a 400 "not valid JSON".
 */
export function parseJsonBody(body: Buffer, contentType: string | undefined, max = MAX_JSON_DEPTH, maxValues = MAX_JSON_VALUES): unknown {
  const charset = charsetOf(contentType);
  const isUtf8 = charset === 'utf-8' || charset === 'utf8';
  const text = isUtf8 ? undefined : decode(body, charset);
  if ((text ?? body).length === 0) return {};
  const problem = jsonShapeProblem(text === undefined ? body : Buffer.from(text, 'utf8'), max, maxValues);
  if (problem === 'depth') throw tooDeepError(max);
  if (problem === 'values') throw tooManyValuesError(maxValues);
  const source = text ?? body.toString('utf8');
  const first = FIRST_NON_SPACE.exec(source)?.[1];
  if (first !== '{' && first !== '[') throw parserError('Unexpected token in JSON', 400, 'entity.parse.failed');
  try {
    return JSON.parse(source) as unknown;
  } catch {
    throw parserError('Unexpected token in JSON', 400, 'entity.parse.failed');
  }
}

/**
 * The API's parser for application/json (Fastify content type parser, through Nest's
 * `useBodyParser`): what it throws goes to Nest's exception layer, so the answer has the error
 * shape (a DomainError by its code: 400; body-parser-shaped errors by their status and type).
 */
export function jsonBodyParser(max = MAX_JSON_DEPTH, maxValues = MAX_JSON_VALUES) {
  return (req: FastifyRequest, body: Buffer, done: (err: Error | null, parsed?: unknown) => void): void => {
    let parsed: unknown;
    try {
      parsed = parseJsonBody(body, req.headers['content-type'], max, maxValues);
    } catch (err) {
      done(err as Error);
      return;
    }
    done(null, parsed);
  };
}
