import { applyDecorators, createParamDecorator, Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { ApiHeader, ApiPreconditionFailedResponse } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { map, type Observable } from 'rxjs';
import { DomainError } from '../errors/domain-error.js';
import { ErrorCode } from '../errors/error-code.js';
import { ErrorResponseDto } from '../errors/error-response.dto.js';

/**
 * Optimistic concurrency for editors (RFC 9110 §13.1.1): a resource that can be edited answers
 * its `revision` in the body and as a strong ETag; a PATCH with If-Match is applied only while
 * the resource is still at one of the listed revisions, else 412. Without If-Match the change is
 * merged onto the current state under a row lock (nothing is lost, the last writer wins per field).
 */

/** '*' (any current revision), or the strong tags listed. Weak tags (W/"…") never match a strong comparison, so they are dropped. */
export type IfMatch = '*' | string[];

const ENTITY_TAG = /^\s*(W\/)?"([\x21\x23-\x7e\x80-\xff]*)"\s*(?:,|$)/;

/** The If-Match header, or undefined when absent. A malformed header is a 400 naming it. */
export function parseIfMatch(header: string | string[] | undefined): IfMatch | undefined {
  if (header === undefined) return undefined;
  const value = (Array.isArray(header) ? header.join(',') : header).trim();
  if (value === '') return undefined;
  if (value === '*') return '*';
  const tags: string[] = [];
  let rest = value;
  while (rest.trim() !== '') {
    const match = ENTITY_TAG.exec(rest);
    if (!match) {
      throw DomainError.validation([{ field: 'If-Match', reasons: ['must be "*" or a list of entity tags such as "3f2a…" (the ETag you loaded)'] }]);
    }
    if (!match[1]) tags.push(match[2]!);
    rest = rest.slice(match[0].length);
  }
  return tags;
}

/** The strong ETag of a revision. */
export const etagOf = (revision: string) => `"${revision}"`;

/**
 * Throws 412 when If-Match was sent and the resource is no longer at any of its revisions. Call
 * it with the current revision read under the row lock, so the check and the write are atomic.
 */
export function checkPrecondition(ifMatch: IfMatch | undefined, currentRevision: string, what: string): void {
  if (ifMatch === undefined || ifMatch === '*') return;
  if (ifMatch.includes(currentRevision)) return;
  throw new DomainError(
    ErrorCode.PreconditionFailed,
    `This ${what} was changed by someone else after you loaded it. Reload it to see the current version, then make your change again.`,
    { currentRevision },
    { ETag: etagOf(currentRevision) },
  );
}

/** The request's If-Match, parsed (400 when malformed). */
export const IfMatchHeader = createParamDecorator((_data: unknown, ctx: ExecutionContext): IfMatch | undefined =>
  parseIfMatch(ctx.switchToHttp().getRequest<FastifyRequest>().headers['if-match']),
);

/** Sets ETag from the `revision` of the body a handler answers (GET and PATCH of editable resources). */
@Injectable()
export class RevisionEtagInterceptor implements NestInterceptor {
  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const res = ctx.switchToHttp().getResponse<FastifyReply>();
    return next.handle().pipe(
      map((body: unknown) => {
        const revision = (body as { revision?: unknown } | null)?.revision;
        if (typeof revision === 'string') res.header('ETag', etagOf(revision));
        return body;
      }),
    );
  }
}

/** OpenAPI for a route that honours If-Match: the optional header and the 412 answer. */
export const ApiIfMatch = (what: string) =>
  applyDecorators(
    ApiHeader({
      name: 'If-Match',
      required: false,
      description: `The ${what}’s revision (its ETag) as you loaded it: the change is refused with 412 if the ${what} changed meanwhile. Without it, the change is merged onto the current ${what}.`,
    }),
    ApiPreconditionFailedResponse({ type: ErrorResponseDto, description: `The ${what} changed since the revision sent in If-Match` }),
  );
