import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { PageQueryDto } from '../../common/http/pagination.js';
import type { AttentionCode } from './attention.repository.js';

const ATTENTION_CODES: AttentionCode[] = ['overdue', 'due_soon', 'failed_attempts', 'certificate_expired', 'certificate_expiring', 'inactive'];

export class AttentionQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Only this cohort (one you train, or of your organisation as an org admin)' })
  @IsOptional()
  @IsUUID('all', { message: 'cohortId must be a UUID' })
  cohortId?: string;
}

export class AttentionReasonDto {
  @ApiProperty({ enum: ATTENTION_CODES, enumName: 'AttentionCode' })
  code!: AttentionCode;

  @ApiProperty({ description: 'The reason in words, e.g. "Foundations is due on 2026-12-09"', example: 'No learning for 21 days' })
  detail!: string;

  @ApiProperty({
    format: 'date-time',
    nullable: true,
    type: String,
    description: 'The due date, the expiry, the last failed attempt, or the last learning (inactive)',
  })
  at!: string | null;

  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  courseId!: string | null;

  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  quizId!: string | null;
}

export class AttentionItemDto {
  @ApiProperty({ format: 'uuid' })
  cohortId!: string;

  @ApiProperty()
  cohortName!: string;

  @ApiProperty({ format: 'uuid' })
  userId!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty()
  email!: string;

  @ApiProperty({ type: [AttentionReasonDto], description: 'Most urgent first: overdue, due soon, failed attempts, completions expired or expiring, inactive' })
  reasons!: AttentionReasonDto[];
}

export class AttentionPageDto {
  @ApiProperty({ type: [AttentionItemDto] })
  items!: AttentionItemDto[];

  @ApiProperty({ nullable: true, type: String })
  nextCursor!: string | null;
}

export class RemindDto {
  @ApiPropertyOptional({ maxLength: 500, description: 'A few words of your own, added to the reminder as written (plain text)' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  message?: string;
}

export class ReminderSentDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  learnerId!: string;

  @ApiProperty({ format: 'uuid' })
  cohortId!: string;

  @ApiProperty({ format: 'date', description: 'The UTC day: the next reminder to this learner can be sent the day after' })
  sentOn!: string;
}

export class AttentionSettingsDto {
  @ApiProperty({ minimum: 1, maximum: 365, description: 'A learner with no learning on their cohort’s courses for this many days is listed as inactive' })
  inactiveDays!: number;
}

export class UpdateAttentionSettingsDto {
  @ApiProperty({ minimum: 1, maximum: 365, example: 14 })
  @IsInt({ message: 'inactiveDays must be a whole number of days' })
  @Min(1)
  @Max(365)
  inactiveDays!: number;
}
