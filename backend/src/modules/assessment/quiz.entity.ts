import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Unique,
  UpdateDateColumn,
  type Relation,
} from 'typeorm';
import type { Course, LearningModule } from '../courses/index.js';
import type { GradingMethod, ReviewPolicy } from './assessment.types.js';
import { Question } from './question.entity.js';

/**
 * A module's quiz and its settings. course_id is null for the module's own quiz; a tailored
 * course may have its own settings for a module (course_id set), one per (module, course).
 */
@Entity({ name: 'quizzes' })
@Index('uq_quizzes_module_id', ['moduleId'], { unique: true, where: '"course_id" IS NULL' })
@Index('uq_quizzes_module_id_course_id', ['moduleId', 'courseId'], { unique: true, where: '"course_id" IS NOT NULL' })
@Index('idx_quizzes_course_id', ['courseId'])
@Check('chk_quizzes_pass_mark', `"pass_mark" BETWEEN 0 AND 100`)
@Check('chk_quizzes_max_attempts', `"max_attempts" IS NULL OR "max_attempts" >= 1`)
@Check('chk_quizzes_wait_seconds', `"wait_seconds" >= 0`)
@Check('chk_quizzes_time_limit_seconds', `"time_limit_seconds" IS NULL OR "time_limit_seconds" >= 1`)
@Check('chk_quizzes_grading_method', `"grading_method" IN ('highest', 'last', 'first', 'average')`)
@Check('chk_quizzes_review_policy', `jsonb_typeof("review_policy") = 'object'`)
@Check('chk_quizzes_version', `"version" >= 1`)
export class Quiz {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  moduleId!: string;

  @ManyToOne('LearningModule', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'module_id' })
  module?: Relation<LearningModule>;

  @Column({ type: 'uuid', nullable: true })
  courseId!: string | null;

  @ManyToOne('Course', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'course_id' })
  course?: Relation<Course>;

  @Column({ type: 'text' })
  title!: string;

  /** Percentage of the quiz's points needed to pass. */
  @Column({ type: 'integer' })
  passMark!: number;

  /** null: unlimited. */
  @Column({ type: 'integer', nullable: true })
  maxAttempts!: number | null;

  /** Between the end of one attempt and the start of the next. */
  @Column({ type: 'integer', default: 0 })
  waitSeconds!: number;

  /** null: untimed. */
  @Column({ type: 'integer', nullable: true })
  timeLimitSeconds!: number | null;

  @Column({ type: 'text', default: 'highest' })
  gradingMethod!: GradingMethod;

  @Column({ type: 'jsonb' })
  reviewPolicy!: ReviewPolicy;

  /** After it no attempt starts; review items set to 'after_close' show from it. */
  @Column({ type: 'timestamptz', nullable: true })
  closesAt!: Date | null;

  @Column({ type: 'boolean', default: true })
  shuffleQuestions!: boolean;

  @Column({ type: 'boolean', default: true })
  shuffleOptions!: boolean;

  /** Optimistic concurrency for the settings and slots: bumped by every change. */
  @Column({ type: 'integer', default: 1 })
  version!: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}

/** A place in a quiz: one fixed question, or draw_count questions drawn at random from the module's live questions tagged tag. */
@Entity({ name: 'quiz_slots' })
@Unique('uq_quiz_slots_quiz_id_position', ['quizId', 'position'], { deferrable: 'INITIALLY DEFERRED' })
@Index('idx_quiz_slots_question_id', ['questionId'])
@Check('chk_quiz_slots_position', `"position" >= 1`)
@Check('chk_quiz_slots_question_id', `("question_id" IS NULL) = ("tag" IS NOT NULL)`)
@Check('chk_quiz_slots_draw_count', `("tag" IS NULL) = ("draw_count" IS NULL) AND ("draw_count" IS NULL OR "draw_count" >= 1)`)
@Check('chk_quiz_slots_points', `"points" > 0`)
export class QuizSlot {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  quizId!: string;

  @ManyToOne(() => Quiz, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'quiz_id' })
  quiz?: Relation<Quiz>;

  @Column({ type: 'integer' })
  position!: number;

  @Column({ type: 'uuid', nullable: true })
  questionId!: string | null;

  @ManyToOne(() => Question, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'question_id' })
  question?: Relation<Question>;

  @Column({ type: 'text', nullable: true })
  tag!: string | null;

  @Column({ type: 'integer', nullable: true })
  drawCount!: number | null;

  /** Points of each question this slot puts in an attempt. */
  @Column({ type: 'integer', default: 1 })
  points!: number;
}
