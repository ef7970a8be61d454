import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { DomainError } from '../../common/errors/domain-error.js';
import { ErrorCode } from '../../common/errors/error-code.js';
import { clientAddressKey } from '../../infra/rate-limit/client-address.js';
import { GrowingDelayThrottle, type GrowingDelayPolicy } from '../../infra/rate-limit/growing-delay.js';
import { RateLimiter } from '../../infra/rate-limit/rate-limiter.js';

/**
 * Every identity limit, with its numbers (docs/security.md, "Sign-in and abuse limits", explains
 * them). Counters live in Redis (or PostgreSQL), shared by every API process.
 *
 * The design follows OWASP's guidance on credential stuffing and account lockout: throttle per
 * account with growing delays; recognise browsers the account has used (the device cookie), so
 * a stranger's guessing never locks the owner out; limit an address only for what only an
 * attacker does (failing on many different accounts), never for what a training room does
 * (thirty people signing in, registering, or mistyping, behind one address).
 */
export const LIMITS = {
  /** Failed sign-ins on one account from browsers it has not signed in from. */
  signInUnknownDevice: { free: 5, firstDelaySeconds: 60, maxDelaySeconds: 15 * 60, memorySeconds: 24 * 3600 },
  /** Failed sign-ins on one account from one of its known browsers: its own, separate budget. */
  signInKnownDevice: { free: 10, firstDelaySeconds: 60, maxDelaySeconds: 15 * 60, memorySeconds: 24 * 3600 },
  /** Distinct accounts with a failed sign-in from one address: [max, window s]. Credential stuffing. */
  failedAccountsPerAddress: [100, 3600],
  registrationsPerAddress: [300, 3600],
  resetRequestsPerAddress: [50, 3600],
  verificationResendsPerAddress: [50, 3600],
  /** Mails of one kind to one address; beyond it requests still get 202 and no mail goes. */
  mailsPerRecipient: [3, 3600],
} as const satisfies Record<string, GrowingDelayPolicy | readonly [number, number]>;

/** Keys never hold an email address in clear (rate-limit stores are not for personal data). */
export const emailKey = (email: string) => createHash('sha256').update(email).digest('hex').slice(0, 32);

export function rateLimited(retryAfterSeconds: number): DomainError {
  const seconds = Math.max(Math.ceil(retryAfterSeconds), 1);
  return new DomainError(ErrorCode.RateLimited, `Too many attempts. Try again in ${Math.ceil(seconds / 60)} minute(s).`, undefined, {
    'Retry-After': String(seconds),
  });
}

/** Which throttle an attempt was admitted under; handed back with its outcome. */
export interface SignInTicket {
  email: string;
  address: string;
  /** The throttle scope that admitted it: the account's (unknown device) or the device's. */
  scope: string;
  known: boolean;
}

export type SignInRefusal = { limit: 'address' | 'account' | 'device'; error: DomainError };

@Injectable()
export class IdentityLimits {
  private readonly unknownDevice: GrowingDelayThrottle;
  private readonly knownDevice: GrowingDelayThrottle;

  constructor(private readonly limiter: RateLimiter) {
    this.unknownDevice = new GrowingDelayThrottle(limiter, LIMITS.signInUnknownDevice);
    this.knownDevice = new GrowingDelayThrottle(limiter, LIMITS.signInKnownDevice);
  }

  /** 429 with Retry-After once `key` has gone over `max` in its window (this event counted). */
  async enforce(key: string, [max, windowSeconds]: readonly [number, number]): Promise<void> {
    const state = await this.limiter.hit(key, windowSeconds);
    if (state.count > max) throw rateLimited(state.retryAfterSeconds);
  }

  /** The key for a per-address limit (IPv6 counted by /64). */
  addressKey(kind: string, ip: string): string {
    return `${kind}:address:${clientAddressKey(ip)}`;
  }

  /** Whether one more mail of `kind` may go to `email` now; counts it if so. */
  async mayMail(kind: string, email: string): Promise<boolean> {
    const [max, windowSeconds] = LIMITS.mailsPerRecipient;
    return (await this.limiter.hit(`mail:${kind}:${emailKey(email)}`, windowSeconds)).count <= max;
  }

  /**
   * Admits a sign-in attempt or refuses it before the password is checked (so a refused guess
   * learns nothing, even when it is right). Works on the email as typed, whether or not it has
   * an account: the answer for an unknown address is the same as for a real one.
   */
  async admitSignIn(email: string, ip: string, device: { userId: string; deviceHash: string } | null): Promise<SignInTicket | SignInRefusal> {
    const address = clientAddressKey(ip);
    if (!device) {
      // Known browsers are exempt: people who have signed in here before are not the attacker.
      const [max] = LIMITS.failedAccountsPerAddress;
      const stuffing = await this.limiter.peek(`signin:address:${address}:failed-accounts`);
      if (stuffing.count >= max) return { limit: 'address', error: rateLimited(stuffing.retryAfterSeconds) };
    }
    const scope = device ? `signin:device:${device.userId}:${device.deviceHash.slice(0, 32)}` : `signin:account:${emailKey(email)}`;
    const admission = await (device ? this.knownDevice : this.unknownDevice).admit(scope);
    if (!admission.admitted) return { limit: device ? 'device' : 'account', error: rateLimited(admission.retryAfterSeconds) };
    return { email, address, scope, known: Boolean(device) };
  }

  /** The attempt failed: it already counts against its scope; the address counts distinct accounts. */
  async signInFailed(ticket: SignInTicket): Promise<void> {
    const [, windowSeconds] = LIMITS.failedAccountsPerAddress;
    const first = await this.limiter.hit(`signin:address:${ticket.address}:account:${emailKey(ticket.email)}`, windowSeconds);
    if (first.count === 1) await this.limiter.hit(`signin:address:${ticket.address}:failed-accounts`, windowSeconds);
  }

  /** The right password: the account (and the device) start again with their free attempts. */
  async signInSucceeded(ticket: SignInTicket): Promise<void> {
    await Promise.all([this.clearAccount(ticket.email), ticket.known ? this.knownDevice.clear(ticket.scope) : undefined]);
  }

  /** A completed password reset lifts the account's unknown-device throttle. */
  clearAccount(email: string): Promise<void> {
    return this.unknownDevice.clear(`signin:account:${emailKey(email)}`);
  }
}
