import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import type { Actor } from '../../common/auth/actor.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { ErrorCode } from '../../common/errors/error-code.js';
import type { RequestMeta } from '../../common/http/request-meta.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { MailService } from '../../infra/mail/mail.service.js';
import { RateLimiter } from '../../infra/rate-limit/rate-limiter.js';
import { AuditService } from '../audit/audit.service.js';
import type { User } from './identity.entities.js';
import { identityMails } from './identity.mails.js';
import { IdentityRepository } from './identity.repository.js';
import { hashPassword, passwordProblems, verifyPassword } from './passwords.js';
import { hashToken, newToken, normaliseEmail } from './tokens.js';

export const JWT_ISSUER = 'htmse-academy';
export interface AccessTokenClaims {
  sub: string;
  sid: string;
}

/** Limits: [max events, window seconds]. Counters live in Redis (or PostgreSQL), shared by every replica. */
export const LIMITS = {
  failedLoginsPerAccount: [5, 15 * 60],
  failedLoginsPerIp: [5, 15 * 60],
  registrationsPerIp: [10, 60 * 60],
  resetRequestsPerIp: [5, 15 * 60],
  resetRequestsPerEmail: [3, 60 * 60],
  verificationResendsPerIp: [5, 15 * 60],
} as const satisfies Record<string, readonly [number, number]>;

const VERIFY_TTL_MS = 24 * 3600_000;
const RESET_TTL_MS = 3600_000;
const ACCEPTED = 'If the address can receive mail, a message is on its way.';

export interface IssuedTokens {
  accessToken: string;
  expiresIn: number;
  refreshToken: string;
  refreshExpiresAt: Date;
}

