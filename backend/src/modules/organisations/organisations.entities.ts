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
import type { OrgRole } from '../../common/auth/access.js';
import type { User } from '../identity/index.js';

@Entity({ name: 'organisations' })
@Check('chk_organisations_safeguarding_name', `char_length("safeguarding_name") <= 120`)
@Check('chk_organisations_safeguarding_email', `char_length("safeguarding_email") <= 254`)
@Check('chk_organisations_safeguarding_phone', `char_length("safeguarding_phone") <= 40`)
@Check('chk_organisations_support_line_name', `char_length("support_line_name") <= 120`)
@Check('chk_organisations_support_line_phone', `char_length("support_line_phone") <= 40`)
@Check('chk_organisations_support_line_url', `char_length("support_line_url") <= 500 AND "support_line_url" LIKE 'https://%'`)
@Check('chk_organisations_support_line_hours', `char_length("support_line_hours") <= 200`)
@Check('chk_organisations_support_version', `"support_version" >= 0`)
export class Organisation {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text', unique: true })
  slug!: string;

  @Column({ type: 'uuid', nullable: true })
  createdBy!: string | null;

  @ManyToOne('User', { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'created_by' })
  creator?: Relation<User>;

  // The safeguarding contact and support line its members see on sensitive pages (all optional).
  @Column({ type: 'text', nullable: true })
  safeguardingName!: string | null;

  @Column({ type: 'text', nullable: true })
  safeguardingEmail!: string | null;

  @Column({ type: 'text', nullable: true })
  safeguardingPhone!: string | null;

  @Column({ type: 'text', nullable: true })
  supportLineName!: string | null;

  @Column({ type: 'text', nullable: true })
  supportLinePhone!: string | null;

  @Column({ type: 'text', nullable: true })
  supportLineUrl!: string | null;

  @Column({ type: 'text', nullable: true })
  supportLineHours!: string | null;

  @Column({ type: 'integer', default: 0 })
  supportVersion!: number;

  @Column({ type: 'timestamptz', nullable: true })
  supportUpdatedAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}

@Entity({ name: 'memberships' })
@Unique('uq_memberships_organisation_id_user_id', ['organisationId', 'userId'])
@Check(`"role" IN ('learner', 'trainer', 'org_admin')`)
@Index('idx_memberships_user_id', ['userId'])
export class Membership {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  organisationId!: string;

  @ManyToOne(() => Organisation, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: Relation<Organisation>;

  @Column({ type: 'uuid' })
  userId!: string;

  @ManyToOne('User', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: Relation<User>;

  @Column({ type: 'text' })
  role!: OrgRole;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}

@Entity({ name: 'invitations' })
@Check(`"role" IN ('learner', 'trainer', 'org_admin')`)
@Check(`"email" = lower("email")`)
@Index('idx_invitations_organisation_id', ['organisationId'])
export class Invitation {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  organisationId!: string;

  @ManyToOne(() => Organisation, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: Relation<Organisation>;

  @Column({ type: 'text' })
  email!: string;

  @Column({ type: 'text' })
  role!: OrgRole;

  @Column({ type: 'text', unique: true })
  tokenHash!: string;

  @Column({ type: 'uuid', nullable: true })
  invitedBy!: string | null;

  @ManyToOne('User', { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'invited_by' })
  inviter?: Relation<User>;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @Column({ type: 'timestamptz' })
  expiresAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  acceptedAt!: Date | null;

  @Column({ type: 'uuid', nullable: true })
  acceptedBy!: string | null;

  @ManyToOne('User', { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'accepted_by' })
  acceptor?: Relation<User>;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;
}

/** Every entity of the organisations module, for TypeOrmModule.forFeature and the data source. */
export const ORGANISATIONS_ENTITIES = [Organisation, Membership, Invitation];
