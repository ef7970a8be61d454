import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  Unique,
  UpdateDateColumn,
  type Relation,
} from 'typeorm';
import type { Course, CourseVersion } from '../courses/index.js';
import type { User } from '../identity/index.js';
import type { Organisation } from '../organisations/index.js';

/** A bulk (re-)issue requested by a platform admin: one item per completion it covers. */
@Entity({ name: 'certificate_batches' })
@Index('idx_certificate_batches_requested_by', ['requestedBy'])
@Check('chk_certificate_batches_total', `"total" >= 0`)
export class CertificateBatch {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid', nullable: true })
  requestedBy!: string | null;

  @ManyToOne('User', { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'requested_by' })
  requester?: Relation<User> | null;

  @Column({ type: 'text' })
  reason!: string;

  @Column({ type: 'jsonb' })
  filter!: { courseId?: string; organisationId?: string; userIds?: string[] };

  @Column({ type: 'integer' })
  total!: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}

/**
 * A certificate: what was printed on its PDF (a snapshot: the name as registered when it was
 * issued, the course version's title), where the PDF is stored, and its state. docs/certificates.md.
 */
@Entity({ name: 'certificates' })
@Unique('uq_certificates_code', ['code'])
@Unique('uq_certificates_status_index', ['statusIndex'])
@Unique('uq_certificates_storage_key', ['storageKey'])
@Index('uq_certificates_completion_id', ['completionId'], { unique: true, where: `"superseded_at" IS NULL` })
@Index('idx_certificates_user_id_issued_at', ['userId', 'issuedAt', 'id'])
@Index('idx_certificates_organisation_id_issued_at', ['organisationId', 'issuedAt', 'id'])
@Index('idx_certificates_course_id', ['courseId'])
@Index('idx_certificates_course_version_id', ['courseVersionId'])
@Index('idx_certificates_batch_id', ['batchId'])
@Index('idx_certificates_revoked_by', ['revokedBy'])
@Index('idx_certificates_superseded_by_id', ['supersededById'])
@Check('chk_certificates_code', `"code" ~ '^HTM(-[0-9A-HJKMNP-TV-Z]{4}){3}$'`)
@Check('chk_certificates_revocation_reason', `("revoked_at" IS NULL) = ("revocation_reason" IS NULL)`)
@Check('chk_certificates_superseded', `"superseded_at" IS NULL OR "revoked_at" IS NOT NULL`)
@Check('chk_certificates_learning_minutes', `"learning_minutes" >= 0`)
@Check('chk_certificates_holder_erased', `"holder_erased_at" IS NULL OR ("revoked_at" IS NOT NULL AND "holder_name" = '' AND "score" IS NULL)`)
export class Certificate {
  /** Derived from the completion (and the batch of a re-issue): every attempt of one issuance writes the same file. */
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'uuid' })
  completionId!: string;

  @ManyToOne('CourseCompletion', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'completion_id' })
  completion?: unknown;

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
  courseVersionRow?: Relation<CourseVersion>;

  /** The issuing organisation of a tailored course; null: HTMSE Academy. */
  @Column({ type: 'uuid', nullable: true })
  organisationId!: string | null;

  @ManyToOne('Organisation', { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: Relation<Organisation> | null;

  /** HTM-XXXX-XXXX-XXXX (certificate-code.ts): printed, typed into the verification page. */
  @Column({ type: 'text' })
  code!: string;

  @Column({ type: 'text' })
  holderName!: string;

  @Column({ type: 'text' })
  courseTitle!: string;

  @Column({ type: 'text' })
  courseSlug!: string;

  @Column({ type: 'integer' })
  courseVersion!: number;

  @Column({ type: 'text' })
  issuerName!: string;

  @Column({ type: 'timestamptz' })
  completedAt!: Date;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  issuedAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  expiresAt!: Date | null;

  /** The course version's estimated learning time, printed in hours. */
  @Column({ type: 'integer' })
  learningMinutes!: number;

  /** The final score (percent), printed when the course has quizzes; null otherwise. */
  @Column({ type: 'double precision', nullable: true })
  score!: number | null;

  /** The PDF's name in the certificate store: random, never derived from what a learner sees. */
  @Column({ type: 'text' })
  storageKey!: string;

  /** The certificate's place in the published status list (credentials), from certificates_status_index_seq. */
  @Column({ type: 'integer' })
  statusIndex!: number;

  /** The bulk batch that issued it, if one did. */
  @Column({ type: 'uuid', nullable: true })
  batchId!: string | null;

  @ManyToOne(() => CertificateBatch, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'batch_id' })
  batch?: Relation<CertificateBatch> | null;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;

  @Column({ type: 'uuid', nullable: true })
  revokedBy!: string | null;

  @ManyToOne('User', { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'revoked_by' })
  revoker?: Relation<User> | null;

  @Column({ type: 'text', nullable: true })
  revocationReason!: string | null;

  /** Set when a re-issue replaced it (it is revoked at the same moment). */
  @Column({ type: 'timestamptz', nullable: true })
  supersededAt!: Date | null;

  @Column({ type: 'uuid', nullable: true })
  supersededById!: string | null;

  @ManyToOne(() => Certificate, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'superseded_by_id' })
  supersededBy?: Relation<Certificate> | null;

  /** Set when the holder deleted their account: the name and score are erased, the certificate revoked, its file deleted. */
  @Column({ type: 'timestamptz', nullable: true })
  holderErasedAt!: Date | null;
}

export const BATCH_ITEM_STATES = ['pending', 'done', 'skipped', 'failed'] as const;
export type BatchItemState = (typeof BATCH_ITEM_STATES)[number];

/** One completion of a batch and what became of it. */
@Entity({ name: 'certificate_batch_items' })
@Index('idx_certificate_batch_items_completion_id', ['completionId'])
@Index('idx_certificate_batch_items_certificate_id', ['certificateId'])
@Check('chk_certificate_batch_items_state', `"state" IN ('pending', 'done', 'skipped', 'failed')`)
export class CertificateBatchItem {
  @PrimaryColumn({ type: 'uuid' })
  batchId!: string;

  @ManyToOne(() => CertificateBatch, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'batch_id' })
  batch?: Relation<CertificateBatch>;

  @PrimaryColumn({ type: 'uuid' })
  completionId!: string;

  @ManyToOne('CourseCompletion', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'completion_id' })
  completion?: unknown;

  @Column({ type: 'text', default: 'pending' })
  state!: BatchItemState;

  @Column({ type: 'uuid', nullable: true })
  certificateId!: string | null;

  @ManyToOne(() => Certificate, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'certificate_id' })
  certificate?: Relation<Certificate> | null;

  @Column({ type: 'text', nullable: true })
  error!: string | null;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}

export const CERTIFICATES_ENTITIES = [CertificateBatch, Certificate, CertificateBatchItem];
