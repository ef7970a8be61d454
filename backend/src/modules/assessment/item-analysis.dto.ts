import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';

export class ItemAnalysisQueryDto {
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Only this organisation’s learners. Required for trainers and org admins (their own organisation); optional for platform admins',
  })
  @IsOptional()
  @IsUUID()
  organisationId?: string;
}

export class OptionFrequencyDto {
  @ApiProperty({ description: 'An option id, true/false, "item→choice" (matching), "item@position" (ordering) or a free answer' })
  key!: string;

  @ApiProperty({ description: 'What it reads as' })
  label!: string;

  @ApiProperty({ type: 'integer' })
  count!: number;

  @ApiProperty({ description: 'count / responses (0..1)' })
  share!: number;

  @ApiProperty({ type: Boolean, nullable: true, description: 'Whether it is (part of) the right answer; platform admins only, else null' })
  correct!: boolean | null;
}

export class AnalysisSourceDto {
  @ApiProperty()
  publication!: string;

  @ApiProperty()
  passage!: string;
}

export class ItemAnalysisQuestionDto {
  @ApiProperty({ format: 'uuid' })
  questionId!: string;

  @ApiProperty()
  slug!: string;

  @ApiProperty()
  type!: string;

  @ApiProperty({ description: 'The current version’s prompt' })
  prompt!: string;

  @ApiProperty({ type: 'integer' })
  responses!: number;

  @ApiProperty({ type: 'integer' })
  unanswered!: number;

  @ApiProperty({ type: Number, nullable: true, description: 'Mean score as a fraction of the points (0..1)' })
  facility!: number | null;

  @ApiProperty({ type: Number, nullable: true, description: 'Correlation of the score with the rest of the attempt (-1..1)' })
  discrimination!: number | null;

  @ApiProperty({ type: Number, nullable: true, description: 'Facility among the strongest 27% (by the rest of the attempt)' })
  upperFacility!: number | null;

  @ApiProperty()
  flaggedForReview!: boolean;

  @ApiProperty({ type: [String] })
  flagReasons!: string[];

  @ApiProperty({ type: () => [OptionFrequencyDto] })
  options!: OptionFrequencyDto[];

  @ApiProperty({ type: AnalysisSourceDto })
  source!: AnalysisSourceDto;
}

export class ItemAnalysisDto {
  @ApiProperty({ format: 'uuid' })
  quizId!: string;

  @ApiProperty()
  quizTitle!: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  organisationId!: string | null;

  @ApiProperty({ type: 'integer', description: 'Learners whose first submitted attempt was analysed' })
  learners!: number;

  @ApiProperty({ description: 'More learners than the 5,000 most recent analysed' })
  truncated!: boolean;

  @ApiProperty({ description: 'How the figures are computed' })
  method!: string;

  @ApiProperty({ type: () => [ItemAnalysisQuestionDto] })
  questions!: ItemAnalysisQuestionDto[];
}
