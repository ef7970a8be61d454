import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsEmail, IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, MaxLength, Min } from 'class-validator';
import { ENQUIRY_STATUSES, type EnquiryStatus } from './enquiry.entity.js';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
/** One line: no control characters (the organisation and name go into a mail subject and greeting). */
const SINGLE_LINE = /^[^\p{Cc}]*$/u;

export class CreateEnquiryDto {
  @ApiProperty({ minLength: 1, maxLength: 200 })
  @Transform(trim)
  @IsString()
  @Length(1, 200)
  @Matches(SINGLE_LINE, { message: 'organisation must be a single line' })
  organisation!: string;

  @ApiProperty({ minLength: 1, maxLength: 200 })
  @Transform(trim)
  @IsString()
  @Length(1, 200)
  @Matches(SINGLE_LINE, { message: 'contactName must be a single line' })
  contactName!: string;

  @ApiProperty({ maxLength: 320 })
  @Transform(trim)
  @IsString()
  @MaxLength(320)
  @IsEmail({}, { message: 'email must be an email address' })
  email!: string;

  @ApiProperty({ minLength: 1, maxLength: 4000, description: 'What training the organisation needs' })
  @IsString()
  @Length(1, 4000)
  needs!: string;

  @ApiProperty({ type: 'integer', minimum: 1, maximum: 1000000 })
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  staffCount!: number;

  @ApiPropertyOptional({ maxLength: 500 })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  preferredTiming?: string;
}

export class EnquiryReceiptDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  message!: string;
}

export class EnquiryDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  organisation!: string;

  @ApiProperty()
  contactName!: string;

  @ApiProperty()
  email!: string;

  @ApiProperty()
  needs!: string;

  @ApiProperty({ type: 'integer' })
  staffCount!: number;

  @ApiProperty({ type: String, nullable: true })
  preferredTiming!: string | null;

  @ApiProperty({ enum: ENQUIRY_STATUSES })
  status!: EnquiryStatus;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;
}

export class EnquiryListDto {
  @ApiProperty({ type: () => [EnquiryDto] })
  items!: EnquiryDto[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor!: string | null;
}

export class ListEnquiriesQueryDto {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 100, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;

  @ApiPropertyOptional({ maxLength: 500, description: 'nextCursor from the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  cursor?: string;

  @ApiPropertyOptional({ enum: ENQUIRY_STATUSES })
  @IsOptional()
  @IsIn(ENQUIRY_STATUSES)
  status?: EnquiryStatus;
}

export class UpdateEnquiryDto {
  @ApiProperty({ enum: ENQUIRY_STATUSES })
  @IsIn(ENQUIRY_STATUSES)
  status!: EnquiryStatus;
}