@Injectable()
export class AuthService {
  constructor(
    private readonly repository: IdentityRepository,
    private readonly jwt: JwtService,
    private readonly limiter: RateLimiter,
    private readonly mail: MailService,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** 429 with Retry-After once `key` has reached its limit. */
  private async enforce(key: string, [max, windowSeconds]: readonly [number, number], count = true): Promise<void> {
    const state = count ? await this.limiter.hit(key, windowSeconds) : await this.limiter.peek(key);
    const over = count ? state.count > max : state.count >= max;
    if (over) {
      throw new DomainError(ErrorCode.RateLimited, `Too many attempts. Try again in ${Math.ceil(state.retryAfterSeconds / 60)} minute(s).`, undefined, {
        'Retry-After': String(Math.max(state.retryAfterSeconds, 1)),
      });
    }
  }

  private link(path: string, token: string) {
    return `${this.config.http.publicOrigin}${path}?token=${encodeURIComponent(token)}`;
  }

  // ── registration and verification ────────────────────────────────────────────
  /** Always the same answer, so the response never tells whether the email is registered. */
  async register(input: { email: string; displayName: string; password: string }, meta: RequestMeta): Promise<string> {
    const problems = passwordProblems(input.password);
    if (problems.length) throw DomainError.validation([{ field: 'password', reasons: problems }]);
    await this.enforce(`register:ip:${meta.ip}`, LIMITS.registrationsPerIp);

    const email = normaliseEmail(input.email);
    const existing = await this.repository.findUserByEmail(email);
    if (existing) {
      await this.mail.send(identityMails.alreadyRegistered(email, existing.displayName, this.config.http.publicOrigin));
      return ACCEPTED;
    }
    const passwordHash = await hashPassword(input.password);
    let user: User;
    try {
      user = await this.repository.createUser({ email, displayName: input.displayName.trim(), passwordHash });
    } catch (err) {
      // Two registrations racing for one address: the loser gets the same neutral answer.
      if ((err as { code?: string }).code === '23505') return ACCEPTED;
      throw err;
    }
    await this.sendVerification(user);
    await this.audit.record({ action: 'account.registered', actorUserId: user.id, targetType: 'user', targetId: user.id }, meta);
    return ACCEPTED;
  }

  private async sendVerification(user: User): Promise<void> {
    const token = newToken();
    await this.repository.addEmailToken(user.id, 'verify_email', hashToken(token), new Date(Date.now() + VERIFY_TTL_MS));
    await this.mail.send(identityMails.verifyEmail(user.email, user.displayName, this.link('/verify-email', token)));
  }

  async resendVerification(emailInput: string, meta: RequestMeta): Promise<string> {
    await this.enforce(`verify-resend:ip:${meta.ip}`, LIMITS.verificationResendsPerIp);
    const user = await this.repository.findUserByEmail(normaliseEmail(emailInput));
    if (user && !user.emailVerifiedAt) await this.sendVerification(user);
    return ACCEPTED;
  }

  async verifyEmail(token: string, meta: RequestMeta): Promise<void> {
    const userId = await this.repository.consumeEmailToken(hashToken(token), 'verify_email');
    if (!userId) throw DomainError.validation([{ field: 'token', reasons: ['token is invalid, already used or expired: ask for a new link'] }]);
    await this.repository.updateUser(userId, { emailVerifiedAt: new Date() });
    await this.audit.record({ action: 'account.email_verified', actorUserId: userId, targetType: 'user', targetId: userId }, meta);
  }

  // ── signing in ───────────────────────────────────────────────────────────────
  /**
   * The local strategy's check. Failed attempts count per account and per IP; at the limit the
   * answer is 429 whatever the password, so guessing stops even for a correct guess.
   */
  async validateCredentials(emailInput: string, password: string, meta: RequestMeta): Promise<User> {
    const email = normaliseEmail(emailInput);
    const accountKey = `login-failed:account:${email}`;
    const ipKey = `login-failed:ip:${meta.ip}`;
    try {
      await this.enforce(accountKey, LIMITS.failedLoginsPerAccount, false);
      await this.enforce(ipKey, LIMITS.failedLoginsPerIp, false);
    } catch (err) {
      await this.audit.record({ action: 'auth.login_rate_limited', metadata: { email } }, meta);
      throw err;
    }
    const user = await this.repository.findUserByEmail(email);
    const ok = await verifyPassword(user?.passwordHash ?? null, password);
    if (!user || !ok) {
      await Promise.all([this.limiter.hit(accountKey, LIMITS.failedLoginsPerAccount[1]), this.limiter.hit(ipKey, LIMITS.failedLoginsPerIp[1])]);
      await this.audit.record({ action: 'auth.login_failed', actorUserId: user?.id ?? null, metadata: { email } }, meta);
      throw new DomainError(ErrorCode.Unauthenticated, 'Email or password is incorrect');
    }
    // Only after the right password: saying "not verified" then reveals nothing to a stranger.
    if (!user.emailVerifiedAt) {
      throw new DomainError(ErrorCode.Forbidden, 'Confirm your email address first: use the link we sent you, or ask for a new one.', {
        reason: 'email_not_verified',
      });
    }
    await this.limiter.reset(accountKey);
    return user;
  }

  async login(user: User, meta: RequestMeta): Promise<IssuedTokens> {
    const refreshExpiresAt = new Date(Date.now() + this.config.auth.refreshTtlDays * 86_400_000);
    const session = await this.repository.createSession({ userId: user.id, expiresAt: refreshExpiresAt, userAgent: meta.userAgent, ip: meta.ip });
    const tokens = await this.issue(user.id, session.id, refreshExpiresAt);
    await this.audit.record({ action: 'auth.login_succeeded', actorUserId: user.id, targetType: 'session', targetId: session.id }, meta);
    return tokens;
  }

  private async issue(userId: string, sessionId: string, refreshExpiresAt: Date): Promise<IssuedTokens> {
    const refreshToken = newToken();
    await this.repository.addRefreshToken(sessionId, hashToken(refreshToken), refreshExpiresAt);
    const claims: AccessTokenClaims = { sub: userId, sid: sessionId };
    const accessToken = await this.jwt.signAsync(claims, { expiresIn: this.config.auth.accessTtlSeconds });
    return { accessToken, expiresIn: this.config.auth.accessTtlSeconds, refreshToken, refreshExpiresAt };
  }

  /**
   * Rotation: each refresh token works once and is replaced. A token presented a second time
   * has been copied by someone, so the whole session (every token of that sign-in) is revoked.
   */
  async refresh(refreshToken: string | undefined, meta: RequestMeta): Promise<IssuedTokens> {
    const invalid = () => new DomainError(ErrorCode.Unauthenticated, 'Your session has ended. Sign in again.');
    if (!refreshToken) throw invalid();
    const stored = await this.repository.findRefreshToken(hashToken(refreshToken));
    if (!stored?.session) throw invalid();
    const { session } = stored;
    const reuse = async () => {
      await this.repository.revokeSession(session.id, 'refresh_token_reuse');
      await this.audit.record({ action: 'auth.refresh_token_reused', actorUserId: session.userId, targetType: 'session', targetId: session.id }, meta);
      return invalid();
    };
    if (stored.usedAt) throw await reuse();
    if (session.revokedAt || stored.expiresAt <= new Date() || session.expiresAt <= new Date()) throw invalid();
    if (!(await this.repository.claimRefreshToken(stored.id))) throw await reuse();
    const live = await this.repository.findLiveSession(session.id, session.userId);
    if (!live) throw invalid();
    await this.repository.touchSession(session.id);
    return this.issue(session.userId, session.id, session.expiresAt);
  }

  /** Ends the session named by the access token or, failing that, by the refresh token. */
  async logout(actor: Actor | undefined, refreshToken: string | undefined, meta: RequestMeta): Promise<void> {
    let sessionId = actor?.sessionId;
    let userId = actor?.userId;
    if (!sessionId && refreshToken) {
      const stored = await this.repository.findRefreshToken(hashToken(refreshToken));
      sessionId = stored?.sessionId;
      userId = stored?.session?.userId;
    }
    if (!sessionId) return;
    await this.repository.revokeSession(sessionId, 'logout');
    await this.audit.record({ action: 'auth.logout', actorUserId: userId ?? null, targetType: 'session', targetId: sessionId }, meta);
  }

  /** For the JWT strategy: the actor, if the session is still live. Checked on every request. */
  async actorFor(claims: AccessTokenClaims, via: Actor['via']): Promise<Actor | null> {
    const live = await this.repository.findLiveSession(claims.sid, claims.sub);
    if (!live) return null;
    return { userId: live.user.id, sessionId: live.session.id, isPlatformAdmin: live.user.isPlatformAdmin, via };
  }

  // ── passwords ────────────────────────────────────────────────────────────────
  async forgotPassword(emailInput: string, meta: RequestMeta): Promise<string> {
    const email = normaliseEmail(emailInput);
    await this.enforce(`reset:ip:${meta.ip}`, LIMITS.resetRequestsPerIp);
    await this.enforce(`reset:email:${email}`, LIMITS.resetRequestsPerEmail);
    const user = await this.repository.findUserByEmail(email);
    if (user) {
      const token = newToken();
      await this.repository.addEmailToken(user.id, 'reset_password', hashToken(token), new Date(Date.now() + RESET_TTL_MS));
      await this.mail.send(identityMails.resetPassword(user.email, user.displayName, this.link('/reset-password', token)));
    }
    return ACCEPTED;
  }

  async resetPassword(token: string, password: string, meta: RequestMeta): Promise<void> {
    const problems = passwordProblems(password);
    if (problems.length) throw DomainError.validation([{ field: 'password', reasons: problems }]);
    const userId = await this.repository.consumeEmailToken(hashToken(token), 'reset_password');
    if (!userId) throw DomainError.validation([{ field: 'token', reasons: ['token is invalid, already used or expired: ask for a new link'] }]);
    // The link proved the inbox, so the address counts as verified too.
    await this.repository.updateUser(userId, { passwordHash: await hashPassword(password), emailVerifiedAt: new Date() });
    await this.repository.revokeSessionsOf(userId, 'password_reset');
    await this.audit.record({ action: 'account.password_reset', actorUserId: userId, targetType: 'user', targetId: userId }, meta);
  }

  /** Keeps the current session; every other sign-in of the account ends. */
  async changePassword(actor: Actor, currentPassword: string, newPassword: string, meta: RequestMeta): Promise<void> {
    const user = await this.repository.findUserById(actor.userId);
    if (!user) throw new DomainError(ErrorCode.Unauthenticated, 'Your account no longer exists');
    if (!(await verifyPassword(user.passwordHash, currentPassword))) {
      throw DomainError.validation([{ field: 'currentPassword', reasons: ['currentPassword is incorrect'] }]);
    }
    const problems = passwordProblems(newPassword);
    if (problems.length) throw DomainError.validation([{ field: 'newPassword', reasons: problems.map((p) => p.replace(/^password/, 'newPassword')) }]);
    await this.repository.updateUser(user.id, { passwordHash: await hashPassword(newPassword) });
    const revoked = await this.repository.revokeSessionsOf(user.id, 'password_changed', actor.sessionId);
    await this.mail.send(identityMails.passwordChanged(user.email, user.displayName, this.config.http.publicOrigin));
    await this.audit.record({ action: 'account.password_changed', actorUserId: user.id, targetType: 'user', targetId: user.id, metadata: { otherSessionsRevoked: revoked } }, meta);
  }
}
