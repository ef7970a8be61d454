import { describe, expect, it } from 'vitest';
import { delayAfter, GrowingDelayThrottle, type GrowingDelayPolicy } from './growing-delay.js';
import { RateLimiter, type HitOptions, type RateLimitState } from './rate-limiter.js';

/** The counters' semantics (fixed or sliding windows) over a clock the test moves. */
class ClockLimiter extends RateLimiter {
  now = 0;
  private readonly counters = new Map<string, { count: number; expiresAt: number }>();

  private live(key: string) {
    const c = this.counters.get(key);
    return c && c.expiresAt > this.now ? c : undefined;
  }

  async hit(key: string, windowSeconds: number, options: HitOptions = {}): Promise<RateLimitState> {
    const c = this.live(key);
    const next = c
      ? { count: c.count + 1, expiresAt: options.sliding ? this.now + windowSeconds : c.expiresAt }
      : { count: 1, expiresAt: this.now + windowSeconds };
    this.counters.set(key, next);
    return { count: next.count, retryAfterSeconds: next.expiresAt - this.now };
  }

  async peek(key: string): Promise<RateLimitState> {
    const c = this.live(key);
    return c ? { count: c.count, retryAfterSeconds: c.expiresAt - this.now } : { count: 0, retryAfterSeconds: 0 };
  }

  async reset(key: string): Promise<void> {
    this.counters.delete(key);
  }
}

const POLICY: GrowingDelayPolicy = { free: 5, firstDelaySeconds: 60, maxDelaySeconds: 900, memorySeconds: 86_400 };

describe('delayAfter', () => {
  it('is free for the first failures, then 1, 2, 4, 8 minutes, capped at 15', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 1000].map((n) => delayAfter(POLICY, n))).toEqual([0, 0, 0, 0, 0, 60, 120, 240, 480, 900, 900, 900]);
  });
});

describe('GrowingDelayThrottle', () => {
  it('admits the free attempts at once, then one attempt per growing wait', async () => {
    const limiter = new ClockLimiter();
    const throttle = new GrowingDelayThrottle(limiter, POLICY);
    for (let i = 0; i < 6; i++) expect(await throttle.admit('acct')).toEqual({ admitted: true });
    // The 6th failure opened a 1-minute wait; refusals during it do not lengthen it.
    for (let i = 0; i < 20; i++) expect(await throttle.admit('acct')).toEqual({ admitted: false, retryAfterSeconds: 60 });
    limiter.now += 30;
    expect(await throttle.admit('acct')).toEqual({ admitted: false, retryAfterSeconds: 30 });
    limiter.now += 30;
    expect(await throttle.admit('acct')).toEqual({ admitted: true });
    expect(await throttle.admit('acct')).toEqual({ admitted: false, retryAfterSeconds: 120 });
    limiter.now += 120;
    expect(await throttle.admit('acct')).toEqual({ admitted: true });
    expect(await throttle.admit('acct')).toEqual({ admitted: false, retryAfterSeconds: 240 });
  });

  it('lets only one of many simultaneous attempts through once the free ones are used', async () => {
    const limiter = new ClockLimiter();
    const throttle = new GrowingDelayThrottle(limiter, POLICY);
    const results = await Promise.all(Array.from({ length: 50 }, () => throttle.admit('acct')));
    expect(results.filter((r) => r.admitted)).toHaveLength(POLICY.free + 1);
  });

  it('starts again after clear, and forgets failures a day after the last one', async () => {
    const limiter = new ClockLimiter();
    const throttle = new GrowingDelayThrottle(limiter, POLICY);
    for (let i = 0; i < 6; i++) await throttle.admit('acct');
    expect((await throttle.admit('acct')).admitted).toBe(false);
    await throttle.clear('acct');
    for (let i = 0; i < 6; i++) expect((await throttle.admit('acct')).admitted).toBe(true);

    limiter.now += 86_400;
    for (let i = 0; i < 6; i++) expect((await throttle.admit('acct')).admitted).toBe(true);
    expect((await throttle.admit('acct')).admitted).toBe(false);
  });

  it('keeps scopes apart', async () => {
    const limiter = new ClockLimiter();
    const throttle = new GrowingDelayThrottle(limiter, POLICY);
    for (let i = 0; i < 7; i++) await throttle.admit('a');
    expect((await throttle.admit('a')).admitted).toBe(false);
    expect((await throttle.admit('b')).admitted).toBe(true);
  });
});
