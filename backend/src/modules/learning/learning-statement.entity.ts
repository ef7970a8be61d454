import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import type { User } from '../identity/index.js';
import type { XapiStatement } from './statements.mapping.js';

/**
 * One learning record: an xAPI 1.0.3 statement, stored whole as it will be served (`statement`),
 * with the columns an LRS filters on beside it. Written in the same transaction as the event it
 * records (statements.service.ts); never updated except `voided`. Course, version, organisation and
 * registration carry no foreign keys on purpose: a record outlives what it is about, and a later
 * LRS stores statements about activities the platform does not know.
 */
@Entity({ name: 'learning_statements' })
@Index('idx_learning_statements_user_id_stored_id', ['userId', 'stored', 'id'])
@Index('idx_learning_statements_organisation_id_stored_id', ['organisationId', 'stored', 'id'])
@Index('idx_learning_statements_stored_id', ['stored', 'id'])
@Check('chk_learning_statements_statement', `jsonb_typeof("statement") = 'object' AND "statement"->>'id' = "id"::text`)
export class LearningStatement {
  /** The statement id (xAPI: a UUID), the same as `statement.id`. */
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  /** The platform account the actor is; null is left for a future LRS's actors who have no account here. */
  @Column({ type: 'uuid', nullable: true })
  userId!: string | null;

  @ManyToOne('User', { onDelete: 'CASCADE', nullable: true })
  @JoinColumn({ name: 'user_id' })
  user?: Relation<User>;

  /** The organisation whose record this is (a tailored course's owner); null: the learner's own learning. */
  @Column({ type: 'uuid', nullable: true })
  organisationId!: string | null;

  @Column({ type: 'uuid', nullable: true })
  courseId!: string | null;

  @Column({ type: 'uuid', nullable: true })
  courseVersionId!: string | null;

  /** xAPI context.registration: the enrolment id. */
  @Column({ type: 'uuid', nullable: true })
  registration!: string | null;

  @Column({ type: 'text' })
  verbId!: string;

  /** The object activity's IRI. */
  @Column({ type: 'text' })
  objectId!: string;

  /** When it happened. */
  @Column({ type: 'timestamptz' })
  timestamp!: Date;

  /** When it was stored: the order of exports and of an LRS's since/until. */
  @Column({ type: 'timestamptz', default: () => 'now()' })
  stored!: Date;

  @Column({ type: 'jsonb' })
  statement!: XapiStatement;

  /** Voided by a later voiding statement (xAPI): kept, but no longer served as a statement. */
  @Column({ type: 'boolean', default: false })
  voided!: boolean;
}
