import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Fixed-window counters for the PostgreSQL rate-limit driver (used when there is no Redis). */
@Entity({ name: 'rate_limit_counters' })
@Index('idx_rate_limit_counters_expires_at', ['expiresAt'])
export class RateLimitCounter {
  @PrimaryColumn({ type: 'text' })
  key!: string;

  @Column({ type: 'integer' })
  count!: number;

  @Column({ type: 'timestamptz' })
  expiresAt!: Date;
}
