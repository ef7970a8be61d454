import type { RateLimiter } from './rate-limiter.js';

/**
 * Failures that are free, then a wait that doubles with each further failure (OWASP's
 * "exponential back-off" for account throttling): a person who mistypes a few times barely
 * notices, a guesser is slowed to a handful of tries an hour, and nobody is locked out for good.
 */
export interface GrowingDelayPolicy {
  /** Failures that cost nothing. */
  free: number;
  /** The wait after the first failure beyond `free`; it doubles with each further failure. */
  firstDelaySeconds: number;
  maxDelaySeconds: number;
  /** The failure count is forgotten this long after the last failure. */
  memorySeconds: number;
}

/** The wait that follows the `failures`-th failure (0 while the failures are free). */
export function delayAfter(policy: GrowingDelayPolicy, failures: number): number {
  const beyond = failures - policy.free;
  if (beyond <= 0) return 0;
  // Cap the exponent too: 2 ** 1000 is Infinity, and Infinity seconds is not a Redis TTL.
  return Math.min(policy.firstDelaySeconds * 2 ** Math.min(beyond - 1, 30), policy.maxDelaySeconds);
}

export type Admission = { admitted: true } | { admitted: false; retryAfterSeconds: number };

/**
 * One growing-delay throttle over the shared counters (Redis or PostgreSQL), for any scope
 * ("this account from unknown devices", "this account from this device").
 *
 * An attempt is counted as a failure when it is admitted, before the password is checked, and
 * `clear` forgets it when it succeeds. So parallel attempts cannot all slip in before the first
 * failure is written: beyond the free ones, only the first attempt of each waiting period gets
 * through (the period's "gate" is taken atomically), the rest are refused unchecked.
 */
export class GrowingDelayThrottle {
  constructor(
    private readonly limiter: RateLimiter,
    private readonly policy: GrowingDelayPolicy,
  ) {}

  async admit(scope: string): Promise<Admission> {
    const gateKey = `${scope}:gate`;
    const gate = await this.limiter.peek(gateKey);
    // Attempts refused while waiting are not counted: hammering does not lengthen the wait.
    if (gate.count > 0) return { admitted: false, retryAfterSeconds: Math.max(gate.retryAfterSeconds, 1) };
    const { count } = await this.limiter.hit(`${scope}:failures`, this.policy.memorySeconds, { sliding: true });
    const delay = delayAfter(this.policy, count);
    if (delay > 0) {
      const taken = await this.limiter.hit(gateKey, delay);
      if (taken.count > 1) return { admitted: false, retryAfterSeconds: Math.max(taken.retryAfterSeconds, 1) };
    }
    return { admitted: true };
  }

  /** After a success (or a password reset): the scope starts again with its free failures. */
  async clear(scope: string): Promise<void> {
    await Promise.all([this.limiter.reset(`${scope}:failures`), this.limiter.reset(`${scope}:gate`)]);
  }
}
