import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

export const MY_RECORDS_PAGE = { default: 100, max: 500 } as const;
export const ORGANISATION_EXPORT_PAGE = { default: 1000, max: 10_000 } as const;

const SINCE = 'Only statements stored after this instant (exclusive). ISO 8601 date-time with a time zone, or a date (its midnight UTC).';
const UNTIL = 'Only statements stored at or before this instant (inclusive). Same forms as since; must be later than since.';

/** since/until as xAPI's statements API has them: on `stored`, since exclusive, until inclusive. */
class RangeQueryDto {
  @ApiPropertyOptional({ format: 'date-time', description: SINCE, example: '2026-01-01T00:00:00Z' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  since?: string;

  @ApiPropertyOptional({ format: 'date-time', description: UNTIL, example: '2026-12-31T23:59:59Z' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  until?: string;
}

export class MyRecordsQueryDto extends RangeQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: MY_RECORDS_PAGE.max, default: MY_RECORDS_PAGE.default })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MY_RECORDS_PAGE.max)
  limit?: number;

  @ApiPropertyOptional({ description: 'From the previous page’s `more` link' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  cursor?: string;
}

export class MyRecordsDownloadQueryDto extends RangeQueryDto {}

export class OrganisationRecordsQueryDto extends RangeQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: ORGANISATION_EXPORT_PAGE.max, default: ORGANISATION_EXPORT_PAGE.default })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(ORGANISATION_EXPORT_PAGE.max)
  limit?: number;

  @ApiPropertyOptional({ description: 'From the previous page’s `more` link' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  cursor?: string;
}

class XapiAccountDto {
  @ApiProperty({ description: 'The platform’s public URL' })
  homePage!: string;
  @ApiProperty({ description: 'The account’s user id (never an email address)' })
  name!: string;
}

class XapiAgentDto {
  @ApiProperty({ enum: ['Agent'] })
  objectType!: 'Agent';
  @ApiPropertyOptional()
  name?: string;
  @ApiProperty({ type: XapiAccountDto })
  account!: XapiAccountDto;
}

class XapiVerbDto {
  @ApiProperty({ description: 'IRI, e.g. http://adlnet.gov/expapi/verbs/completed' })
  id!: string;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' }, description: 'Language map' })
  display!: Record<string, string>;
}

class XapiActivityDefinitionDto {
  @ApiProperty({ description: 'Activity type IRI' })
  type!: string;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' }, description: 'Language map' })
  name!: Record<string, string>;
}

class XapiActivityDto {
  @ApiProperty({ enum: ['Activity'] })
  objectType!: 'Activity';
  @ApiProperty({ description: 'Activity IRI' })
  id!: string;
  @ApiProperty({ type: XapiActivityDefinitionDto })
  definition!: XapiActivityDefinitionDto;
}

class XapiScoreDto {
  @ApiPropertyOptional({ minimum: -1, maximum: 1 })
  scaled?: number;
  @ApiPropertyOptional()
  raw?: number;
  @ApiPropertyOptional()
  min?: number;
  @ApiPropertyOptional()
  max?: number;
}

class XapiResultDto {
  @ApiPropertyOptional({ type: XapiScoreDto })
  score?: XapiScoreDto;
  @ApiPropertyOptional()
  success?: boolean;
  @ApiPropertyOptional()
  completion?: boolean;
  @ApiPropertyOptional({ description: 'ISO 8601 duration, e.g. PT12M30S' })
  duration?: string;
}

class XapiContextActivitiesDto {
  @ApiPropertyOptional({ type: [XapiActivityDto] })
  parent?: XapiActivityDto[];
  @ApiPropertyOptional({ type: [XapiActivityDto] })
  grouping?: XapiActivityDto[];
}

class XapiContextDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'The enrolment' })
  registration?: string;
  @ApiPropertyOptional({ description: 'The course version number, when the course is the object' })
  revision?: string;
  @ApiProperty()
  platform!: string;
  @ApiProperty()
  language!: string;
  @ApiPropertyOptional({ type: XapiContextActivitiesDto })
  contextActivities?: XapiContextActivitiesDto;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'Keyed by IRI: organisation, course version, attempt' })
  extensions!: Record<string, unknown>;
}

/** One learning record: an xAPI 1.0.3 statement (docs/learning-records.md). */
export class XapiStatementDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty({ type: XapiAgentDto })
  actor!: XapiAgentDto;
  @ApiProperty({ type: XapiVerbDto })
  verb!: XapiVerbDto;
  @ApiProperty({ type: XapiActivityDto })
  object!: XapiActivityDto;
  @ApiPropertyOptional({ type: XapiResultDto })
  result?: XapiResultDto;
  @ApiProperty({ type: XapiContextDto })
  context!: XapiContextDto;
  @ApiProperty({ format: 'date-time', description: 'When it happened' })
  timestamp!: string;
  @ApiProperty({ format: 'date-time', description: 'When the platform stored it: the order, and what since/until filter on' })
  stored!: string;
  @ApiProperty({ type: XapiAgentDto })
  authority!: XapiAgentDto;
  @ApiProperty({ enum: ['1.0.3'] })
  version!: '1.0.3';
}

/** xAPI's StatementResult: a page of statements and the relative URL of the next one ("" when there is none). */
export class StatementResultDto {
  @ApiProperty({ type: [XapiStatementDto] })
  statements!: XapiStatementDto[];
  @ApiProperty({ description: 'Relative URL of the next page; empty when this is the last' })
  more!: string;
}
