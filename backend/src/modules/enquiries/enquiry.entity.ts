import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const ENQUIRY_STATUSES = ['new', 'in_progress', 'closed'] as const;
export type EnquiryStatus = (typeof ENQUIRY_STATUSES)[number];

/** A tailored-training enquiry from the public form. */
@Entity({ name: 'enquiries' })
@Check(`"status" IN ('new', 'in_progress', 'closed')`)
@Check(`"staff_count" BETWEEN 1 AND 1000000`)
@Index('idx_enquiries_created_at_id', ['createdAt', 'id'])
export class Enquiry {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text' })
  organisation!: string;

  @Column({ type: 'text' })
  contactName!: string;

  @Column({ type: 'text' })
  email!: string;

  @Column({ type: 'text' })
  needs!: string;

  @Column({ type: 'integer' })
  staffCount!: number;

  @Column({ type: 'text', nullable: true })
  preferredTiming!: string | null;

  @Column({ type: 'text', default: 'new' })
  status!: EnquiryStatus;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
