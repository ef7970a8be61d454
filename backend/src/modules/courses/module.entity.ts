import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';
import type { Publication } from '../library/index.js';

/** A passage of a publication's source text that supports a lesson or a question. */
export interface SourceRef {
  /** The publication's slug. */
  publication: string;
  passage: string;
}

/** An option of a module file's quiz question (the content format; the questions live in the assessment module). */
export interface QuizOption {
  id: string;
  text: string;
}

/** A module: lessons and a short quiz built from one publication (table "modules"). */
@Entity({ name: 'modules' })
@Unique(['slug'])
@Check(`"slug" ~ '^[a-z0-9]+(-[a-z0-9]+)*$'`)
@Index(['publicationId'])
@Check(`"origin" IN ('content', 'authored')`)
export class LearningModule {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text' })
  slug!: string;

  @Column({ type: 'uuid' })
  publicationId!: string;

  @ManyToOne('Publication', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'publication_id' })
  publication?: Publication;

  @Column({ type: 'text' })
  title!: string;

  @Column({ type: 'text' })
  summary!: string;

  /** What a learner can do after the module (required in content files; authored modules may have none yet). */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  objectives!: string[];

  @Column({ type: 'text' })
  contentHash!: string;

  /** 'content': owned by backend/content (the authoring API refuses to edit it); 'authored': written in the browser. */
  @Column({ type: 'text', default: 'content' })
  origin!: 'content' | 'authored';

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  retiredAt!: Date | null;
}

/** A lesson of a module. position is null exactly when the lesson is retired. */
@Entity({ name: 'lessons' })
@Unique(['moduleId', 'slug'])
@Unique(['moduleId', 'position'], { deferrable: 'INITIALLY DEFERRED' })
@Check(`"slug" ~ '^[a-z0-9]+(-[a-z0-9]+)*$'`)
@Check(`"position" >= 1`)
@Check(`("retired_at" IS NULL) = ("position" IS NOT NULL)`)
@Check(`"estimated_minutes" BETWEEN 1 AND 600`)
@Check('chk_lessons_sources', `jsonb_typeof("sources") = 'array'`)
export class Lesson {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  moduleId!: string;

  @ManyToOne(() => LearningModule, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'module_id' })
  module?: LearningModule;

  @Column({ type: 'text' })
  slug!: string;

  @Column({ type: 'integer', nullable: true })
  position!: number | null;

  @Column({ type: 'text' })
  title!: string;

  @Column({ type: 'integer' })
  estimatedMinutes!: number;

  @Column({ type: 'text', array: true })
  objectives!: string[];

  @Column({ type: 'text', nullable: true })
  contentNote!: string | null;

  /** Markdown, as written. */
  @Column({ type: 'text' })
  bodyMarkdown!: string;

  /** bodyMarkdown rendered and sanitised when the lesson was written (lesson-renderer.ts); what reads serve. */
  @Column({ type: 'text' })
  bodyHtml!: string;

  @Column({ type: 'jsonb' })
  sources!: SourceRef[];

  /** Slugs of the glossary terms the lesson uses (glossary_terms.slug; a retired term is simply not shown). */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  glossaryTerms!: string[];

  @Column({ type: 'text' })
  contentHash!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  retiredAt!: Date | null;
}
