import type { IncomingMessage, ServerResponse } from 'node:http';
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

/** JSON in another utf-* charset (body-parser allows only those) is decoded first, so its bytes are not misread. */
function decode(body: Buffer, encoding: string): string {
  try {
    return new TextDecoder(encoding).decode(body);
  } catch {
    // Shaped like body-parser's own error, so it is answered 415 like every unsupported charset.
    throw Object.assign(new Error(`unsupported charset "${encoding}"`), { status: 415, expose: true, type: 'charset.unsupported' });
  }
}

export function tooDeepError(max: number): DomainError {
  return new DomainError(
    ErrorCode.BadRequest,
    `The request body is nested too deeply: at most ${max} levels of objects and arrays are allowed`,
    { maxDepth: max },
  );
}

export function tooManyValuesError(max: number): DomainError {
  return new DomainError(ErrorCode.BadRequest, `The request body holds too many values: at most ${max} array items and object members are allowed`, {
    maxValues: max,
  });
}

/**
 * body-parser's `verify` hook for JSON: runs on the raw body before JSON.parse, so a deep body
 * costs one scan and never reaches the parser, class-transformer or the validator. body-parser
 * passes what it throws to the error handler (it sets a status on it; the filter answers a
 * DomainError by its code: 400).
 */
export function jsonDepthVerifier(max = MAX_JSON_DEPTH, maxValues = MAX_JSON_VALUES) {
  return (_req: IncomingMessage, _res: ServerResponse, body: Buffer, encoding: string | null): void => {
    const utf8 = encoding && !/^utf-?8$/i.test(encoding) ? Buffer.from(decode(body, encoding), 'utf8') : body;
    const problem = jsonShapeProblem(utf8, max, maxValues);
    if (problem === 'depth') throw tooDeepError(max);
    if (problem === 'values') throw tooManyValuesError(maxValues);
  };
}
