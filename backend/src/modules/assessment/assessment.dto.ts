import { ApiProperty, ApiPropertyOptional, type ApiPropertyOptions } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { Allow, ArrayMaxSize, IsArray, IsBoolean, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import {
  GRADING_METHODS,
  QUESTION_TYPES,
  REVIEW_TIMINGS,
  type AnswerValue,
  type GradingMethod,
  type QuestionType,
  type ReviewTiming,
} from './assessment.types.js';

const idArray = { type: 'array', items: { type: 'string' } } as const;

/** The answer value schemas, one per question type (docs/assessment.md). */
export const ANSWER_VALUE_SCHEMA = {
  oneOf: [
    { type: 'object', title: 'single', properties: { optionId: { type: 'string' } }, required: ['optionId'], additionalProperties: false },
    { type: 'object', title: 'multiple', properties: { optionIds: idArray }, required: ['optionIds'], additionalProperties: false },
    { type: 'object', title: 'true_false', properties: { value: { type: 'boolean' } }, required: ['value'], additionalProperties: false },
    { type: 'object', title: 'numeric', properties: { value: { type: 'number' } }, required: ['value'], additionalProperties: false },
    { type: 'object', title: 'short_text', properties: { text: { type: 'string', maxLength: 500 } }, required: ['text'], additionalProperties: false },
    {
      type: 'object',
      title: 'matching',
      properties: { pairs: { type: 'object', additionalProperties: { type: 'string' } } },
      required: ['pairs'],
      additionalProperties: false,
    },
    { type: 'object', title: 'ordering', properties: { order: idArray }, required: ['order'], additionalProperties: false },
  ],
};

/** An answer value property: one of the type schemas (Swagger's option types do not model a bare oneOf). */
const answerValue = (extra: { description?: string; nullable?: boolean }) => ({ ...ANSWER_VALUE_SCHEMA, ...extra }) as unknown as ApiPropertyOptions;

export class ChoiceDto {
  @ApiProperty()
  id!: string;

  @ApiProperty()
  text!: string;
}

export class ReviewPolicyDto {
  @ApiProperty({ enum: REVIEW_TIMINGS })
  score!: ReviewTiming;

  @ApiProperty({ enum: REVIEW_TIMINGS })
  correctness!: ReviewTiming;

  @ApiProperty({ enum: REVIEW_TIMINGS })
  correctAnswers!: ReviewTiming;

  @ApiProperty({ enum: REVIEW_TIMINGS })
  feedback!: ReviewTiming;
}

export class QuizGradeDto {
  @ApiProperty({ description: 'By the quiz’s grading method across submitted attempts' })
  percent!: number;

  @ApiProperty()
  passed!: boolean;
}

export class QuizAttemptSummaryDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ type: 'integer' })
  number!: number;

  @ApiProperty({ enum: ['in_progress', 'submitted'] })
  status!: 'in_progress' | 'submitted';

  @ApiProperty({ format: 'date-time' })
  startedAt!: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  submittedAt!: string | null;

  @ApiProperty({ type: Number, nullable: true, description: 'null until submitted, or while the review policy hides scores' })
  percent!: number | null;

  @ApiProperty({ type: Boolean, nullable: true })
  passed!: boolean | null;
}

/** The quiz's start page. */
export class QuizViewDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  moduleId!: string;

  @ApiProperty()
  title!: string;

  @ApiProperty({ type: 'integer', description: 'Questions an attempt holds' })
  questionCount!: number;

  @ApiProperty({ type: 'integer', minimum: 0, maximum: 100 })
  passMark!: number;

  @ApiProperty({ type: 'integer', nullable: true, description: 'null: unlimited' })
  maxAttempts!: number | null;

  @ApiProperty({ type: 'integer' })
  attemptsUsed!: number;

  @ApiProperty({ type: 'integer', nullable: true, description: 'null: unlimited' })
  attemptsLeft!: number | null;

  @ApiProperty({ type: 'integer' })
  waitSeconds!: number;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When the wait after the last attempt ends, if it has not yet' })
  nextAttemptAt!: string | null;

  @ApiProperty({ type: 'integer', nullable: true, description: 'null: untimed' })
  timeLimitSeconds!: number | null;

  @ApiProperty({ type: 'integer', description: 'The caller’s extra time (accommodation), added to the time limit' })
  extraTimeSeconds!: number;

  @ApiProperty({ enum: GRADING_METHODS })
  gradingMethod!: GradingMethod;

  @ApiProperty({ type: () => ReviewPolicyDto })
  reviewPolicy!: ReviewPolicyDto;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  closesAt!: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  inProgressAttemptId!: string | null;

  @ApiProperty({ type: () => QuizGradeDto, nullable: true, description: 'null before the first submitted attempt, or while the review policy hides scores' })
  grade!: QuizGradeDto | null;

  @ApiProperty({ type: () => [QuizAttemptSummaryDto] })
  attempts!: QuizAttemptSummaryDto[];
}

export class ItemReviewDto {
  @ApiProperty({ type: Boolean, nullable: true, description: 'Full marks; null while the policy hides correctness' })
  correct!: boolean | null;

  @ApiProperty({ type: Number, nullable: true, description: 'null while the policy hides scores' })
  score!: number | null;

  @ApiProperty()
  maxScore!: number;

  @ApiPropertyOptional(answerValue({ description: 'Present when the policy shows correct answers' }))
  correctAnswer?: AnswerValue;

