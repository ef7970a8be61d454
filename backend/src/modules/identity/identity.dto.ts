import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsIn, IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { ORG_ROLES, type OrgRole } from '../../common/auth/access.js';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class RegisterDto {
  @ApiProperty({ example: 'ana.silva@example.org', maxLength: 254 })
  @Transform(trim)
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  email!: string;

  @ApiProperty({ example: 'Ana Silva', minLength: 1, maxLength: 100 })
  @Transform(trim)
  @IsString()
  @Length(1, 100)
  displayName!: string;

  @ApiProperty({ minLength: 12, maxLength: 256, description: 'At least 12 characters; not one of the most common passwords' })
  @IsString()
  @MaxLength(256)
  password!: string;
}

export class LoginDto {
  @ApiProperty({ example: 'ana.silva@example.org' })
  @Transform(trim)
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  email!: string;

  @ApiProperty()
  @IsString()
  @Length(1, 256)
  password!: string;

  @ApiPropertyOptional({
    enum: ['cookie', 'body'],
    default: 'cookie',
    description: 'cookie: browser sessions (httpOnly cookies). body: API clients get the refresh token in the response instead.',
  })
  @IsOptional()
  @IsIn(['cookie', 'body'])
  tokenDelivery?: 'cookie' | 'body';
}

export class RefreshDto {
  @ApiPropertyOptional({ description: 'API clients send it here; browsers send the htmse_refresh cookie instead' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  refreshToken?: string;
}

export class TokenResponseDto {
  @ApiProperty({ description: 'A JWT for the Authorization: Bearer header' })
  accessToken!: string;

  @ApiProperty({ description: 'Seconds until the access token expires', example: 900 })
  expiresIn!: number;

  @ApiPropertyOptional({ description: 'Only with tokenDelivery "body": use it once at /api/auth/refresh' })
  refreshToken?: string;
}

export class TokenDto {
  @ApiProperty({ description: 'The token from the emailed link' })
  @IsString()
  @Length(10, 200)
  token!: string;
}

export class EmailDto {
  @ApiProperty({ example: 'ana.silva@example.org' })
  @Transform(trim)
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  email!: string;
}

export class ResetPasswordDto {
  @ApiProperty()
  @IsString()
  @Length(10, 200)
  token!: string;

  @ApiProperty({ minLength: 12, maxLength: 256 })
  @IsString()
  @MaxLength(256)
  password!: string;
}

export class ChangePasswordDto {
  @ApiProperty()
  @IsString()
  @Length(1, 256)
  currentPassword!: string;

  @ApiProperty({ minLength: 12, maxLength: 256 })
  @IsString()
  @MaxLength(256)
  newPassword!: string;
}

export class UpdateProfileDto {
  @ApiProperty({ minLength: 1, maxLength: 100 })
  @Transform(trim)
  @IsString()
  @Length(1, 100)
  displayName!: string;
}

export class DeleteAccountDto {
  @ApiProperty({ description: 'Your current password, to confirm' })
  @IsString()
  @Length(1, 256)
  password!: string;
}

export class AcceptedResponseDto {
  @ApiProperty({ example: 'If the address can receive mail, a message is on its way.' })
  message!: string;
}

export class SafeguardingContactDto {
  @ApiProperty({ type: String, nullable: true, description: 'A name or a role' })
  name!: string | null;
  @ApiProperty({ type: String, nullable: true })
  email!: string | null;
  @ApiProperty({ type: String, nullable: true })
  phone!: string | null;
}

export class SupportLineDto {
  @ApiProperty({ type: String, nullable: true })
  name!: string | null;
  @ApiProperty({ type: String, nullable: true })
  phone!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'https only' })
  url!: string | null;
  @ApiProperty({ type: String, nullable: true })
  hours!: string | null;
}

export class MembershipSupportDto {
  @ApiProperty({ type: () => SafeguardingContactDto, nullable: true, description: 'Null when the organisation has not set one' })
  safeguardingContact!: SafeguardingContactDto | null;
  @ApiProperty({ type: () => SupportLineDto, nullable: true, description: 'Null when the organisation has not set one' })
  supportLine!: SupportLineDto | null;
}

export class MembershipSummaryDto {
  @ApiProperty({ format: 'uuid' })
  organisationId!: string;

  @ApiProperty()
  organisationName!: string;

  @ApiProperty({ enum: ORG_ROLES })
  role!: OrgRole;

  @ApiProperty({ type: () => MembershipSupportDto, description: 'Who the organisation’s members can turn to, as its org admins set it (the support panel)' })
  support!: MembershipSupportDto;
}

