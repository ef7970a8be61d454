import { Check, Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';
import type { SourceRef } from './module.entity.js';

/**
 * A glossary entry: the course's own explanation of a term the lessons use but the publications do
 * not define (backend/content/glossary.yaml). position is null exactly when it is retired.
 */
@Entity({ name: 'glossary_terms' })
@Unique(['slug'])
@Check(`"slug" ~ '^[a-z0-9]+(-[a-z0-9]+)*$'`)
@Check(`"label" IN ('course-explanation')`)
@Check(`("retired_at" IS NULL) = ("position" IS NOT NULL)`)
@Check('chk_glossary_terms_appears_in', `jsonb_typeof("appears_in") = 'array'`)
export class GlossaryTerm {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text' })
  slug!: string;

  @Column({ type: 'integer', nullable: true })
  position!: number | null;

  @Column({ type: 'text' })
  term!: string;

  @Column({ type: 'text' })
  definition!: string;

  /** Always 'course-explanation': the glossary never presents a publication's finding. */
  @Column({ type: 'text' })
  label!: 'course-explanation';

  /** Where the term occurs in the library's publications. */
  @Column({ type: 'jsonb' })
  appearsIn!: SourceRef[];

  @Column({ type: 'text' })
  contentHash!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  retiredAt!: Date | null;
}
