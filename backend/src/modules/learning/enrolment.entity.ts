import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique, UpdateDateColumn, type Relation } from 'typeorm';
import type { Course, CourseVersion } from '../courses/index.js';
import type { User } from '../identity/index.js';

/** A learner on a course, pinned to the course version they started on until they choose to move. */
@Entity({ name: 'enrolments' })
@Unique('uq_enrolments_user_id_course_id', ['userId', 'courseId'])
@Index('idx_enrolments_course_version_id', ['courseVersionId'])
@Index('idx_enrolments_user_id_enrolled_at_id', ['userId', 'enrolledAt', 'id'])
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
}
