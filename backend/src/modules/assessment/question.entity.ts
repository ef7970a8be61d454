import { Check, Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique, UpdateDateColumn, type Relation } from 'typeorm';
import type { LearningModule } from '../courses/index.js';
import type { AnswerKey, QuestionDefinition, QuestionSource, QuestionType } from './assessment.types.js';

/**
 * A question of a module's bank. Its wording lives in versions: an edit of a question that has
 * attempts adds a version (attempts keep the one they were given), otherwise it may rewrite the
 * current one. The id of a question moved from the old quiz_questions table is that row's id.
 */
@Entity({ name: 'questions' })
@Unique('uq_questions_module_id_slug', ['moduleId', 'slug'])
@Check('chk_questions_slug', `"slug" ~ '^[a-z0-9]+(-[a-z0-9]+)*$'`)
@Check('chk_questions_origin', `"origin" IN ('content', 'authored')`)
export class Question {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  moduleId!: string;

  @ManyToOne('LearningModule', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'module_id' })
  module?: Relation<LearningModule>;

  /** Its id in the module's content file (q1, q2...), or a generated one for authored questions. */
  @Column({ type: 'text' })
  slug!: string;

  /** 'content': written by the content import alone; 'authored': by the authoring API. */
  @Column({ type: 'text', default: 'content' })
  origin!: 'content' | 'authored';

  /** For random draws ("3 from tag X"). */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  tags!: string[];

  @Column({ type: 'uuid', nullable: true })
  currentVersionId!: string | null;

  @ManyToOne(() => QuestionVersion, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'current_version_id' })
  currentVersion?: Relation<QuestionVersion>;

  @Column({ type: 'timestamptz', nullable: true })
  retiredAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}

/** One immutable-once-attempted wording of a question: what attempts point at. */
@Entity({ name: 'question_versions' })
@Unique('uq_question_versions_question_id_version', ['questionId', 'version'])
@Check('chk_question_versions_version', `"version" >= 1`)
@Check('chk_question_versions_type', `"type" IN ('single', 'multiple', 'true_false', 'numeric', 'short_text', 'matching', 'ordering')`)
@Check('chk_question_versions_definition', `jsonb_typeof("definition") = 'object'`)
@Check('chk_question_versions_answer_key', `jsonb_typeof("answer_key") = 'object'`)
export class QuestionVersion {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  questionId!: string;

  @ManyToOne(() => Question, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'question_id' })
  question?: Relation<Question>;

  @Column({ type: 'integer' })
  version!: number;

  @Column({ type: 'text' })
  type!: QuestionType;

  @Column({ type: 'text' })
  prompt!: string;

  /** The public part: options, items, choices, unit. */
  @Column({ type: 'jsonb' })
  definition!: QuestionDefinition;

  /** The private part: the answer, tolerance, accepted texts, per-option feedback. */
  @Column({ type: 'jsonb' })
  answerKey!: AnswerKey;

  @Column({ type: 'text', default: '' })
  generalFeedback!: string;

  @Column({ type: 'jsonb' })
  source!: QuestionSource;

  /** Hash of type, prompt, definition, key, feedback and source (questionVersionHash): an unchanged write is skipped. */
  @Column({ type: 'text' })
  contentHash!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
