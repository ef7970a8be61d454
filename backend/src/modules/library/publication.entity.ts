import { Check, Column, CreateDateColumn, Entity, Index, ManyToOne, JoinColumn, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';

/**
 * The full-text document of a publication: title weighs most (A), then summary and topics (B),
 * then the text of its findings (C). Must equal the expression in the CreateCatalogue migration
 * (the entities-vs-schema test compares them).
 */
export const PUBLICATION_SEARCH_VECTOR_SQL =
  `setweight(to_tsvector('english', "title"), 'A') || setweight(to_tsvector('english', "summary"), 'B') || ` +
  `setweight(to_tsvector('english', "topics"), 'B') || ` +
  `setweight(to_tsvector('english', jsonb_path_query_array("findings", '$[*].text')), 'C')`;

export const FINDING_KINDS = ['finding', 'theme', 'section', 'recommendation'] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];

/** A key finding, section or recommendation, with the exact passage of source_text it rests on. */
export interface PublicationFinding {
  kind: FindingKind;
  text: string;
  passage: string;
}

export interface PublicationCredit {
  text: string;
  passage: string;
}

/** A publication of the library, as imported from backend/content/publications. */
@Entity({ name: 'publications' })
@Unique(['slug'])
@Check(`"slug" ~ '^[a-z0-9]+(-[a-z0-9]+)*$'`)
@Check(`"published_year" IS NULL OR "published_year" BETWEEN 1800 AND 2200`)
@Check(`"published_month" IS NULL OR ("published_month" BETWEEN 1 AND 12 AND "published_year" IS NOT NULL)`)
@Check(`"published_day" IS NULL OR ("published_day" BETWEEN 1 AND 31 AND "published_month" IS NOT NULL)`)
@Check(`"source_url" IS NULL OR "source_url" ~ '^https?://'`)
@Check('chk_publications_topics', `jsonb_typeof("topics") = 'array'`)
@Check('chk_publications_findings', `jsonb_typeof("findings") = 'array'`)
@Index(['searchVector'], { type: 'gin' })
export class Publication {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text' })
  slug!: string;

  @Column({ type: 'text' })
  title!: string;

  @Column({ type: 'text' })
  publisher!: string;

  /** As precise as the source gives it: a year, a month or a day, or nothing at all. */
  @Column({ type: 'integer', nullable: true })
  publishedYear!: number | null;

  @Column({ type: 'integer', nullable: true })
  publishedMonth!: number | null;

  @Column({ type: 'integer', nullable: true })
  publishedDay!: number | null;

  @Column({ type: 'text', nullable: true })
  region!: string | null;

  /** jsonb rather than text[]: to_tsvector over jsonb is immutable, as a generated column needs. */
  @Column({ type: 'jsonb' })
  topics!: string[];

  @Column({ type: 'text' })
  summary!: string;

  @Column({ type: 'jsonb' })
  findings!: PublicationFinding[];

  @Column({ type: 'jsonb', nullable: true })
  credit!: PublicationCredit | null;

  @Column({ type: 'text', nullable: true })
  sourceUrl!: string | null;

  /** The paragraphs of the source this entry is based on, verbatim; passages are checked against it. */
  @Column({ type: 'text' })
  sourceText!: string;

  @Column({ type: 'text' })
  contentHash!: string;

  @Column({
    type: 'tsvector',
    nullable: true,
    generatedType: 'STORED',
    asExpression: PUBLICATION_SEARCH_VECTOR_SQL,
    select: false,
    insert: false,
    update: false,
  })
  searchVector?: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  retiredAt!: Date | null;
}

/** A notable figure from a publication, with the exact passage it comes from. */
@Entity({ name: 'publication_figures' })
@Unique(['publicationId', 'position'])
@Check(`"position" >= 1`)
export class PublicationFigure {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  publicationId!: string;

  @ManyToOne(() => Publication, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'publication_id' })
  publication?: Publication;

  @Column({ type: 'integer' })
  position!: number;

  /** As the source words it: "28", "around 25 million", "over 100". */
  @Column({ type: 'text' })
  value!: string;

  @Column({ type: 'text' })
  label!: string;

  @Column({ type: 'text' })
  passage!: string;
}
