import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';

export interface HitOptions {
  /**
   * Each hit restarts the window, so the count is forgotten `windowSeconds` after the *last* event
   * rather than the first (for failure counts that must not reset while an attack goes on).
   */
  sliding?: boolean;
}

export interface RateLimitState {
  count: number;
  /** Seconds until the window resets (0 when there is no window). */
  retryAfterSeconds: number;
}

/**
 * Fixed-window counters that every API process shares: in Redis when there is one, otherwise in
 * PostgreSQL. Never in one process's memory, or each replica would allow its own five attempts.
 */
export abstract class RateLimiter {
  /** Counts one event against `key` and returns the new count. */
  abstract hit(key: string, windowSeconds: number, options?: HitOptions): Promise<RateLimitState>;
  /** The current count, without adding to it. */
  abstract peek(key: string): Promise<RateLimitState>;
  abstract reset(key: string): Promise<void>;
}

@Injectable()
export class RedisRateLimiter extends RateLimiter implements OnApplicationShutdown {
  private readonly redis: Redis;

  constructor(
    redisUrl: string,
    private readonly prefix: string,
  ) {
    super();
    this.redis = new Redis(redisUrl, { maxRetriesPerRequest: 2, connectionName: 'htmse-rate-limit' });
    this.redis.on('error', () => undefined); // reconnects on its own; callers see command errors
  }

  private k(key: string) {
    return `${this.prefix}:rl:${key}`;
  }

  async hit(key: string, windowSeconds: number, options: HitOptions = {}): Promise<RateLimitState> {
    const k = this.k(key);
    const tx = this.redis.multi().incr(k);
    (options.sliding ? tx.expire(k, windowSeconds) : tx.expire(k, windowSeconds, 'NX')).ttl(k);
    const results = await tx.exec();
    const count = Number(results?.[0]?.[1] ?? 0);
    const ttl = Number(results?.[2]?.[1] ?? windowSeconds);
    return { count, retryAfterSeconds: Math.max(ttl, 0) };
  }

  async peek(key: string): Promise<RateLimitState> {
    const [count, ttl] = await Promise.all([this.redis.get(this.k(key)), this.redis.ttl(this.k(key))]);
    return { count: Number(count ?? 0), retryAfterSeconds: Math.max(ttl, 0) };
  }

  async reset(key: string): Promise<void> {
    await this.redis.del(this.k(key));
  }

  onApplicationShutdown(): void {
    this.redis.disconnect();
  }
}

@Injectable()
export class PostgresRateLimiter extends RateLimiter {
  constructor(private readonly dataSource: DataSource) {
    super();
  }

  async hit(key: string, windowSeconds: number, options: HitOptions = {}): Promise<RateLimitState> {
    const rows: { count: number; retry: number }[] = await this.dataSource.query(
      `INSERT INTO rate_limit_counters AS c (key, count, expires_at)
       VALUES ($1, 1, now() + make_interval(secs => $2))
       ON CONFLICT (key) DO UPDATE SET
         count = CASE WHEN c.expires_at <= now() THEN 1 ELSE c.count + 1 END,
         expires_at = CASE WHEN c.expires_at <= now() OR $3::boolean THEN now() + make_interval(secs => $2) ELSE c.expires_at END
       RETURNING count, ceil(extract(epoch FROM expires_at - now()))::int AS retry`,
      [key, windowSeconds, options.sliding ?? false],
    );
    // Expired rows are dead weight; sweeping now and then keeps the table small.
    if (Math.random() < 0.01) await this.dataSource.query(`DELETE FROM rate_limit_counters WHERE expires_at < now()`);
    const row = rows[0]!;
    return { count: row.count, retryAfterSeconds: Math.max(row.retry, 0) };
  }

  async peek(key: string): Promise<RateLimitState> {
    const rows: { count: number; retry: number }[] = await this.dataSource.query(
      `SELECT count, ceil(extract(epoch FROM expires_at - now()))::int AS retry FROM rate_limit_counters WHERE key = $1 AND expires_at > now()`,
      [key],
    );
    return rows[0] ? { count: rows[0].count, retryAfterSeconds: Math.max(rows[0].retry, 0) } : { count: 0, retryAfterSeconds: 0 };
  }

  async reset(key: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM rate_limit_counters WHERE key = $1`, [key]);
  }
}