  @ApiPropertyOptional({ description: 'General feedback, when the policy shows feedback' })
  feedback?: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string' },
    description: 'Feedback on the options the learner picked, by option id, when the policy shows feedback',
  })
  optionFeedback?: Record<string, string>;
}

export class AttemptItemViewDto {
  @ApiProperty({ format: 'uuid', description: 'The item id answers name' })
  id!: string;

  @ApiProperty({ type: 'integer' })
  position!: number;

  @ApiProperty({ enum: QUESTION_TYPES })
  type!: QuestionType;

  @ApiProperty()
  prompt!: string;

  @ApiPropertyOptional({ type: () => [ChoiceDto], description: 'single, multiple: in this attempt’s order' })
  options?: ChoiceDto[];

  @ApiPropertyOptional({ type: () => [ChoiceDto], description: 'matching (left side), ordering (in this attempt’s shuffled order)' })
  items?: ChoiceDto[];

  @ApiPropertyOptional({ type: () => [ChoiceDto], description: 'matching (right side), in this attempt’s order' })
  choices?: ChoiceDto[];

  @ApiPropertyOptional({ type: String, nullable: true, description: 'numeric' })
  unit?: string | null;

  @ApiProperty(answerValue({ nullable: true }))
  answer!: AnswerValue | null;

  @ApiProperty()
  flagged!: boolean;

  @ApiPropertyOptional({ type: () => ItemReviewDto, description: 'Only after submission, as the review policy allows' })
  review?: ItemReviewDto;
}

export class ShownDto {
  @ApiProperty()
  score!: boolean;

  @ApiProperty()
  correctness!: boolean;

  @ApiProperty()
  correctAnswers!: boolean;

  @ApiProperty()
  feedback!: boolean;
}

export class AttemptResultDto {
  @ApiProperty({ enum: ['learner', 'time_limit'] })
  closedBy!: 'learner' | 'time_limit';

  @ApiProperty({ type: Number, nullable: true })
  score!: number | null;

  @ApiProperty()
  maxScore!: number;

  @ApiProperty({ type: Number, nullable: true })
  percent!: number | null;

  @ApiProperty({ type: Boolean, nullable: true })
  passed!: boolean | null;

  @ApiProperty({ type: () => ShownDto, description: 'What the review policy shows now' })
  shown!: ShownDto;
}

export class AttemptViewDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  quizId!: string;

  @ApiProperty()
  quizTitle!: string;

  @ApiProperty({ type: 'integer' })
  number!: number;

  @ApiProperty({ enum: ['in_progress', 'submitted'] })
  status!: 'in_progress' | 'submitted';

  @ApiProperty({ type: 'integer', description: 'Send it back with the next save (optimistic concurrency)' })
  version!: number;

  @ApiProperty({ format: 'date-time' })
  startedAt!: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'Time limit plus extra time; saves are accepted for 30 s more' })
  deadlineAt!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  submittedAt!: string | null;

  @ApiProperty({ type: () => [AttemptItemViewDto] })
  items!: AttemptItemViewDto[];

  @ApiProperty({ type: () => AttemptResultDto, nullable: true, description: 'null until submitted' })
  result!: AttemptResultDto | null;
}

export class AnswerInputDto {
  @ApiProperty({ format: 'uuid', description: 'An item of this attempt' })
  @IsUUID('all', { message: 'itemId must be an item id (a UUID)' })
  itemId!: string;

  @ApiProperty(answerValue({ nullable: true, description: 'The answer in the shape of the item’s type; null clears it' }))
  // Its shape depends on the item's type, which only the service knows: checked there (answerProblems).
  @Allow()
  value!: AnswerValue | null;
}

export class FlagInputDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'itemId must be an item id (a UUID)' })
  itemId!: string;

  @ApiProperty()
  @IsBoolean()
  flagged!: boolean;
}

export class SaveAnswersDto {
  @ApiProperty({ type: 'integer', minimum: 1, description: 'The attempt version the answers were made on' })
  @IsInt()
  @Min(1)
  version!: number;

  @ApiProperty({ type: () => [AnswerInputDto], maxItems: 200 })
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => AnswerInputDto)
  answers!: AnswerInputDto[];

  @ApiPropertyOptional({ type: () => [FlagInputDto], maxItems: 200 })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => FlagInputDto)
  flags?: FlagInputDto[];
}

export class SavedItemDto {
  @ApiProperty({ format: 'uuid' })
  itemId!: string;

  @ApiProperty()
  answered!: boolean;

  @ApiProperty()
  flagged!: boolean;
}

export class SaveAnswersResponseDto {
  @ApiProperty({ type: 'integer' })
  version!: number;

  @ApiProperty({ format: 'date-time' })
  savedAt!: string;

  @ApiProperty({ type: () => [SavedItemDto] })
  items!: SavedItemDto[];
}

export class SetAccommodationDto {
  @ApiProperty({ type: 'integer', minimum: 0, maximum: 400, description: 'Percentage of a quiz’s time limit added to it (50: half as much again)' })
  @IsInt()
  @Min(0)
  @Max(400)
  extraTimePercent!: number;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 500, description: 'For the organisation’s staff; never shown to other learners' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  note?: string | null;
}

export class AccommodationDto {
  @ApiProperty({ format: 'uuid' })
  userId!: string;

  @ApiProperty({ format: 'uuid' })
  organisationId!: string;

  @ApiProperty({ type: 'integer' })
  extraTimePercent!: number;

  @ApiProperty({ type: String, nullable: true })
  note!: string | null;

  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;
}

export class AccommodationListDto {
  @ApiProperty({ type: () => [AccommodationDto] })
  items!: AccommodationDto[];
}
