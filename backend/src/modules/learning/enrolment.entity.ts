import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn, type Relation } from 'typeorm';
import type { Course, CourseVersion } from '../courses/index.js';
import type { User } from '../identity/index.js';

/**
 * A learner on a course, pinned to the course version they started on until they choose to move.
 * One active enrolment per learner and course; a re-take archives the old one (archived_at) and
 * makes a new one.
 */
@Entity({ name: 'enrolments' })
@Index('uq_enrolments_user_id_course_id', ['userId', 'courseId'], { unique: true, where: `"archived_at" IS NULL` })
@Index('idx_enrolments_course_version_id', ['courseVersionId'])
@Index('idx_enrolments_user_id_enrolled_at_id', ['userId', 'enrolledAt', 'id'])
@Index('idx_enrolments_retake_of_id', ['retakeOfId'])
export class Enrolment {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  userId!: string;

  @ManyToOne('User', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: Relation<User>;

  @Column({ type: 'uuid' })
  courseId!: string;

  @ManyToOne('Course', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'course_id' })
  course?: Relation<Course>;

  @Column({ type: 'uuid' })
  courseVersionId!: string;

  @ManyToOne('CourseVersion', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'course_version_id' })
  courseVersion?: Relation<CourseVersion>;

  @CreateDateColumn({ type: 'timestamptz' })
  enrolledAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  dueAt!: Date | null;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;

  /** Set when a re-take replaced this enrolment; its progress and completion stay with it. */
  @Column({ type: 'timestamptz', nullable: true })
  archivedAt!: Date | null;

  /** The archived enrolment this re-take replaced; its quiz grades count only from this one's start. */
  @Column({ type: 'uuid', nullable: true })
  retakeOfId!: string | null;

  @ManyToOne(() => Enrolment, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'retake_of_id' })
  retakeOf?: Relation<Enrolment>;
}
