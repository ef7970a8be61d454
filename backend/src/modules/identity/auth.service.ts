import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { createSecretKey, randomUUID, type KeyObject } from 'node:crypto';
import type { Actor } from '../../common/auth/actor.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { ErrorCode } from '../../common/errors/error-code.js';
import type { RequestMeta } from '../../common/http/request-meta.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { MailService } from '../../infra/mail/mail.service.js';
import { JobQueue } from '../../infra/queue/job-queue.js';
import { AuditService } from '../audit/index.js';
import type { User } from './identity.entities.js';
import { identityMails } from './identity.mails.js';
import { IdentityLimits, LIMITS } from './identity.limits.js';
import { IdentityRepository } from './identity.repository.js';
import { hashPassword, passwordHashing, passwordProblems, verifyPassword } from './passwords.js';
import { hashToken, newToken, normaliseEmail } from './tokens.js';
import { IdentityErrors } from './identity.errors.js';

export const JWT_ISSUER = 'htmse-academy';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The HS256 key as a KeyObject, made once. jsonwebtoken, given the secret as a string, first
 * tries to parse it as a PEM public key on every verify (about 0.5 ms); with a secret KeyObject
 * it goes straight to the HMAC (about 13 us). The bytes are the same (UTF-8), so tokens signed
 * with the string stay valid.
 */
export function jwtKey(secret: string): KeyObject {
  return createSecretKey(Buffer.from(secret, 'utf8'));
}
export interface AccessTokenClaims {
  sub: string;
  sid: string;
}

const ACCEPTED = 'If the address can receive mail, a message is on its way.';

/** The htmse_device cookie: 256 random bits, URL-safe. Stored only as its SHA-256. */
const DEVICE_TOKEN = /^[A-Za-z0-9_-]{43}$/;
export const deviceHashOf = (token: string | undefined): string | null => (token && DEVICE_TOKEN.test(token) ? hashToken(token) : null);

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
    private readonly limits: IdentityLimits,
    private readonly queue: JobQueue,
    private readonly mail: MailService,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  // ── registration and verification ────────────────────────────────────────────
  /**
   * Always the same answer, and the same work (an argon2 hash, one row written, one job queued),
   * so neither the response nor its timing tells whether the email is registered.
   */
  async register(input: { email: string; displayName: string; password: string }, meta: RequestMeta): Promise<string> {
    const problems = passwordProblems(input.password);
    if (problems.length) throw DomainError.validation([{ field: 'password', reasons: problems }]);
    await this.limits.enforce(this.limits.addressKey('register', meta.ip), LIMITS.registrationsPerAddress);
    const email = normaliseEmail(input.email);
    const passwordHash = await hashPassword(input.password);
    const { id, created } = await this.repository.insertUserOrTouch({ email, displayName: input.displayName.trim(), passwordHash });
    await this.queue.enqueue('identity.registration', { userId: id, created, meta }, { jobId: `identity.registration-${randomUUID()}` });
    return ACCEPTED;
  }

  async resendVerification(emailInput: string, meta: RequestMeta): Promise<string> {
    await this.limits.enforce(this.limits.addressKey('verify-resend', meta.ip), LIMITS.verificationResendsPerAddress);
    const email = normaliseEmail(emailInput);
    await this.queue.enqueue('identity.verification-requested', { email }, { jobId: `identity.verification-requested-${randomUUID()}` });
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
   * The local strategy's check, under the sign-in limits (identity.limits.ts): an account being
   * guessed at from unknown browsers is slowed with growing delays; its known browsers (the
   * device cookie) have their own budget; an address is refused only when it fails on many
   * different accounts. A refused attempt is refused before the password is checked.
   */
  async validateCredentials(emailInput: string, password: string, meta: RequestMeta, deviceToken?: string): Promise<User> {
    const email = normaliseEmail(emailInput);
    const deviceHash = deviceHashOf(deviceToken);
    const { user, knownDevice } = await this.repository.findUserForSignIn(email, deviceHash);
    // A sign-in refused because hashing is saturated (503) is not an attempt: asked before the
    // throttle counts one, so a crowd signing in at once costs nobody their free attempts.
    passwordHashing.refuseIfFull();
    const ticket = await this.limits.admitSignIn(email, meta.ip, user && knownDevice && deviceHash ? { userId: user.id, deviceHash } : null);
    if ('error' in ticket) {
      await this.audit.record({ action: 'auth.login_rate_limited', metadata: { email, limit: ticket.limit } }, meta);
      throw ticket.error;
    }
    const ok = await verifyPassword(user?.passwordHash ?? null, password);
    if (!user || !ok) {
      await this.limits.signInFailed(ticket);
      await this.audit.record({ action: 'auth.login_failed', actorUserId: user?.id ?? null, metadata: { email } }, meta);
      throw new DomainError(ErrorCode.Unauthenticated, 'Email or password is incorrect');
    }
    await this.limits.signInSucceeded(ticket);
    // Only after the right password: saying "not verified" then reveals nothing to a stranger.
    if (!user.emailVerifiedAt) {
      throw new DomainError(IdentityErrors.EmailNotVerified, 'Confirm your email address first: use the link we sent you, or ask for a new one.', {
        reason: 'email_not_verified',
      });
    }
    return user;
  }

  /**
   * A session for the user, and the device cookie's value for this browser: the one it sent, if
   * well-formed (a shared computer keeps one cookie for everyone who signs in on it), else a new one.
   */
  async login(user: User, meta: RequestMeta, deviceToken?: string): Promise<IssuedTokens & { deviceToken: string }> {
    const refreshExpiresAt = new Date(Date.now() + this.config.auth.refreshTtlDays * 86_400_000);
    const session = await this.repository.createSession({ userId: user.id, expiresAt: refreshExpiresAt, userAgent: meta.userAgent, ip: meta.ip });
    const tokens = await this.issue(user.id, session.id, refreshExpiresAt);
    const device = deviceHashOf(deviceToken) ? deviceToken! : newToken();
    await this.repository.rememberDevice(user.id, hashToken(device));
    await this.audit.record({ action: 'auth.login_succeeded', actorUserId: user.id, targetType: 'session', targetId: session.id }, meta);
    return { ...tokens, deviceToken: device };
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
    const live = await this.repository.findLiveActor(session.id, session.userId);
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
    // The claims are signed by us, but a malformed id must not reach PostgreSQL's uuid cast.
    if (!UUID.test(claims.sid) || !UUID.test(claims.sub)) return null;
    const live = await this.repository.findLiveActor(claims.sid, claims.sub);
    if (!live) return null;
    return { ...live, via };
  }

  // ── passwords ────────────────────────────────────────────────────────────────
  /** The same 202 and the same work whatever the address; the job decides whether to mail. */
  async forgotPassword(emailInput: string, meta: RequestMeta, deviceToken?: string): Promise<string> {
    await this.limits.enforce(this.limits.addressKey('reset', meta.ip), LIMITS.resetRequestsPerAddress);
    const email = normaliseEmail(emailInput);
    await this.queue.enqueue(
      'identity.password-reset-requested',
      { email, deviceHash: deviceHashOf(deviceToken) },
      { jobId: `identity.password-reset-requested-${randomUUID()}` },
    );
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
    // The owner proved the inbox: whatever guessing slowed the account is over.
    const user = await this.repository.findUserById(userId);
    if (user) await this.limits.clearAccount(user.email);
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
    await this.audit.record(
      { action: 'account.password_changed', actorUserId: user.id, targetType: 'user', targetId: user.id, metadata: { otherSessionsRevoked: revoked } },
      meta,
    );
  }
}
