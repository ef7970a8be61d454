import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';

/**
 * A job to enqueue, written in the transaction whose commit it announces (the outbox): the relay
 * (outbox.ts) moves it to the queue, with the job id it carries, so nothing is lost when Redis is
 * down and a second relay of the same row is a no-op in BullMQ.
 */
@Entity({ name: 'job_outbox' })
@Unique('uq_job_outbox_job_id', ['jobId'])
@Index('idx_job_outbox_pending', ['id'], { where: `"sent_at" IS NULL` })
@Check('chk_job_outbox_attempts', `"attempts" >= 0`)
export class OutboxMessage {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id!: string;

  @Column({ type: 'text' })
  jobName!: string;

  @Column({ type: 'text' })
  jobId!: string;

  @Column({ type: 'jsonb' })
  payload!: unknown;

  @Column({ type: 'text', nullable: true })
  requestId!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  @Column({ type: 'text', nullable: true })
  lastError!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  sentAt!: Date | null;
}
