import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

/** Where a request came from, for audit events and rate limits. */
export interface RequestMeta {
  ip: string;
  userAgent: string | null;
  requestId: string | null;
}

export function requestMetaOf(req: FastifyRequest): RequestMeta {
  return {
    // With TRUST_PROXY, Fastify takes the client address from the web app's X-Forwarded-For.
    ip: req.ip || req.socket?.remoteAddress || 'unknown',
    userAgent: typeof req.headers['user-agent'] === 'string' ? req.headers['user-agent'].slice(0, 400) : null,
    requestId: req.id ? String(req.id) : null,
  };
}

export const Meta = createParamDecorator((_data: unknown, ctx: ExecutionContext): RequestMeta => requestMetaOf(ctx.switchToHttp().getRequest<FastifyRequest>()));
