import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique, type Relation } from 'typeorm';
import type { User } from '../identity/index.js';
import type { AnswerValue, AttemptStatus, ClosedBy } from './assessment.types.js';
import { QuestionVersion } from './question.entity.js';
import { Quiz } from './quiz.entity.js';

/**
 * One learner's attempt at a quiz. At most one is in progress per (quiz, learner). Graded once,
 * when submitted (by the learner, or by the time limit), in the transaction that submits it.
 */
@Entity({ name: 'quiz_attempts' })
@Unique('uq_quiz_attempts_quiz_id_user_id_number', ['quizId', 'userId', 'number'])
@Index('uq_quiz_attempts_quiz_id_user_id', ['quizId', 'userId'], { unique: true, where: `"status" = 'in_progress'` })
@Index('idx_quiz_attempts_user_id', ['userId'])
// The sweep's read of attempts whose time ran out (AttemptSweeper): only timed attempts in progress.
@Index('idx_quiz_attempts_deadline_at', ['deadlineAt'], { where: `"status" = 'in_progress' AND "deadline_at" IS NOT NULL` })
@Check('chk_quiz_attempts_number', `"number" >= 1`)
@Check('chk_quiz_attempts_status', `"status" IN ('in_progress', 'submitted')`)
@Check('chk_quiz_attempts_closed_by', `"closed_by" IS NULL OR "closed_by" IN ('learner', 'time_limit')`)
@Check('chk_quiz_attempts_submitted_at', `("status" = 'submitted') = ("submitted_at" IS NOT NULL)`)
export class QuizAttempt {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  quizId!: string;

  @ManyToOne(() => Quiz, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'quiz_id' })
  quiz?: Relation<Quiz>;

  @Column({ type: 'uuid' })
  userId!: string;

  @ManyToOne('User', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: Relation<User>;

  /** 1 for the learner's first attempt at this quiz. */
  @Column({ type: 'integer' })
  number!: number;

  @Column({ type: 'text', default: 'in_progress' })
  status!: AttemptStatus;

  /** Bumped by every applied save (optimistic concurrency). */
  @Column({ type: 'integer', default: 1 })
  version!: number;

  /** Hash of the last applied save's body: a repeat of it is a no-op. */
  @Column({ type: 'text', nullable: true })
  lastSaveHash!: string | null;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  startedAt!: Date;

  /** start + time limit + the learner's extra time; null when untimed. */
  @Column({ type: 'timestamptz', nullable: true })
  deadlineAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  savedAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  submittedAt!: Date | null;

  @Column({ type: 'text', nullable: true })
  closedBy!: ClosedBy | null;

  @Column({ type: 'double precision', nullable: true })
  score!: number | null;

  @Column({ type: 'double precision' })
  maxScore!: number;

  @Column({ type: 'double precision', nullable: true })
  percent!: number | null;

  @Column({ type: 'boolean', nullable: true })
  passed!: boolean | null;
}

/** A question as placed in an attempt: its version, its position and option order as shown, the answer saved. */
@Entity({ name: 'attempt_items' })
@Unique('uq_attempt_items_attempt_id_position', ['attemptId', 'position'])
@Index('idx_attempt_items_question_version_id', ['questionVersionId'])
@Check('chk_attempt_items_position', `"position" >= 1`)
@Check('chk_attempt_items_max_score', `"max_score" > 0`)
export class AttemptItem {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  attemptId!: string;

  @ManyToOne(() => QuizAttempt, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'attempt_id' })
  attempt?: Relation<QuizAttempt>;

  @Column({ type: 'integer' })
  position!: number;

  @Column({ type: 'uuid' })
  questionVersionId!: string;

  @ManyToOne(() => QuestionVersion, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'question_version_id' })
  questionVersion?: Relation<QuestionVersion>;

  /** The option (or item) ids in the order this attempt shows them; null when the type has none. */
  @Column({ type: 'jsonb', nullable: true })
  optionOrder!: string[] | null;

  @Column({ type: 'jsonb', nullable: true })
  answer!: AnswerValue | null;

  @Column({ type: 'boolean', default: false })
  flagged!: boolean;

  @Column({ type: 'double precision', nullable: true })
  score!: number | null;

  @Column({ type: 'double precision' })
  maxScore!: number;
}
