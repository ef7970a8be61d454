import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsDefined,
  IsIn,
  IsInt,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';

export const GRADING_METHODS = ['highest', 'last', 'first', 'average'] as const;
export type GradingMethod = (typeof GRADING_METHODS)[number];
export const REVIEW_TIMINGS = ['immediately', 'after_close', 'never'] as const;
export type ReviewTiming = (typeof REVIEW_TIMINGS)[number];
export const MAX_SLOTS = 50;

export class ReviewPolicyInputDto {
  @ApiProperty({ enum: REVIEW_TIMINGS, description: 'When the learner sees their score' })
  @IsIn(REVIEW_TIMINGS)
  score!: ReviewTiming;

  @ApiProperty({ enum: REVIEW_TIMINGS, description: 'When they see which answers were right' })
  @IsIn(REVIEW_TIMINGS)
  correctness!: ReviewTiming;

  @ApiProperty({ enum: REVIEW_TIMINGS, description: 'When they see the right answers' })
  @IsIn(REVIEW_TIMINGS)
  correctAnswers!: ReviewTiming;

  @ApiProperty({ enum: REVIEW_TIMINGS, description: 'When they see feedback' })
  @IsIn(REVIEW_TIMINGS)
  feedback!: ReviewTiming;
}

export class QuizSlotDto {
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true, description: 'A fixed question of the module (or else tag and drawCount)' })
  @IsOptional()
  @IsUUID()
  questionId?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 40, description: 'A random draw: this many questions tagged so' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  @Matches(/^[a-z0-9]+(-[a-z0-9]+)*$/, { message: 'tag must be lowercase letters, digits and single dashes' })
  tag?: string | null;

  @ApiPropertyOptional({ type: 'integer', nullable: true, minimum: 1, maximum: 20 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(20)
  drawCount?: number | null;

  @ApiProperty({ type: 'integer', minimum: 1, maximum: 100, description: 'Points of each question of the slot' })
  @IsInt()
  @Min(1)
  @Max(100)
  points!: number;
}

export class QuizSettingsInputDto {
  @ApiProperty({ minLength: 1, maxLength: 200 })
  @IsString()
  @Length(1, 200)
  title!: string;

  @ApiProperty({ type: 'integer', minimum: 0, maximum: 100 })
  @IsInt()
  @Min(0)
  @Max(100)
  passMark!: number;

  @ApiProperty({ type: 'integer', nullable: true, minimum: 1, maximum: 100, description: 'null: unlimited' })
  @ValidateIf((_o, v) => v !== null)
  @IsInt()
  @Min(1)
  @Max(100)
  maxAttempts!: number | null;

  @ApiProperty({ type: 'integer', minimum: 0, maximum: 2592000, description: 'Seconds between attempts (at most 30 days)' })
  @IsInt()
  @Min(0)
  @Max(2592000)
  waitSeconds!: number;

  @ApiProperty({ type: 'integer', nullable: true, minimum: 60, maximum: 86400, description: 'null: untimed; 1 minute to 24 hours' })
  @ValidateIf((_o, v) => v !== null)
  @IsInt()
  @Min(60)
  @Max(86400)
  timeLimitSeconds!: number | null;

  @ApiProperty({ enum: GRADING_METHODS })
  @IsIn(GRADING_METHODS)
  gradingMethod!: GradingMethod;

  @ApiProperty({ type: ReviewPolicyInputDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => ReviewPolicyInputDto)
  reviewPolicy!: ReviewPolicyInputDto;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'No attempt starts after it; needed for "after_close" review' })
  @ValidateIf((_o, v) => v !== null)
  @IsISO8601({ strict: true })
  closesAt!: string | null;

  @ApiProperty()
  @IsBoolean()
  shuffleQuestions!: boolean;

  @ApiProperty()
  @IsBoolean()
  shuffleOptions!: boolean;

  @ApiProperty({ type: [QuizSlotDto], minItems: 1, maxItems: MAX_SLOTS, description: 'In the order shown (unless shuffled)' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_SLOTS)
  @ValidateNested({ each: true })
  @Type(() => QuizSlotDto)
  slots!: QuizSlotDto[];
}

export class UpdateQuizSettingsDto extends QuizSettingsInputDto {
  @ApiProperty({ type: 'integer', minimum: 0, description: 'The version loaded (0: a tailored course still using the module’s settings); stale: 409' })
  @IsInt()
  @Min(0)
  version!: number;
}

export class QuizSlotViewDto {
  @ApiProperty({ type: 'integer' })
  position!: number;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  questionId!: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'The fixed question’s prompt' })
  prompt!: string | null;

  @ApiProperty({ type: String, nullable: true })
  tag!: string | null;

  @ApiProperty({ type: 'integer', nullable: true })
  drawCount!: number | null;

  @ApiProperty({ type: 'integer' })
  points!: number;
}

export class QuizSettingsDto {
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'null: a tailored course that still uses the module’s quiz' })
  id!: string | null;

  @ApiProperty({ format: 'uuid' })
  moduleId!: string;

  @ApiProperty()
  moduleSlug!: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'Set for a tailored course’s own settings' })
  courseId!: string | null;

  @ApiProperty({ description: 'false: imported from backend/content or not yours: read-only' })
  editable!: boolean;

  @ApiProperty({ description: 'A tailored course still using the module’s settings (shown as a starting point)' })
  inherited!: boolean;

  @ApiProperty()
  title!: string;

  @ApiProperty({ type: 'integer' })
  passMark!: number;

  @ApiProperty({ type: 'integer', nullable: true })
  maxAttempts!: number | null;

  @ApiProperty({ type: 'integer' })
  waitSeconds!: number;

  @ApiProperty({ type: 'integer', nullable: true })
  timeLimitSeconds!: number | null;

  @ApiProperty({ enum: GRADING_METHODS })
  gradingMethod!: GradingMethod;

  @ApiProperty({ type: ReviewPolicyInputDto })
  reviewPolicy!: ReviewPolicyInputDto;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  closesAt!: string | null;

  @ApiProperty()
  shuffleQuestions!: boolean;

  @ApiProperty()
  shuffleOptions!: boolean;

  @ApiProperty({ type: 'integer', description: 'Send it back to save (0 when inherited)' })
  version!: number;

  @ApiProperty({ type: () => [QuizSlotViewDto] })
  slots!: QuizSlotViewDto[];

  @ApiProperty({ type: () => [TagCountDto], description: 'The module’s live questions per tag, for random draws' })
  tags!: TagCountDto[];
}

export class TagCountDto {
  @ApiProperty()
  tag!: string;

  @ApiProperty({ type: 'integer' })
  count!: number;
}

export class ModuleQuizRefDto {
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The module’s quiz, if it has one' })
  quizId!: string | null;
}