export class MeResponseDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  email!: string;

  @ApiProperty()
  displayName!: string;

  @ApiProperty()
  emailVerified!: boolean;

  @ApiProperty()
  isPlatformAdmin!: boolean;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ type: [MembershipSummaryDto] })
  memberships!: MembershipSummaryDto[];
}

export class ExportedSessionDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty({ format: 'date-time' })
  createdAt!: string;
  @ApiProperty({ format: 'date-time' })
  lastUsedAt!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  revokedAt!: string | null;
  @ApiProperty({ nullable: true, type: String })
  userAgent!: string | null;
  @ApiProperty({ nullable: true, type: String })
  ip!: string | null;
}

/** A browser the account has signed in from (the device cookie; only its hash is held). */
export class ExportedKnownDeviceDto {
  @ApiProperty({ format: 'date-time' })
  firstSeenAt!: string;
  @ApiProperty({ format: 'date-time' })
  lastSeenAt!: string;
}

export class ExportedEventDto {
  @ApiProperty({ format: 'date-time' })
  occurredAt!: string;
  @ApiProperty()
  action!: string;
  @ApiProperty({ nullable: true, type: String })
  ip!: string | null;
}

export class ExportedLearningRecordDto {
  @ApiProperty({ enum: ['enrolment'] })
  kind!: 'enrolment';
  @ApiProperty()
  courseSlug!: string;
  @ApiProperty()
  courseTitle!: string;
  @ApiProperty({ description: 'The course version the enrolment is pinned to' })
  versionNumber!: number;
  @ApiProperty({ format: 'date-time' })
  enrolledAt!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  dueAt!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'Set when a re-take replaced this enrolment' })
  archivedAt!: string | null;
  @ApiProperty({ type: () => [ExportedLessonProgressDto], description: 'Your progress in each lesson you started' })
  lessonProgress!: ExportedLessonProgressDto[];
  @ApiProperty({ type: () => [ExportedCompletionDto], description: 'Your completions of the course (revoked and archived ones included)' })
  completions!: ExportedCompletionDto[];
}

export class ExportedLessonProgressDto {
  @ApiProperty({ format: 'uuid' })
  lessonId!: string;
  @ApiProperty()
  lessonTitle!: string;
  @ApiProperty({ format: 'date-time' })
  startedAt!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  completedAt!: string | null;
  @ApiProperty({ type: 'integer' })
  timeSpentSeconds!: number;
  @ApiProperty({ type: Number, nullable: true })
  position!: number | null;
}

export class ExportedCompletionDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty({ format: 'date-time' })
  completedAt!: string;
  @ApiProperty({ type: Number, nullable: true })
  finalScore!: number | null;
  @ApiProperty({ type: 'integer' })
  timeSpentSeconds!: number;
  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  expiresAt!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  revokedAt!: string | null;
  @ApiProperty({ type: String, nullable: true })
  revokedReason!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  archivedAt!: string | null;
}

/** A private reflection the person wrote on a lesson (only ever exported to its writer). */
export class ExportedReflectionDto {
  @ApiProperty({ format: 'uuid' })
  lessonId!: string;
  @ApiProperty()
  lessonTitle!: string;
  @ApiProperty()
  moduleTitle!: string;
  @ApiProperty()
  text!: string;
  @ApiProperty({ type: 'integer' })
  version!: number;
  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;
}

export class AccountExportDto {
  @ApiProperty({ format: 'date-time' })
  exportedAt!: string;
  @ApiProperty({ type: MeResponseDto })
  account!: MeResponseDto;
  @ApiProperty({ type: [ExportedSessionDto] })
  sessions!: ExportedSessionDto[];
  @ApiProperty({ type: [ExportedKnownDeviceDto] })
  knownDevices!: ExportedKnownDeviceDto[];
  @ApiProperty({ type: [ExportedEventDto] })
  securityEvents!: ExportedEventDto[];
  @ApiProperty({ type: [ExportedLearningRecordDto] })
  learningRecords!: ExportedLearningRecordDto[];
  @ApiProperty({ type: [ExportedReflectionDto], description: 'Your private reflections on lessons' })
  reflections!: ExportedReflectionDto[];
  @ApiProperty({
    type: 'array',
    items: { type: 'object', additionalProperties: true },
    description: 'Your learning records as xAPI 1.0.3 statements, oldest first (at most the newest 10,000; all of them: GET /api/me/records/download)',
  })
  learningStatements!: Record<string, unknown>[];
  @ApiProperty({ description: 'False when you have more learning records than this export holds' })
  learningStatementsComplete!: boolean;
}
