import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn, type Relation } from 'typeorm';
import type { User } from '../identity/index.js';
import type { Organisation } from '../organisations/index.js';

/**
 * Extra time for a learner's timed quizzes, set by an organisation's admins or trainers (or a
 * platform admin, organisation null). When several apply, the largest counts.
 */
@Entity({ name: 'assessment_accommodations' })
@Index('uq_assessment_accommodations_user_id_organisation_id', ['userId', 'organisationId'], { unique: true, where: '"organisation_id" IS NOT NULL' })
@Index('uq_assessment_accommodations_user_id', ['userId'], { unique: true, where: '"organisation_id" IS NULL' })
@Index('idx_assessment_accommodations_organisation_id', ['organisationId'])
@Check('chk_assessment_accommodations_extra_time_percent', `"extra_time_percent" BETWEEN 0 AND 400`)
export class AssessmentAccommodation {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  userId!: string;

  @ManyToOne('User', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: Relation<User>;

  @Column({ type: 'uuid', nullable: true })
  organisationId!: string | null;

  @ManyToOne('Organisation', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: Relation<Organisation>;

  /** Percentage of a quiz's time limit added to it (50 = half as much again). */
  @Column({ type: 'integer' })
  extraTimePercent!: number;

  @Column({ type: 'uuid', nullable: true })
  setBy!: string | null;

  @ManyToOne('User', { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'set_by' })
  setByUser?: Relation<User>;

  @Column({ type: 'text', nullable: true })
  note!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
