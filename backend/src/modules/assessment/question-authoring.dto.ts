import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateNested,
  IsDefined,
  IsObject,
} from 'class-validator';
import { AUTHORED_QUESTION_TYPES, type AuthoredQuestionType } from './question-input.js';

// Shapes and sizes only; the rules of each type (the key among the options, tolerance >= 0…)
// are checkQuestionInput's, which names the field it refuses.

export class ChoiceInputDto {
  @ApiProperty({ maxLength: 8, description: 'Stable id, 1 to 8 lowercase letters or digits (a, b, c…)' })
  @IsString()
  @MaxLength(8)
  id!: string;

  @ApiProperty({ maxLength: 300 })
  @IsString()
  @MaxLength(300)
  text!: string;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 1000, description: 'single/multiple: shown in review to a learner who chose it' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  feedback?: string | null;
}

export class PairInputDto {
  @ApiProperty()
  @IsString()
  @MaxLength(8)
  itemId!: string;

  @ApiProperty()
  @IsString()
  @MaxLength(8)
  choiceId!: string;
}

export class QuestionSourceDto {
  @ApiProperty({ description: 'A publication’s slug (the module’s publication)' })
  @IsString()
  @MaxLength(100)
  publication!: string;

  @ApiProperty({ maxLength: 5000, description: 'The passage the question tests, copied exactly from the publication’s source text' })
  @IsString()
  @MaxLength(5000)
  passage!: string;
}

export class QuestionInputDto {
  @ApiProperty({ enum: AUTHORED_QUESTION_TYPES })
  @IsIn(AUTHORED_QUESTION_TYPES)
  type!: AuthoredQuestionType;

