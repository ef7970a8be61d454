import { Injectable, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import type { FastifyRequest } from 'fastify';
import { timingSafeEqual } from 'node:crypto';
import { DomainError } from '../errors/domain-error.js';
import { ErrorCode } from '../errors/error-code.js';
import { ACCESS_RULE, assertOrgRole, type AccessRule } from './access.js';
import type { Actor } from './actor.js';
import { AUTH_COOKIES, CSRF_HEADER } from './auth-cookies.js';
import { presentedCredential } from './credentials.js';
import { MembershipReader } from './membership-reader.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * The one global guard. Authenticates with passport's JWT strategy (Bearer header or session
 * cookie), then applies the route's declared rule. Services still check what they touch; this
 * makes sure no route is reachable by someone its declaration excludes.
 */
@Injectable()
export class AccessGuard extends AuthGuard('jwt') {
  constructor(
    private readonly reflector: Reflector,
    private readonly memberships: MembershipReader,
  ) {
    super({ property: 'actor', session: false });
  }

  override async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_RULE, [ctx.getHandler(), ctx.getClass()]);
    if (!rule) throw new Error(`${ctx.getClass().name}.${ctx.getHandler().name} declares no access rule`);
    const req = ctx.switchToHttp().getRequest<FastifyRequest>();

    const credential = presentedCredential(req);
    if (credential.kind !== 'none') {
      try {
        if (credential.kind === 'malformed') {
          throw new DomainError(ErrorCode.Unauthenticated, 'The Authorization header must be "Bearer <access token>": no other scheme is accepted');
        }
        await super.canActivate(ctx);
      } catch (err) {
        // On a public route an expired or bad token just means "anonymous".
        if (rule.kind !== 'public') throw err;
        req.actor = undefined;
      }
    }
    // Decided by the credential that authenticated, never by which headers are present: only a
    // request actually authenticated by its Bearer token is exempt.
    if (req.actor?.via !== 'bearer') this.checkCsrf(req);
    if (rule.kind === 'public') return true;

    const actor = req.actor;
    if (!actor) throw new DomainError(ErrorCode.Unauthenticated, 'Sign in to continue');
    switch (rule.kind) {
      case 'authenticated':
        return true;
      case 'platform-admin':
        if (!actor.isPlatformAdmin) throw new DomainError(ErrorCode.Forbidden, 'Only platform administrators can do this');
        return true;
      case 'org-member':
        return this.checkMembership(actor, rule, req);
    }
  }

  private async checkMembership(actor: Actor, rule: Extract<AccessRule, { kind: 'org-member' }>, req: FastifyRequest) {
    const organisationId = (req.params as Record<string, string | undefined>)[rule.param];
    if (typeof organisationId !== 'string' || !UUID.test(organisationId)) throw DomainError.notFound('Organisation');
    if (actor.isPlatformAdmin) {
      // Platform admins hold every role, in organisations that exist.
      if (!(await this.memberships.organisationExists(organisationId))) throw DomainError.notFound('Organisation');
      return true;
    }
    // The session check read the caller's memberships; ask only when they are not known.
    const role = actor.memberships
      ? (actor.memberships.find((m) => m.organisationId === organisationId)?.role ?? null)
      : await this.memberships.roleOf(actor.userId, organisationId);
    // Non-members learn nothing, not even that the organisation exists.
    assertOrgRole(role, rule.minRole);
    return true;
  }

  /**
   * Double-submit CSRF check for browser requests: a state-changing request that carries our
   * session cookies (and was not authenticated by a Bearer token) must echo the CSRF cookie in
   * X-CSRF-Token. Another site can make the browser send the cookies, but cannot read one to echo it.
   */
  private checkCsrf(req: FastifyRequest): void {
    if (SAFE_METHODS.has(req.method)) return;
    const cookies = req.cookies ?? {};
    if (!cookies[AUTH_COOKIES.access] && !cookies[AUTH_COOKIES.refresh]) return;
    const expected = cookies[AUTH_COOKIES.csrf];
    const sent = req.headers[CSRF_HEADER];
    if (typeof expected !== 'string' || typeof sent !== 'string' || !sameSecret(expected, sent)) {
      throw new DomainError(ErrorCode.Forbidden, 'Missing or invalid CSRF token: send the htmse_csrf cookie value in X-CSRF-Token');
    }
  }

  /**
   * passport-jwt reports a bad, expired or revoked token as no user (401 here); `err` is only what
   * checking a good token threw (the session lookup: a database that is down or busy), which is
   * not the learner's fault and must not sign them out: it goes to the exception filter (503).
   */
  override handleRequest<T = Actor>(err: unknown, user: T | false): T {
    // eslint-disable-next-line @typescript-eslint/only-throw-error -- what the strategy threw, as is
    if (err) throw err;
    if (!user) throw new DomainError(ErrorCode.Unauthenticated, 'Your session has ended or the token is invalid. Sign in again.');
    return user;
  }
}
