import { Inject, Injectable, type ExecutionContext } from '@nestjs/common';
import { AuthGuard, PassportStrategy } from '@nestjs/passport';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import type { Request } from 'express';
import { Strategy as JwtBase } from 'passport-jwt';
import { Strategy as LocalBase } from 'passport-local';
import type { Actor } from '../../common/auth/actor.js';
import { AUTH_COOKIES } from '../../common/auth/auth-cookies.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { ErrorCode } from '../../common/errors/error-code.js';
import { toFieldErrors } from '../../common/errors/validation.js';
import { requestMetaOf } from '../../common/http/request-meta.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { AuthService, JWT_ISSUER, type AccessTokenClaims } from './auth.service.js';
import { LoginDto } from './identity.dto.js';
import type { User } from './identity.entities.js';

interface AuthedRequest extends Request {
  authVia?: Actor['via'];
  loginUser?: User;
}

/** Bearer header first (API clients), then the httpOnly session cookie (browsers). */
function accessTokenFrom(req: AuthedRequest): string | null {
  const header = req.headers.authorization;
  if (header?.startsWith('Bearer ')) {
    req.authVia = 'bearer';
    return header.slice(7).trim() || null;
  }
  const cookie = req.cookies?.[AUTH_COOKIES.access] as string | undefined;
  if (cookie) {
    req.authVia = 'cookie';
    return cookie;
  }
  return null;
}

/** Verifies the access token, then asks the database whether its session is still live. */
@Injectable()
export class JwtStrategy extends PassportStrategy(JwtBase, 'jwt') {
  constructor(@Inject(APP_CONFIG) config: AppConfig, private readonly auth: AuthService) {
    super({
      jwtFromRequest: accessTokenFrom,
      secretOrKey: config.auth.jwtSecret,
      algorithms: ['HS256'],
      issuer: JWT_ISSUER,
      audience: JWT_ISSUER,
      passReqToCallback: true,
    });
  }

  async validate(req: AuthedRequest, claims: AccessTokenClaims): Promise<Actor | false> {
    if (typeof claims.sub !== 'string' || typeof claims.sid !== 'string') return false;
    return (await this.auth.actorFor(claims, req.authVia ?? 'bearer')) ?? false;
  }
}

/** Email and password, checked with rate limits by AuthService. */
@Injectable()
export class LocalStrategy extends PassportStrategy(LocalBase, 'local') {
  constructor(private readonly auth: AuthService) {
    super({ usernameField: 'email', passwordField: 'password', passReqToCallback: true });
  }

  validate(req: Request, email: string, password: string): Promise<User> {
    return this.auth.validateCredentials(email, password, requestMetaOf(req));
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
    if (err) throw err;
    if (!user) throw new DomainError(ErrorCode.Unauthenticated, 'Email or password is incorrect');
    return user;
  }
}

export type { AuthedRequest };
