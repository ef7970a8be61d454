import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsIn, IsInt, IsOptional, IsString, Length, Matches, MaxLength, Min, ValidateBy, ValidateIf } from 'class-validator';
import { ORG_ROLES, type OrgRole } from '../../common/auth/access.js';
import { PageQueryDto } from '../../common/http/pagination.js';
import { isHttpsUrl, isPhone, SUPPORT_LIMITS } from './organisation-support.js';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const trimLower = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value);
/** Names end up in mail subjects and pages: no control characters (line breaks, NUL…). */
const NO_CONTROL_CHARACTERS = /^[^\p{Cc}]*$/u;
const noControl = (field: string) => Matches(NO_CONTROL_CHARACTERS, { message: `${field} must not contain control characters` });

// ── organisations ───────────────────────────────────────────────────────────────

export class CreateOrganisationDto {
  @ApiProperty({ minLength: 2, maxLength: 120, example: 'La Strada International' })
  @Transform(trim)
  @IsString()
  @Length(2, 120)
  @noControl('name')
  name!: string;
}

export class UpdateOrganisationDto {
  @ApiProperty({ minLength: 2, maxLength: 120, example: 'La Strada International', description: 'The slug does not change' })
  @Transform(trim)
  @IsString()
  @Length(2, 120)
  @noControl('name')
  name!: string;
}

export class ListOrganisationsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ maxLength: 120, description: 'Part of the name, case-insensitive' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(120)
  q?: string;
}

export class OrganisationSummaryDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty({ example: 'la-strada-international' })
  slug!: string;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ enum: ORG_ROLES, enumName: 'OrgRole', nullable: true, description: 'Your role; null when you are a platform admin but not a member' })
  role!: OrgRole | null;
}

export class OrganisationDto extends OrganisationSummaryDto {
  @ApiProperty({ description: 'Members with an active account' })
  memberCount!: number;
}

export class OrganisationPageDto {
  @ApiProperty({ type: [OrganisationSummaryDto] })
  items!: OrganisationSummaryDto[];

  @ApiProperty({ type: String, nullable: true, description: 'Pass as cursor for the next page; null on the last page' })
  nextCursor!: string | null;
}

// ── safeguarding contact and support line ───────────────────────────────────────

/** Trimmed; an empty field means "not set" (null). */
const trimOrNull = ({ value }: { value: unknown }) => {
  if (typeof value !== 'string') return value;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
};
const lowerOrNull = ({ value }: { value: unknown }) => {
  const trimmed = trimOrNull({ value });
  return typeof trimmed === 'string' ? trimmed.toLowerCase() : trimmed;
};
const isSet = (_: object, value: unknown) => value !== null && value !== undefined;
const phoneCheck = (field: string) =>
  ValidateBy({
    name: 'isPhone',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && isPhone(value),
      defaultMessage: () => `${field} must be a phone number: digits, spaces, dashes or brackets, with an optional leading +`,
    },
  });
const httpsUrlCheck = (field: string) =>
  ValidateBy({
    name: 'isHttpsUrl',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && isHttpsUrl(value),
      defaultMessage: () => `${field} must be an https:// web address`,
    },
  });

export class UpdateOrganisationSupportDto {
  @ApiPropertyOptional({ type: String, nullable: true, maxLength: SUPPORT_LIMITS.name, example: 'Designated safeguarding lead' })
  @Transform(trimOrNull)
  @ValidateIf(isSet)
  @IsString()
  @MaxLength(SUPPORT_LIMITS.name)
  @noControl('safeguardingName')
  safeguardingName?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: SUPPORT_LIMITS.email, example: 'safeguarding@example.org' })
  @Transform(lowerOrNull)
  @ValidateIf(isSet)
  @IsEmail({}, { message: 'safeguardingEmail must be an email address' })
  @MaxLength(SUPPORT_LIMITS.email)
  safeguardingEmail?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: SUPPORT_LIMITS.phone, example: '+44 20 7946 0000' })
  @Transform(trimOrNull)
  @ValidateIf(isSet)
  @IsString()
  @MaxLength(SUPPORT_LIMITS.phone)
  @phoneCheck('safeguardingPhone')
  safeguardingPhone?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: SUPPORT_LIMITS.name, example: 'Employee assistance line' })
  @Transform(trimOrNull)
  @ValidateIf(isSet)
  @IsString()
  @MaxLength(SUPPORT_LIMITS.name)
  @noControl('supportLineName')
  supportLineName?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: SUPPORT_LIMITS.phone, example: '0800 000 000' })
  @Transform(trimOrNull)
  @ValidateIf(isSet)
  @IsString()
  @MaxLength(SUPPORT_LIMITS.phone)
  @phoneCheck('supportLinePhone')
  supportLinePhone?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: SUPPORT_LIMITS.url, example: 'https://support.example.org', description: 'https only' })
  @Transform(trimOrNull)
  @ValidateIf(isSet)
  @IsString()
  @MaxLength(SUPPORT_LIMITS.url)
  @httpsUrlCheck('supportLineUrl')
  supportLineUrl?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: SUPPORT_LIMITS.hours, example: 'Every day, 8:00-20:00' })
  @Transform(trimOrNull)
  @ValidateIf(isSet)
  @IsString()
  @MaxLength(SUPPORT_LIMITS.hours)
  @noControl('supportLineHours')
  supportLineHours?: string | null;

  @ApiProperty({ type: 'integer', minimum: 0, description: 'The version you loaded (0 before the first save); a stale one is refused with 409' })
  @IsInt()
  @Min(0)
  version!: number;
}

