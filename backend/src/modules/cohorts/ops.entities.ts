import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  type Relation,
} from 'typeorm';
import type { User } from '../identity/index.js';
import type { Organisation } from '../organisations/index.js';
import { Cohort, CohortAssignment } from './cohorts.entities.js';

/**
 * What a person wants to be mailed about (docs/cohorts.md#notifications). No row: everything on.
 * Learners turn off due-date reminders; trainers turn off the weekly digest.
 */
@Entity({ name: 'notification_preferences' })
export class NotificationPreference {
  @PrimaryColumn({ type: 'uuid' })
  userId!: string;

  @ManyToOne('User', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: Relation<User>;

  @Column({ type: 'boolean', default: true })
  dueDateReminders!: boolean;

  @Column({ type: 'boolean', default: true })
  weeklyDigest!: boolean;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}

/** An organisation's needs-attention settings. No row: a learner is inactive after 14 days. */
@Entity({ name: 'cohort_attention_settings' })
@Check('chk_cohort_attention_settings_inactive_days', `"inactive_days" BETWEEN 1 AND 365`)
export class CohortAttentionSettings {
  @PrimaryColumn({ type: 'uuid' })
  organisationId!: string;

  @ManyToOne('Organisation', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: Relation<Organisation>;

  @Column({ type: 'integer', default: 14 })
  inactiveDays!: number;

  @Column({ type: 'uuid', nullable: true })
  updatedBy!: string | null;

  @ManyToOne('User', { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'updated_by' })
  updater?: Relation<User>;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}

export const REMINDER_KINDS = ['manual', 'due_7', 'due_1'] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];

/**
 * A reminder mailed to a learner of a cohort: a trainer's (manual; at most one per learner per UTC
 * day, whoever sends it) or a due-date reminder (once per assignment, learner and threshold).
 */
@Entity({ name: 'cohort_reminders' })
@Check('chk_cohort_reminders_kind', `"kind" IN ('manual', 'due_7', 'due_1')`)
@Check('chk_cohort_reminders_assignment_id', `("kind" = 'manual') = ("assignment_id" IS NULL)`)
@Index('uq_cohort_reminders_learner_id_sent_on', ['learnerId', 'sentOn'], { unique: true, where: `"kind" = 'manual'` })
@Index('uq_cohort_reminders_assignment_id_learner_id_kind', ['assignmentId', 'learnerId', 'kind'], { unique: true, where: `"kind" <> 'manual'` })
@Index('idx_cohort_reminders_cohort_id', ['cohortId'])
export class CohortReminder {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  learnerId!: string;

  @ManyToOne('User', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'learner_id' })
  learner?: Relation<User>;

  @Column({ type: 'uuid' })
  cohortId!: string;

  @ManyToOne(() => Cohort, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'cohort_id' })
  cohort?: Relation<Cohort>;

  @Column({ type: 'uuid', nullable: true })
  assignmentId!: string | null;

  @ManyToOne(() => CohortAssignment, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'assignment_id' })
  assignment?: Relation<CohortAssignment>;

  @Column({ type: 'text' })
  kind!: ReminderKind;

  @Column({ type: 'uuid', nullable: true })
  sentBy!: string | null;

  @ManyToOne('User', { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'sent_by' })
  sender?: Relation<User>;

  /** The UTC day it was sent: the rate limit's key. */
  @Column({ type: 'date' })
  sentOn!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}

/** A trainer's weekly digest, sent once per ISO week (the Monday's date). */
@Entity({ name: 'trainer_digests' })
@Check('chk_trainer_digests_learners', `"learners" >= 0`)
export class TrainerDigest {
  @PrimaryColumn({ type: 'uuid' })
  userId!: string;

  @ManyToOne('User', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: Relation<User>;

  @PrimaryColumn({ type: 'date' })
  week!: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  sentAt!: Date;

  /** Learners needing attention the digest listed. */
  @Column({ type: 'integer', default: 0 })
  learners!: number;
}

/** The entities of the cohorts module's attention, notification and compliance parts. */
export const COHORTS_OPS_ENTITIES = [NotificationPreference, CohortAttentionSettings, CohortReminder, TrainerDigest];
