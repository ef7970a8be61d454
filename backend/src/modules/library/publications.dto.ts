import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { emptyAsUnset, PageQueryParams } from '../../common/http/catalogue-cursor.js';
import { FINDING_KINDS, type FindingKind } from './publication.entity.js';

// --- queries --------------------------------------------------------------------------------

export class ListPublicationsQueryDto extends PageQueryParams {
  @ApiPropertyOptional({
    maxLength: 200,
    description: 'Full-text search in English (websearch syntax: words, "a phrase", -excluded, or). Results are ranked by relevance.',
    example: 'homelessness',
  })
  @IsOptional()
  @Transform(emptyAsUnset)
  @IsString()
  @Length(1, 200)
  q?: string;

  @ApiPropertyOptional({ maxLength: 60, description: 'A topic tag, as listed by /publications/facets', example: 'partnerships' })
  @IsOptional()
  @Transform(emptyAsUnset)
  @IsString()
  @Length(1, 60)
  topic?: string;

  @ApiPropertyOptional({ maxLength: 200, description: 'Publisher name (case-insensitive, exact)', example: 'The Freedom Fund' })
  @IsOptional()
  @Transform(emptyAsUnset)
  @IsString()
  @Length(1, 200)
  publisher?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 1800, maximum: 2200, description: 'Year of publication', example: 2019 })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => {
    const v = emptyAsUnset({ value });
    return typeof v === 'string' && /^\d{1,4}$/.test(v) ? Number(v) : v;
  })
  @IsInt()
  @Min(1800)
  @Max(2200)
  year?: number;

  @ApiPropertyOptional({ maxLength: 100, description: 'Region the publication is about (case-insensitive, exact)', example: 'England' })
  @IsOptional()
  @Transform(emptyAsUnset)
  @IsString()
  @Length(1, 100)
  region?: string;
}

// --- publications ---------------------------------------------------------------------------

export class PublicationListItemDto {
  @ApiProperty({ example: 'behaviour-change-communications-campaigns' })
  slug!: string;

  @ApiProperty()
  title!: string;

  @ApiProperty({ example: 'The Freedom Fund' })
  publisher!: string;

  @ApiProperty({ type: String, nullable: true, description: 'As precise as the source: YYYY, YYYY-MM or YYYY-MM-DD; null when unknown', example: '2019-01' })
  date!: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'January 2019' })
  dateLabel!: string | null;

  @ApiProperty({ type: 'integer', nullable: true, example: 2019 })
  year!: number | null;

  @ApiProperty({ type: String, nullable: true, description: 'Only when the source names one', example: 'Kathmandu' })
  region!: string | null;

  @ApiProperty({ type: [String] })
  topics!: string[];

  @ApiProperty()
  summary!: string;
}

export class PublicationSearchItemDto extends PublicationListItemDto {
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'With q: an excerpt of the summary as HTML, the matches wrapped in <mark> and everything else escaped',
  })
  snippet!: string | null;
}

export class PublicationListDto {
  @ApiProperty({ type: () => [PublicationSearchItemDto] })
  items!: PublicationSearchItemDto[];

  @ApiProperty({ type: String, nullable: true, description: 'Pass as cursor for the next page; null on the last page' })
  nextCursor!: string | null;
}

export class FacetValueDto {
  @ApiProperty()
  value!: string;

  @ApiProperty({ type: 'integer' })
  count!: number;
}

export class YearFacetValueDto {
  @ApiProperty({ type: 'integer' })
  value!: number;

  @ApiProperty({ type: 'integer' })
  count!: number;
}

export class PublicationFacetsDto {
  @ApiProperty({ type: () => [FacetValueDto] })
  topics!: FacetValueDto[];

  @ApiProperty({ type: () => [FacetValueDto] })
  publishers!: FacetValueDto[];

  @ApiProperty({ type: () => [YearFacetValueDto] })
  years!: YearFacetValueDto[];

  @ApiProperty({ type: () => [FacetValueDto] })
  regions!: FacetValueDto[];
}

export class PublicationFindingDto {
  @ApiProperty({ enum: FINDING_KINDS })
  kind!: FindingKind;

  @ApiProperty()
  text!: string;

  @ApiProperty({ description: 'The exact passage of sourceText this rests on' })
  passage!: string;
}

export class PublicationFigureDto {
  @ApiProperty({ example: '28' })
  value!: string;

  @ApiProperty({ example: 'studies the paper draws on' })
  label!: string;

  @ApiProperty({ description: 'The exact passage of sourceText the figure comes from' })
  passage!: string;
}

export class PublicationCreditDto {
  @ApiProperty()
  text!: string;

  @ApiProperty()
  passage!: string;
}

export class CourseRefDto {
  @ApiProperty()
  slug!: string;

  @ApiProperty()
  title!: string;
}

export class PublicationDetailDto extends PublicationListItemDto {
  @ApiProperty({ type: () => [PublicationFindingDto] })
  findings!: PublicationFindingDto[];

  @ApiProperty({ type: () => [PublicationFigureDto] })
  figures!: PublicationFigureDto[];

  @ApiProperty({ type: () => PublicationCreditDto, nullable: true, description: 'Funding or credit note' })
  credit!: PublicationCreditDto | null;

  @ApiProperty({ type: String, nullable: true, description: 'Where to read the full publication; null when the source gives no address' })
  sourceUrl!: string | null;

  @ApiProperty({ description: 'The source paragraphs this entry is based on, verbatim' })
  sourceText!: string;

  @ApiProperty({ example: 'The Freedom Fund (2019). Behaviour change communications campaigns targeting the demand.' })
  citation!: string;

  @ApiProperty({ type: () => [CourseRefDto], description: 'Published courses that teach from this publication' })
  courses!: CourseRefDto[];
}

export class PublicationRefDto {
  @ApiProperty()
  slug!: string;

  @ApiProperty()
  title!: string;

  @ApiProperty()
  publisher!: string;

  @ApiProperty()
  citation!: string;
}
