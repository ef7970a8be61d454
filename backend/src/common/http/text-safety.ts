import type { ArgumentMetadata, PipeTransform } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, type FieldError } from '../errors/domain-error.js';

/**
 * Text that no part of the API can store or check: U+0000 (PostgreSQL text and jsonb refuse it)
 * and unpaired UTF-16 surrogates (not Unicode text at all; validator's URI-based checks throw
 * on them, and they cannot be encoded as UTF-8). JSON can carry both ("\u0000", "\ud800"),
 * query strings and form bodies the first. Refused at the edge with 400 naming the field, so no
 * guard, service or query ever sees them.
 */
export function unsafeTextReason(text: string): string | null {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0) return 'must not contain the NUL character (U+0000)';
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = i + 1 < text.length ? text.charCodeAt(i + 1) : 0;
      if (next < 0xdc00 || next > 0xdfff) return 'must be valid Unicode text (it contains an unpaired surrogate)';
      i++;
    } else if (c >= 0xdc00 && c <= 0xdfff) {
      return 'must be valid Unicode text (it contains an unpaired surrogate)';
    }
  }
  return null;
}

/**
 * The first string in `value` (keys included) that `unsafeTextReason` refuses, as a field error
 * with a dotted path (items.0.name) like the validation pipe's. Iterative, so any depth is safe.
 * `container` (body, query, param) names the problem when there is no field path to name.
 */
export function findUnsafeText(value: unknown, root = '', container = 'body'): FieldError | null {
  const stack: [unknown, string][] = [[value, root]];
  while (stack.length > 0) {
    const [current, path] = stack.pop()!;
    if (typeof current === 'string') {
      const reason = unsafeTextReason(current);
      if (reason) return { field: path || container, reasons: [`${path || container} ${reason}`] };
    } else if (current !== null && typeof current === 'object') {
      const entries = Array.isArray(current) ? current.map((v, i) => [String(i), v] as const) : Object.entries(current);
      for (const [key, child] of entries) {
        const childPath = path ? `${path}.${key}` : key;
        if (unsafeTextReason(key)) {
          // The bad name itself is not echoed: the field that holds it is named instead.
          const holder = path || container;
          return { field: holder, reasons: [`${holder} has a field name that is not valid text (NUL or an unpaired surrogate)`] };
        }
        stack.push([child, childPath]);
      }
    }
  }
  return null;
}

function refuse(field: FieldError): DomainError {
  return DomainError.validation([field]);
}

/**
 * Fastify preValidation hook, after the body parsers: checks the parsed body and the query
 * before any guard runs (the sign-in guard validates its own body, and guards run before pipes).
 */
export function refuseUnsafeText(req: FastifyRequest, _reply: FastifyReply, done: (err?: Error) => void): void {
  const problem = findUnsafeText(req.body, '', 'body') ?? findUnsafeText(req.query, '', 'query');
  if (problem) done(refuse(problem));
  else done();
}

/**
 * The same check as a global pipe, for what the middleware cannot see: route parameters (named
 * only once the route matched) and bodies parsed inside a route (multipart form fields).
 */
export class UnsafeTextPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type === 'custom') return value;
    const problem = findUnsafeText(value, metadata.data ?? '', metadata.type);
    if (problem) throw refuse(problem);
    return value;
  }
}
