import { Inject, Injectable, type ExecutionContext } from '@nestjs/common';
import { AuthGuard, PassportStrategy } from '@nestjs/passport';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import type { FastifyRequest } from 'fastify';
import { Strategy as JwtBase } from 'passport-jwt';
import { Strategy as LocalBase } from 'passport-local';
import type { Actor } from '../../common/auth/actor.js';
import { AUTH_COOKIES } from '../../common/auth/auth-cookies.js';
import { presentedCredential } from '../../common/auth/credentials.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { ErrorCode } from '../../common/errors/error-code.js';
import { toFieldErrors } from '../../common/errors/validation.js';
import { requestMetaOf } from '../../common/http/request-meta.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { AuthService, JWT_ISSUER, jwtKey, type AccessTokenClaims } from './auth.service.js';
import { LoginDto } from './identity.dto.js';
import type { User } from './identity.entities.js';

interface AuthedRequest extends FastifyRequest {
  authVia?: Actor['via'];
  loginUser?: User;
}

/**
 * The Bearer header (API clients) or, only when there is no Authorization header at all, the
 * httpOnly session cookie (browsers): exactly one credential (common/auth/credentials.ts).
 */
function accessTokenFrom(req: AuthedRequest): string | null {
  const credential = presentedCredential(req);
  if (credential.kind !== 'bearer' && credential.kind !== 'cookie') return null;
  req.authVia = credential.kind;
  return credential.token;
}

/** Verifies the access token, then asks the database whether its session is still live. */
@Injectable()
export class JwtStrategy extends PassportStrategy(JwtBase, 'jwt') {
  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly auth: AuthService,
  ) {
    super({
      jwtFromRequest: accessTokenFrom,
      // A KeyObject (see jwtKey); passport-jwt hands it to jsonwebtoken as is, its types say string | Buffer.
      secretOrKey: jwtKey(config.auth.jwtSecret) as unknown as Buffer,
      algorithms: ['HS256'],
      issuer: JWT_ISSUER,
      audience: JWT_ISSUER,
      passReqToCallback: true,
    });
  }

  async validate(req: AuthedRequest, claims: AccessTokenClaims): Promise<Actor | false> {
    if (typeof claims.sub !== 'string' || typeof claims.sid !== 'string') return false;
    if (!req.authVia) return false;
    return (await this.auth.actorFor(claims, req.authVia)) ?? false;
  }
}

/** Email and password, checked with rate limits by AuthService. */
@Injectable()
export class LocalStrategy extends PassportStrategy(LocalBase, 'local') {
  constructor(private readonly auth: AuthService) {
    super({ usernameField: 'email', passwordField: 'password', passReqToCallback: true });
  }

  validate(req: FastifyRequest, email: string, password: string): Promise<User> {
    return this.auth.validateCredentials(email, password, requestMetaOf(req), req.cookies?.[AUTH_COOKIES.device] as string | undefined);
  }
}

/**
 * Guards run before pipes, so the login body is validated here first: a missing field gets the
 * same 400 field list as everywhere else, not passport's bare "Missing credentials".
 */
@Injectable()
export class LoginGuard extends AuthGuard('local') {
  constructor() {
    super({ property: 'loginUser', session: false });
  }

  override async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const req = ctx.switchToHttp().getRequest<AuthedRequest>();
    const dto = plainToInstance(LoginDto, req.body ?? {});
    const errors = await validate(dto, { whitelist: true, forbidNonWhitelisted: true });
    if (errors.length) throw DomainError.validation(toFieldErrors(errors));
    req.body = dto;
    return (await super.canActivate(ctx)) as boolean;
  }

  override handleRequest<T = User>(err: unknown, user: T | false): T {
    // eslint-disable-next-line @typescript-eslint/only-throw-error -- what the strategy threw (a DomainError or an Error), as is
    if (err) throw err;
    if (!user) throw new DomainError(ErrorCode.Unauthenticated, 'Email or password is incorrect');
    return user;
  }
}

export type { AuthedRequest };
