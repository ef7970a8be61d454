import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsEmail, IsIn, IsOptional, IsString, IsUUID, Length, Matches, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../common/http/pagination.js';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const NO_CONTROL_CHARACTERS = /^[^\p{Cc}]*$/u;
const STATUSES = ['valid', 'expired', 'revoked'] as const;

export class CertificateDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'HTM-7K3M-Q9XZ-2B4T', description: 'The certificate number printed on it' })
  code!: string;

  @ApiProperty({ description: 'The course version’s title as printed' })
  courseTitle!: string;

  @ApiProperty()
  courseSlug!: string;

  @ApiProperty({ type: 'integer' })
  courseVersion!: number;

  @ApiProperty({ type: String, format: 'date-time' })
  issuedAt!: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'null: does not expire' })
  expiresAt!: string | null;

  @ApiProperty({ enum: STATUSES, description: 'revoked (also when a corrected re-issue replaced it) over expired over valid' })
  status!: (typeof STATUSES)[number];

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  revokedAt!: string | null;

  @ApiProperty({
    description: 'The public verification page (the QR code on the PDF points here)',
    example: 'https://academy.example.org/verify/HTM-7K3M-Q9XZ-2B4T',
  })
  verifyUrl!: string;
}

export class CertificatePageDto {
  @ApiProperty({ type: [CertificateDto] })
  items!: CertificateDto[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor!: string | null;
}

export class OrganisationCertificateDto extends CertificateDto {
  @ApiProperty({ format: 'uuid' })
  userId!: string;

  @ApiProperty({ type: String, nullable: true, description: 'The name as registered when it was issued; null once the holder deleted their account' })
  holderName!: string | null;

  @ApiProperty({ description: 'The holder deleted their account: the certificate is withdrawn (revoked), its name erased and its file deleted' })
  accountDeleted!: boolean;

  @ApiProperty({ type: String, format: 'date-time' })
  completedAt!: string;

  @ApiProperty({ type: String, nullable: true })
  revocationReason!: string | null;
}

export class AdminCertificateDto extends OrganisationCertificateDto {
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The issuing organisation (a tailored course’s); null: HTMSE Academy’s own course',
  })
  organisationId!: string | null;

  @ApiProperty({ description: 'The issuer as printed' })
  issuerName!: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When a re-issue replaced it (it is revoked then)' })
  supersededAt!: string | null;
}

export class AdminCertificatePageDto {
  @ApiProperty({ type: [AdminCertificateDto] })
  items!: AdminCertificateDto[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor!: string | null;
}

export class AdminCertificatesQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    description: 'A certificate number as printed (lower case, spaces, missing dashes, O for 0 and I or L for 1 are forgiven). Give this or email.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(40, { message: 'code must be at most 40 characters' })
  code?: string;

  @ApiPropertyOptional({ description: 'The learner’s email: every certificate of the account, superseded ones too. Give this or code.' })
  @IsOptional()
  @Transform(trim)
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254, { message: 'email must be at most 254 characters' })
  email?: string;
}

export class OrganisationCertificatePageDto {
  @ApiProperty({ type: [OrganisationCertificateDto] })
  items!: OrganisationCertificateDto[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor!: string | null;
}

export class MyCertificatesQueryDto extends PageQueryDto {}

export class OrganisationCertificatesQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: STATUSES })
  @IsOptional()
  @IsIn(STATUSES, { message: `status must be one of ${STATUSES.join(', ')}` })
  status?: (typeof STATUSES)[number];
}

export class VerificationIssuerDto {
  @ApiProperty({ example: 'HTMSE Academy' })
  name!: string;
}

/** Only what the certificate itself shows, and whether it stands: nothing else about its holder. */
export class CertificateVerificationDto {
  @ApiProperty({ example: 'HTM-7K3M-Q9XZ-2B4T' })
  code!: string;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The name printed on the certificate (as registered when it was issued); null once the holder deleted their account',
  })
  holderName!: string | null;

  @ApiProperty({ description: 'Withdrawn because the holder deleted their account (status is then revoked; no name is shown)' })
  accountDeleted!: boolean;

  @ApiProperty()
  courseTitle!: string;

  @ApiProperty({ type: 'integer' })
  courseVersion!: number;

  @ApiProperty({ type: VerificationIssuerDto })
  issuer!: VerificationIssuerDto;

  @ApiProperty({ type: String, format: 'date-time' })
  issuedAt!: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  expiresAt!: string | null;

  @ApiProperty({ enum: STATUSES })
  status!: (typeof STATUSES)[number];

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  revokedAt!: string | null;
}

export class RevokeCertificateDto {
  @ApiProperty({ minLength: 1, maxLength: 500, description: 'Why; kept with the certificate and in the audit trail (not shown on the public verification)' })
  @Transform(trim)
  @IsString()
  @Length(1, 500, { message: 'reason must be 1 to 500 characters' })
  @Matches(NO_CONTROL_CHARACTERS, { message: 'reason must not contain control characters' })
  reason!: string;
}

export class CreateCertificateBatchDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Completions of this course' })
  @IsOptional()
  @IsUUID('all', { message: 'courseId must be a UUID' })
  courseId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Completions of this organisation’s tailored courses' })
  @IsOptional()
  @IsUUID('all', { message: 'organisationId must be a UUID' })
  organisationId?: string;

  @ApiPropertyOptional({ type: [String], format: 'uuid', maxItems: 1000, description: 'Completions of these learners' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @IsUUID('all', { each: true, message: 'userIds must be UUIDs' })
  userIds?: string[];

  @ApiProperty({ minLength: 1, maxLength: 500, example: 'Names corrected after the regrade of 3 March' })
  @Transform(trim)
  @IsString()
  @Length(1, 500, { message: 'reason must be 1 to 500 characters' })
  @Matches(NO_CONTROL_CHARACTERS, { message: 'reason must not contain control characters' })
  reason!: string;
}

export class CertificateBatchCreatedDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ type: 'integer', description: 'Standing completions the batch covers (one job each)' })
  total!: number;
}

export class CertificateBatchDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ type: 'integer' })
  total!: number;

  @ApiProperty({ type: 'integer', description: 'Issued or re-issued (a certificate this batch issued before counts once)' })
  done!: number;

  @ApiProperty({ type: 'integer', description: 'Failed after every retry (the job stays in the queue dashboard with its reason)' })
  failed!: number;

  @ApiProperty({
    type: 'integer',
    description: 'Nothing to do: the completion was revoked or archived meanwhile, its certificate is revoked, or the account was deleted',
  })
  skipped!: number;

  @ApiProperty({ enum: ['running', 'done'] })
  state!: 'running' | 'done';

  @ApiProperty()
  reason!: string;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt!: string;
}
