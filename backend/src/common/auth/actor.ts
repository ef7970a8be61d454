import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { DomainError } from '../errors/domain-error.js';
import { ErrorCode } from '../errors/error-code.js';
import type { OrgRole } from './access.js';

/** The signed-in caller, as the access guard established it. */
export interface Actor {
  userId: string;
  sessionId: string;
  isPlatformAdmin: boolean;
  /** How the access token arrived: a cookie needs CSRF protection, a Bearer header does not. */
  via: 'cookie' | 'bearer';
  /**
   * The caller's organisations and roles, read in the same query as the session check (so role
   * checks and course visibility need no query of their own). Absent: not known, ask MembershipReader.
   */
  memberships?: readonly ActorMembership[];
}

export interface ActorMembership {
  organisationId: string;
  role: OrgRole;
}

declare module 'fastify' {
  interface FastifyRequest {
    actor?: Actor;
  }
}

/** The caller on an authenticated route. */
export const CurrentActor = createParamDecorator((_data: unknown, ctx: ExecutionContext): Actor => {
  const actor = ctx.switchToHttp().getRequest<FastifyRequest>().actor;
  if (!actor) throw new DomainError(ErrorCode.Unauthenticated, 'Sign in to continue');
  return actor;
});

/** The caller on a public route, if signed in. */
export const OptionalActor = createParamDecorator(
  (_data: unknown, ctx: ExecutionContext): Actor | undefined => ctx.switchToHttp().getRequest<FastifyRequest>().actor,
);