  @ApiProperty({ maxLength: 1000, description: 'Plain text (shown as text: markup is not interpreted)' })
  @IsString()
  @MaxLength(1000)
  prompt!: string;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 1000 })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  generalFeedback?: string | null;

  @ApiPropertyOptional({ type: [String], maxItems: 10, description: 'For random draws ("3 from tag X"): lowercase letters, digits and dashes' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @IsString({ each: true })
  @MaxLength(40, { each: true })
  tags?: string[];

  @ApiProperty({ type: QuestionSourceDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => QuestionSourceDto)
  source!: QuestionSourceDto;

  @ApiPropertyOptional({ type: [ChoiceInputDto], maxItems: 8, description: 'single, multiple' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(8)
  @ValidateNested({ each: true })
  @Type(() => ChoiceInputDto)
  options?: ChoiceInputDto[];

  @ApiPropertyOptional({ type: [String], maxItems: 8, description: 'single: exactly one; multiple: at least one, not all' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(8)
  @IsString({ each: true })
  correctOptionIds?: string[];

  @ApiPropertyOptional({ description: 'true_false: the right answer' })
  @IsOptional()
  @IsBoolean()
  correctValue?: boolean;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 1000, description: 'true_false: feedback to a learner who answered true' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  trueFeedback?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 1000, description: 'true_false: feedback to a learner who answered false' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  falseFeedback?: string | null;

  @ApiPropertyOptional({ description: 'numeric: the right value' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  value?: number;

  @ApiPropertyOptional({ minimum: 0, description: 'numeric: accepted distance from the value, inclusive' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  tolerance?: number;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 40, description: 'numeric: shown beside the input' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  unit?: string | null;

  @ApiPropertyOptional({ type: [String], maxItems: 20, description: 'short_text: compared after NFKC, trimming, collapsing spaces and lowercasing' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(200, { each: true })
  acceptedAnswers?: string[];

  @ApiPropertyOptional({ type: [ChoiceInputDto], maxItems: 8, description: 'matching: the left column; ordering: the items in their right order' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(8)
  @ValidateNested({ each: true })
  @Type(() => ChoiceInputDto)
  items?: ChoiceInputDto[];

  @ApiPropertyOptional({ type: [ChoiceInputDto], maxItems: 12, description: 'matching: the right column (extra choices are distractors)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(12)
  @ValidateNested({ each: true })
  @Type(() => ChoiceInputDto)
  choices?: ChoiceInputDto[];

  @ApiPropertyOptional({ type: [PairInputDto], maxItems: 8, description: 'matching: each item’s choice' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(8)
  @ValidateNested({ each: true })
  @Type(() => PairInputDto)
  pairs?: PairInputDto[];
}

export class CreateQuestionDto extends QuestionInputDto {
  @ApiPropertyOptional({ maxLength: 60, description: 'Unique in the module; made up when absent' })
  @IsOptional()
  @IsString()
  @Matches(/^[a-z0-9]+(-[a-z0-9]+)*$/, { message: 'slug must be lowercase letters, digits and single dashes' })
  @MaxLength(60)
  slug?: string;
}

export class AuthoredQuestionDto extends QuestionInputDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  moduleId!: string;

  @ApiProperty()
  slug!: string;

  @ApiProperty({ enum: ['content', 'authored'], description: 'content: imported from backend/content, read-only here' })
  origin!: 'content' | 'authored';

  @ApiProperty({ type: 'integer', description: 'The current version (1…); a new one is made when an edited version has attempts' })
  version!: number;

  @ApiProperty({ description: 'Send it back in If-Match to save (also the ETag)' })
  revision!: string;

  @ApiProperty({ type: 'integer', description: 'Attempt items given the current version' })
  attemptCount!: number;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  retiredAt!: string | null;

  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;
}

export class SavedQuestionDto extends AuthoredQuestionDto {
  @ApiProperty({ description: 'This save made a new version (the previous one had attempts, which keep it)' })
  newVersion!: boolean;
}

export class QuestionSummaryDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  slug!: string;

  @ApiProperty({ enum: ['content', 'authored'] })
  origin!: 'content' | 'authored';

  @ApiProperty({ enum: AUTHORED_QUESTION_TYPES })
  type!: AuthoredQuestionType;

  @ApiProperty()
  prompt!: string;

  @ApiProperty({ type: [String] })
  tags!: string[];

  @ApiProperty({ type: 'integer' })
  version!: number;

  @ApiProperty({ type: QuestionSourceDto })
  source!: QuestionSourceDto;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  retiredAt!: string | null;
}

export class ModuleQuestionsDto {
  @ApiProperty({ format: 'uuid' })
  moduleId!: string;

  @ApiProperty()
  moduleSlug!: string;

  @ApiProperty()
  moduleTitle!: string;

  @ApiProperty({ description: 'The module’s publication: where source passages come from' })
  publicationSlug!: string;

  @ApiProperty({ enum: ['content', 'authored'], description: 'content: the module and its questions are imported, read-only here' })
  origin!: 'content' | 'authored';

  @ApiProperty({ type: () => [QuestionSummaryDto], description: 'Live questions first, then retired ones, oldest first (at most 300)' })
  items!: QuestionSummaryDto[];
}

export class RegradeRequestDto {
  @ApiProperty({ description: 'true: only list the attempts whose score would change; false: apply it' })
  @IsBoolean()
  dryRun!: boolean;
}

export class AttemptGradeDto {
  @ApiProperty()
  score!: number;

  @ApiProperty()
  percent!: number;

  @ApiProperty()
  passed!: boolean;
}

export class RegradeAttemptDto {
  @ApiProperty({ format: 'uuid' })
  attemptId!: string;

  @ApiProperty({ format: 'uuid' })
  userId!: string;

  @ApiProperty({ type: AttemptGradeDto })
  before!: AttemptGradeDto;

  @ApiProperty({ type: AttemptGradeDto })
  after!: AttemptGradeDto;

  @ApiProperty({ description: 'Points gained (negative: lost)' })
  delta!: number;
}

export class RegradeSkippedDto {
  @ApiProperty({ format: 'uuid' })
  attemptId!: string;

  @ApiProperty()
  reason!: string;
}

export class RegradeResultDto {
  @ApiProperty()
  dryRun!: boolean;

  @ApiProperty({ type: 'integer', description: 'The question version whose key was applied' })
  version!: number;

  @ApiProperty({ type: () => [RegradeAttemptDto] })
  attempts!: RegradeAttemptDto[];

  @ApiProperty({ type: () => [RegradeSkippedDto], description: 'Attempts answered on a version with other options or another type: left as they were' })
  skipped!: RegradeSkippedDto[];

  @ApiProperty({ type: 'integer', description: 'Submitted attempts of this question looked at' })
  examined!: number;
}
