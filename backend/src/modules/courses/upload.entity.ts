import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique, type Relation } from 'typeorm';
import type { User } from '../identity/index.js';
import type { Organisation } from '../organisations/index.js';

/**
 * One stored upload (an image for a lesson) and whose storage quota it counts against: an
 * organisation, or the platform's own allowance (organisation_id null, platform admins'
 * uploads). An organisation's usage is the sum of its rows, taken under an advisory lock per
 * owner when an upload is accepted, so parallel uploads cannot overshoot the quota.
 */
@Entity({ name: 'uploads' })
@Unique('uq_uploads_file_name', ['fileName'])
@Check('chk_uploads_file_name', `"file_name" ~ '^[a-f0-9]{32}\\.(png|jpg|webp|gif)$'`)
@Check('chk_uploads_size_bytes', `"size_bytes" > 0`)
@Index('idx_uploads_organisation_id', ['organisationId'])
export class Upload {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** The stored name (random id and extension), as served under /api/uploads/. */
  @Column({ type: 'text' })
  fileName!: string;

  /** Null: the platform's allowance. */
  @Column({ type: 'uuid', nullable: true })
  organisationId!: string | null;

  @ManyToOne('Organisation', { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: Relation<Organisation> | null;

  @Column({ type: 'uuid', nullable: true })
  uploadedBy!: string | null;

  @ManyToOne('User', { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'uploaded_by' })
  uploader?: Relation<User> | null;

  @Column({ type: 'integer' })
  sizeBytes!: number;

  @Column({ type: 'text' })
  contentType!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
