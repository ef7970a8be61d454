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
  Unique,
  UpdateDateColumn,
  type Relation,
} from 'typeorm';
import type { Course } from '../courses/index.js';
import type { User } from '../identity/index.js';
import type { Invitation, Organisation } from '../organisations/index.js';

/** A named group of an organisation's people, with trainers, members and assigned courses (docs/cohorts.md). */
@Entity({ name: 'cohorts' })
@Check('chk_cohorts_name', `char_length("name") BETWEEN 1 AND 120`)
@Check('chk_cohorts_description', `char_length("description") <= 2000`)
@Index('uq_cohorts_organisation_id_name', ['organisationId', 'name'], { unique: true, where: `"archived_at" IS NULL` })
@Index('idx_cohorts_organisation_id_created_at_id', ['organisationId', 'createdAt', 'id'])
export class Cohort {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  organisationId!: string;

  @ManyToOne('Organisation', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: Relation<Organisation>;

  /** Unique in the organisation among cohorts not archived. */
  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  /** Archived cohorts keep their members and assignments but leave the lists, the seat count and the reminders. */
  @Column({ type: 'timestamptz', nullable: true })
  archivedAt!: Date | null;

  @Column({ type: 'uuid', nullable: true })
  createdBy!: string | null;

  @ManyToOne('User', { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'created_by' })
  creator?: Relation<User>;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}

/**
 * A person in a cohort: registered (userId set) or pending (userId null, known by the lower-case
 * email an invitation was sent to) until they accept the organisation's invitation, when userId is
 * filled in (activatedAt) and they are enrolled in the cohort's assignments.
 */
@Entity({ name: 'cohort_members' })
@Check('chk_cohort_members_user_id', `"user_id" IS NOT NULL OR "email" IS NOT NULL`)
@Check('chk_cohort_members_email', `"email" = lower("email") AND char_length("email") <= 254`)
@Check('chk_cohort_members_name', `char_length("name") <= 200`)
@Check('chk_cohort_members_external_id', `char_length("external_id") <= 100`)
@Unique('uq_cohort_members_cohort_id_user_id', ['cohortId', 'userId'])
@Index('uq_cohort_members_cohort_id_email', ['cohortId', 'email'], { unique: true, where: `"user_id" IS NULL` })
@Index('idx_cohort_members_user_id', ['userId'])
@Index('idx_cohort_members_email', ['email'], { where: `"user_id" IS NULL` })
@Index('idx_cohort_members_invitation_id', ['invitationId'])
@Index('idx_cohort_members_cohort_id_added_at_id', ['cohortId', 'addedAt', 'id'])
export class CohortMember {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  cohortId!: string;

  @ManyToOne(() => Cohort, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'cohort_id' })
  cohort?: Relation<Cohort>;

  @Column({ type: 'uuid', nullable: true })
  userId!: string | null;

  @ManyToOne('User', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: Relation<User>;

  /** Lower-case; set for pending members (and kept after activation, as imported). */
  @Column({ type: 'text', nullable: true })
  email!: string | null;

  /** The name given when added (a pending member has no account name yet). */
  @Column({ type: 'text', nullable: true })
  name!: string | null;

  /** The organisation's own staff number or HR id, from the import. */
  @Column({ type: 'text', nullable: true })
  externalId!: string | null;

  /** The organisation invitation sent to a pending member. */
  @Column({ type: 'uuid', nullable: true })
  invitationId!: string | null;

  @ManyToOne('Invitation', { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'invitation_id' })
  invitation?: Relation<Invitation>;

  @Column({ type: 'uuid', nullable: true })
  addedBy!: string | null;

  @ManyToOne('User', { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'added_by' })
  adder?: Relation<User>;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  addedAt!: Date;

  /** When a pending member joined the organisation and became registered. */
  @Column({ type: 'timestamptz', nullable: true })
  activatedAt!: Date | null;
}

/** A trainer (or org admin) who sees and manages the cohort. */
@Entity({ name: 'cohort_trainers' })
@Index('idx_cohort_trainers_user_id', ['userId'])
export class CohortTrainer {
  @PrimaryColumn({ type: 'uuid' })
  cohortId!: string;

  @ManyToOne(() => Cohort, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'cohort_id' })
  cohort?: Relation<Cohort>;

  @PrimaryColumn({ type: 'uuid' })
  userId!: string;

  @ManyToOne('User', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: Relation<User>;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  addedAt!: Date;
}

/** A course (catalogue or the organisation's tailored one) assigned to a cohort, with its dates. */
@Entity({ name: 'cohort_assignments' })
@Check('chk_cohort_assignments_due_at', `"due_at" IS NULL OR "starts_at" IS NULL OR "due_at" > "starts_at"`)
@Unique('uq_cohort_assignments_cohort_id_course_id', ['cohortId', 'courseId'])
@Index('idx_cohort_assignments_course_id', ['courseId'])
@Index('idx_cohort_assignments_due_at', ['dueAt'], { where: `"due_at" IS NOT NULL` })
export class CohortAssignment {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  cohortId!: string;

  @ManyToOne(() => Cohort, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'cohort_id' })
  cohort?: Relation<Cohort>;

  @Column({ type: 'uuid' })
  courseId!: string;

  @ManyToOne('Course', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'course_id' })
  course?: Relation<Course>;

  @Column({ type: 'timestamptz', nullable: true })
  startsAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  dueAt!: Date | null;

  @Column({ type: 'uuid', nullable: true })
  createdBy!: string | null;

  @ManyToOne('User', { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'created_by' })
  creator?: Relation<User>;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}

/** An organisation's licence: a seat limit (null: none) on the distinct people in its non-archived cohorts. */
@Entity({ name: 'organisation_licences' })
@Check('chk_organisation_licences_seat_limit', `"seat_limit" IS NULL OR "seat_limit" >= 0`)
export class OrganisationLicence {
  @PrimaryColumn({ type: 'uuid' })
  organisationId!: string;

  @ManyToOne('Organisation', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: Relation<Organisation>;

  @Column({ type: 'integer', nullable: true })
  seatLimit!: number | null;

  @Column({ type: 'uuid', nullable: true })
  updatedBy!: string | null;

  @ManyToOne('User', { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'updated_by' })
  updater?: Relation<User>;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}

/** Every entity of the cohorts module, for TypeOrmModule.forFeature and the data source. */
export const COHORTS_ENTITIES = [Cohort, CohortMember, CohortTrainer, CohortAssignment, OrganisationLicence];