export class OrganisationSupportDto {
  @ApiProperty({ format: 'uuid' })
  organisationId!: string;

  @ApiProperty({ type: String, nullable: true })
  safeguardingName!: string | null;

  @ApiProperty({ type: String, nullable: true })
  safeguardingEmail!: string | null;

  @ApiProperty({ type: String, nullable: true })
  safeguardingPhone!: string | null;

  @ApiProperty({ type: String, nullable: true })
  supportLineName!: string | null;

  @ApiProperty({ type: String, nullable: true })
  supportLinePhone!: string | null;

  @ApiProperty({ type: String, nullable: true })
  supportLineUrl!: string | null;

  @ApiProperty({ type: String, nullable: true })
  supportLineHours!: string | null;

  @ApiProperty({ type: 'integer', description: 'Send it back with your change' })
  version!: number;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'Null until first saved' })
  updatedAt!: string | null;
}

// ── members ─────────────────────────────────────────────────────────────────────

export class ListMembersQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ maxLength: 200, description: 'Part of the display name or email, case-insensitive' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({ enum: ORG_ROLES, enumName: 'OrgRole' })
  @IsOptional()
  @IsIn(ORG_ROLES)
  role?: OrgRole;
}

export class ChangeMemberRoleDto {
  @ApiProperty({ enum: ORG_ROLES, enumName: 'OrgRole' })
  @IsIn(ORG_ROLES)
  role!: OrgRole;
}

export class MemberDto {
  @ApiProperty({ format: 'uuid' })
  userId!: string;

  @ApiProperty()
  displayName!: string;

  @ApiProperty()
  email!: string;

  @ApiProperty({ enum: ORG_ROLES, enumName: 'OrgRole' })
  role!: OrgRole;

  @ApiProperty({ format: 'date-time' })
  joinedAt!: string;
}

export class MemberPageDto {
  @ApiProperty({ type: [MemberDto] })
  items!: MemberDto[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor!: string | null;
}

// ── invitations ─────────────────────────────────────────────────────────────────

export class CreateInvitationDto {
  @ApiProperty({ example: 'ana.silva@example.org', maxLength: 254 })
  @Transform(trimLower)
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  email!: string;

  @ApiProperty({ enum: ORG_ROLES, enumName: 'OrgRole' })
  @IsIn(ORG_ROLES)
  role!: OrgRole;
}

export class InvitationDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  email!: string;

  @ApiProperty({ enum: ORG_ROLES, enumName: 'OrgRole' })
  role!: OrgRole;

  @ApiProperty({ format: 'date-time' })
  expiresAt!: string;
}

export class PendingInvitationDto extends InvitationDto {
  @ApiProperty({ format: 'date-time' })
  createdAt!: string;
}

export class InvitationPageDto {
  @ApiProperty({ type: [PendingInvitationDto] })
  items!: PendingInvitationDto[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor!: string | null;
}

export class InvitationTokenQueryDto {
  @ApiProperty({ description: 'The token from the invitation link' })
  @IsString()
  @Length(1, 200)
  token!: string;
}

export class InvitationPreviewDto {
  @ApiProperty()
  organisationName!: string;

  @ApiProperty({ enum: ORG_ROLES, enumName: 'OrgRole' })
  role!: OrgRole;

  @ApiProperty()
  email!: string;

  @ApiProperty({ format: 'date-time' })
  expiresAt!: string;

  @ApiProperty({ description: 'Whether an account with this email exists: then sign in to accept, else create one' })
  accountExists!: boolean;
}

export class AcceptInvitationDto {
  @ApiProperty({ description: 'The token from the invitation link' })
  @IsString()
  @Length(1, 200)
  token!: string;

  @ApiPropertyOptional({ minLength: 1, maxLength: 100, description: 'Required to create an account (when not signed in and no account exists)' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 100)
  @noControl('displayName')
  displayName?: string;

  @ApiPropertyOptional({ minLength: 12, maxLength: 256, description: 'Required to create an account; at least 12 characters, not a common password' })
  @IsOptional()
  @IsString()
  @MaxLength(256)
  password?: string;
}

export class AcceptedInvitationDto {
  @ApiProperty({ format: 'uuid' })
  organisationId!: string;

  @ApiProperty()
  organisationName!: string;

  @ApiProperty({ enum: ORG_ROLES, enumName: 'OrgRole', description: 'Your role now (the higher one if you were already a member)' })
  role!: OrgRole;
}

// ── audit ───────────────────────────────────────────────────────────────────────

export class AuditEventDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'date-time' })
  occurredAt!: string;

  @ApiProperty({ example: 'membership.role_changed' })
  action!: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  actorUserId!: string | null;

  @ApiProperty({ type: String, nullable: true })
  actorName!: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  organisationId!: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'user' })
  targetType!: string | null;

  @ApiProperty({ type: String, nullable: true })
  targetId!: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'Only shown to platform admins' })
  ip!: string | null;

  @ApiProperty({ type: String, nullable: true })
  requestId!: string | null;

  @ApiProperty({ type: 'object', additionalProperties: true })
  metadata!: Record<string, unknown>;
}

export class AuditEventPageDto {
  @ApiProperty({ type: [AuditEventDto] })
  items!: AuditEventDto[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor!: string | null;
}
