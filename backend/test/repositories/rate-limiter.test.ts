import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PostgresRateLimiter } from '../../src/infra/rate-limit/rate-limiter.js';
import { openRepositoryDatabase, type RepositoryDatabase } from '../support/repository-db.js';

/** The PostgreSQL rate-limit counters (used when there is no Redis), shared by every API process. */
let rdb: RepositoryDatabase;
let limiter: PostgresRateLimiter;
beforeAll(async () => {
  rdb = await openRepositoryDatabase();
  limiter = new PostgresRateLimiter(rdb.db);
});
afterAll(() => rdb?.close());
beforeEach(() => rdb.reset());

const expire = (key: string) => rdb.db.query(`UPDATE rate_limit_counters SET expires_at = now() - interval '1 second' WHERE key = $1`, [key]);
const setExpiry = (key: string, seconds: number) =>
  rdb.db.query(`UPDATE rate_limit_counters SET expires_at = now() + make_interval(secs => $2) WHERE key = $1`, [key, seconds]);

describe('PostgresRateLimiter', () => {
  it('counts hits per key within the window, and peek reads without counting', async () => {
    expect(await limiter.peek('k')).toEqual({ count: 0, retryAfterSeconds: 0 });
    expect(await limiter.hit('k', 60)).toEqual({ count: 1, retryAfterSeconds: 60 });
    expect((await limiter.hit('k', 60)).count).toBe(2);
    expect((await limiter.hit('other', 60)).count).toBe(1);
    const peeked = await limiter.peek('k');
    expect(peeked.count).toBe(2);
    expect(peeked.retryAfterSeconds).toBeGreaterThan(55);
    expect((await limiter.peek('k')).count).toBe(2);
  });

  it('a fixed window keeps its end; a sliding one restarts it on each hit', async () => {
    await limiter.hit('fixed', 60);
    await setExpiry('fixed', 10);
    expect(await limiter.hit('fixed', 60)).toMatchObject({ count: 2 });
    expect((await limiter.peek('fixed')).retryAfterSeconds).toBeLessThanOrEqual(10);
    await limiter.hit('sliding', 60, { sliding: true });
    await setExpiry('sliding', 10);
    const state = await limiter.hit('sliding', 60, { sliding: true });
    expect(state.count).toBe(2);
    expect(state.retryAfterSeconds).toBeGreaterThan(55);
  });

  it('after the window the count starts again at 1, and peek sees nothing', async () => {
    await limiter.hit('k', 60);
    await limiter.hit('k', 60);
    await expire('k');
    expect(await limiter.peek('k')).toEqual({ count: 0, retryAfterSeconds: 0 });
    expect(await limiter.hit('k', 60)).toMatchObject({ count: 1 });
  });

  it('reset forgets one key only', async () => {
    await limiter.hit('a', 60);
    await limiter.hit('b', 60);
    await limiter.reset('a');
    expect((await limiter.peek('a')).count).toBe(0);
    expect((await limiter.peek('b')).count).toBe(1);
  });

  it('concurrent hits on one key are all counted (no lost update)', async () => {
    const states = await Promise.all(Array.from({ length: 10 }, () => limiter.hit('busy', 60)));
    expect(states.map((s) => s.count).sort((x, y) => x - y)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect((await limiter.peek('busy')).count).toBe(10);
  });
});
