import { Check, Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const PING_STATUSES = ['queued', 'processing', 'done'] as const;
export type PingStatus = (typeof PING_STATUSES)[number];

/** A round trip through the job system: written by the API, completed by whoever runs the job. */
@Entity({ name: 'system_pings' })
@Check(`"status" IN ('queued', 'processing', 'done')`)
export class SystemPing {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text' })
  label!: string;

  @Column({ type: 'text', default: 'queued' })
  status!: PingStatus;

  @Column({ type: 'integer', default: 0 })
  workMs!: number;

  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  @CreateDateColumn({ type: 'timestamptz' })
  requestedAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  processedAt!: Date | null;

  /** role:hostname:pid of the process that ran the job. */
  @Column({ type: 'text', nullable: true })
  processedBy!: string | null;
}
