import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

/**
 * Fastify's `trustProxy` with TRUST_PROXY: the immediate peer (the web app's proxy) is the one
 * hop trusted, so req.ip is the last address in its X-Forwarded-For, as Express's `trust proxy 1`
 * took it. (Fastify 5 reads a plain hop count as "trust nothing", hence a function.)
 */
export const trustOneProxyHop = (_address: string, hop: number): boolean => hop === 0;

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

export const Meta = createParamDecorator((_data: unknown, ctx: ExecutionContext): RequestMeta =>
  requestMetaOf(ctx.switchToHttp().getRequest<FastifyRequest>()),
);
