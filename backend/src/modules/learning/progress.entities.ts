import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn, type Relation } from 'typeorm';
import type { Course, CourseVersion, LearningModule, Lesson } from '../courses/index.js';
import type { Quiz } from '../assessment/index.js';
import type { User } from '../identity/index.js';
import { Enrolment } from './enrolment.entity.js';

/** A learner's progress in one lesson of one enrolment (docs/progress.md). */
@Entity({ name: 'lesson_progress' })
@Index('idx_lesson_progress_lesson_id', ['lessonId'])
// completed_at in the key: the cohort reports' per-enrolment counts are index-only scans (migration 1764856000000).
@Index('idx_lesson_progress_enrolment_id_updated_at', ['enrolmentId', 'updatedAt', 'completedAt'])
@Check('chk_lesson_progress_time_spent_seconds', `"time_spent_seconds" >= 0`)
@Check('chk_lesson_progress_position', `"position" IS NULL OR "position" BETWEEN 0 AND 1`)
export class LessonProgress {
  @PrimaryColumn({ type: 'uuid' })
  enrolmentId!: string;

  @ManyToOne(() => Enrolment, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'enrolment_id' })
  enrolment?: Relation<Enrolment>;

  @PrimaryColumn({ type: 'uuid' })
  lessonId!: string;

  @ManyToOne('Lesson', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'lesson_id' })
  lesson?: Relation<Lesson>;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  startedAt!: Date;

  /** Set once (reached the end, or marked); never cleared. */
  @Column({ type: 'timestamptz', nullable: true })
  completedAt!: Date | null;

  @Column({ type: 'integer', default: 0 })
  timeSpentSeconds!: number;

  /** Fraction of the lesson read (0..1), the last one reported: where to resume. */
  @Column({ type: 'double precision', nullable: true })
  position!: number | null;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}

/** One visible-time interval as counted: its id (the client's) makes a repeated report add nothing. */
@Entity({ name: 'lesson_time_intervals' })
@Index('idx_lesson_time_intervals_lesson_id', ['lessonId'])
@Check('chk_lesson_time_intervals_counted_seconds', `"counted_seconds" BETWEEN 0 AND 3600`)
export class LessonTimeInterval {
  @PrimaryColumn({ type: 'uuid' })
  enrolmentId!: string;

  @ManyToOne(() => Enrolment, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'enrolment_id' })
  enrolment?: Relation<Enrolment>;

  @PrimaryColumn({ type: 'uuid' })
  intervalId!: string;

  @Column({ type: 'uuid' })
  lessonId!: string;

  @ManyToOne('Lesson', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'lesson_id' })
  lesson?: Relation<Lesson>;

  @Column({ type: 'integer' })
  countedSeconds!: number;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  recordedAt!: Date;
}

/** A learner's grade on a quiz by its grading method, as the assessment module last reported it. */
@Entity({ name: 'quiz_grades' })
@Index('idx_quiz_grades_quiz_id', ['quizId'])
@Index('idx_quiz_grades_module_id', ['moduleId'])
@Check('chk_quiz_grades_attempts_used', `"attempts_used" >= 0`)
export class QuizGradeRecord {
  @PrimaryColumn({ type: 'uuid' })
  userId!: string;

  @ManyToOne('User', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: Relation<User>;

  @PrimaryColumn({ type: 'uuid' })
  quizId!: string;

  @ManyToOne('Quiz', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'quiz_id' })
  quiz?: Relation<Quiz>;

  @Column({ type: 'uuid' })
  moduleId!: string;

  @ManyToOne('LearningModule', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'module_id' })
  module?: Relation<LearningModule>;

  @Column({ type: 'double precision', nullable: true })
  percent!: number | null;

  @Column({ type: 'boolean', default: false })
  passed!: boolean;

  @Column({ type: 'integer', default: 0 })
  attemptsUsed!: number;

  @Column({ type: 'timestamptz', nullable: true })
  lastSubmittedAt!: Date | null;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}

/**
 * A course completion: pinned to the enrolment's course version; later course edits never touch
 * it. A regrade that fails a quiz revokes it (revoked_at + reason; the row stays). A re-take
 * archives it with its enrolment.
 */
@Entity({ name: 'course_completions' })
@Index('uq_course_completions_enrolment_id', ['enrolmentId'], { unique: true, where: `"revoked_at" IS NULL` })
@Index('idx_course_completions_user_id', ['userId'])
@Index('idx_course_completions_course_id', ['courseId'])
@Index('idx_course_completions_course_version_id', ['courseVersionId'])
@Index('idx_course_completions_expires_at', ['expiresAt'], { where: `"expires_at" IS NOT NULL AND "revoked_at" IS NULL AND "archived_at" IS NULL` })
@Check('chk_course_completions_revoked_reason', `("revoked_at" IS NULL) = ("revoked_reason" IS NULL)`)
@Check('chk_course_completions_time_spent_seconds', `"time_spent_seconds" >= 0`)
export class CourseCompletion {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  enrolmentId!: string;

  @ManyToOne(() => Enrolment, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'enrolment_id' })
  enrolment?: Relation<Enrolment>;

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

  @Column({ type: 'timestamptz', default: () => 'now()' })
  completedAt!: Date;

  /** The mean of the course's quiz grades (percent); null for a course without quizzes. */
  @Column({ type: 'double precision', nullable: true })
  finalScore!: number | null;

  @Column({ type: 'integer', default: 0 })
  timeSpentSeconds!: number;

  @Column({ type: 'timestamptz', nullable: true })
  expiresAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;

  @Column({ type: 'text', nullable: true })
  revokedReason!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  archivedAt!: Date | null;
}

/** A reminder sent before a completion expires (30 and 7 days), once each. */
@Entity({ name: 'completion_reminders' })
@Check('chk_completion_reminders_days_before', `"days_before" IN (7, 30)`)
export class CompletionReminder {
  @PrimaryColumn({ type: 'uuid' })
  completionId!: string;

  @ManyToOne(() => CourseCompletion, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'completion_id' })
  completion?: Relation<CourseCompletion>;

  @PrimaryColumn({ type: 'integer' })
  daysBefore!: number;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  sentAt!: Date;

  @Column({ type: 'integer', default: 0 })
  recipients!: number;
}
