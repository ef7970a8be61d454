import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { FINDING_KINDS, type FindingKind } from './publication.entity.js';

// --- queries --------------------------------------------------------------------------------

/** An empty query parameter (?q=) means "no filter", as a search form sends it. */
const emptyAsUnset = ({ value }: { value: unknown }) => (typeof value === 'string' && value.trim() === '' ? undefined : value);

export const SLUG_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;

export class PageQueryParams {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 100, default: 20, description: 'Items per page' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;

  @ApiPropertyOptional({ maxLength: 500, description: 'nextCursor from the previous page of the same query' })
  @IsOptional()
  @Transform(emptyAsUnset)
  @IsString()
  @Length(1, 500)
  cursor?: string;
}

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

export class ListCoursesQueryDto extends PageQueryParams {}

export class GetLessonQueryDto {
  @ApiPropertyOptional({
    description: 'Slug of the course the lesson is read in: previous/next then run across the whole course instead of the module',
    example: 'foundations',
  })
  @IsOptional()
  @Transform(emptyAsUnset)
  @IsString()
  @Matches(SLUG_PATTERN, { message: 'course must be a course slug (lowercase letters, digits and dashes)' })
  course?: string;
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

// --- courses --------------------------------------------------------------------------------

export class CourseListItemDto {
  @ApiProperty({ example: 'foundations' })
  slug!: string;

  @ApiProperty()
  title!: string;

  @ApiProperty()
  summary!: string;

  @ApiProperty()
  audience!: string;

  @ApiProperty({ type: 'integer', description: 'The published version new learners get; on a course detail, the caller’s pinned version when enrolled' })
  version!: number;

  @ApiProperty({ format: 'date-time' })
  publishedAt!: string;

  @ApiProperty({ type: 'integer', description: 'Sum of the lessons’ estimated minutes' })
  estimatedMinutes!: number;

  @ApiProperty({ type: 'integer' })
  moduleCount!: number;

  @ApiProperty({ enum: ['public', 'organisation'], description: 'organisation: a tailored course, shown only to its organisation’s members' })
  visibility!: 'public' | 'organisation';
}

export class CourseListDto {
  @ApiProperty({ type: () => [CourseListItemDto] })
  items!: CourseListItemDto[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor!: string | null;
}

export class LessonRefDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  slug!: string;

  @ApiProperty()
  title!: string;

  @ApiProperty({ type: 'integer' })
  estimatedMinutes!: number;
}

export class CourseModuleDto {
  @ApiProperty({ type: 'integer', description: 'Order in the course, from 1' })
  position!: number;

  @ApiProperty()
  slug!: string;

  @ApiProperty()
  title!: string;

  @ApiProperty()
  summary!: string;

  @ApiProperty({ type: [String], description: 'Slugs of modules of this course to take first' })
  requires!: string[];

  @ApiProperty({ type: 'integer' })
  estimatedMinutes!: number;

  @ApiProperty({ type: 'integer', description: 'Questions in the module quiz' })
  questionCount!: number;

  @ApiProperty({ type: () => PublicationRefDto, description: 'The publication the module is built from' })
  publication!: PublicationRefDto;

  @ApiProperty({ type: () => [LessonRefDto] })
  lessons!: LessonRefDto[];
}

export class CourseDetailDto extends CourseListItemDto {
  @ApiProperty({ type: [String] })
  objectives!: string[];

  @ApiProperty({ type: 'integer', description: 'Percentage of quiz answers needed to pass' })
  passMark!: number;

  @ApiProperty({ type: () => [CourseModuleDto] })
  modules!: CourseModuleDto[];

  @ApiProperty({ type: () => [PublicationRefDto], description: 'Every publication the course teaches from' })
  sourcePublications!: PublicationRefDto[];

  @ApiProperty({ type: 'integer', description: 'The current version; differs from version when the caller is enrolled on an older one' })
  latestVersion!: number;

  @ApiProperty({ type: 'integer', nullable: true, description: 'Days from enrolment until the course is due (tailored courses)' })
  defaultDuePeriodDays!: number | null;

  @ApiProperty({
    type: () => CourseViewerEnrolmentDto,
    nullable: true,
    description: 'The caller’s enrolment on this course (the course page needs no second call); null when signed out or not enrolled',
  })
  enrolment!: CourseViewerEnrolmentDto | null;
}

export class CourseViewerEnrolmentDto {
  @ApiProperty({ format: 'uuid' })
  enrolmentId!: string;

  @ApiProperty({ format: 'date-time' })
  enrolledAt!: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'From the course’s default due period, if it has one' })
  dueAt!: string | null;
}

// --- lessons --------------------------------------------------------------------------------

export class LessonSourceDto {
  @ApiProperty({ type: () => PublicationRefDto })
  publication!: PublicationRefDto;

  @ApiProperty({ description: 'The exact passage of the publication the lesson rests on' })
  passage!: string;
}

export class ModuleRefDto {
  @ApiProperty()
  slug!: string;

  @ApiProperty()
  title!: string;
}

export class CourseContentsLessonDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  title!: string;
}

export class CourseContentsModuleDto {
  @ApiProperty({ type: 'integer', description: 'Position in the course, from 1' })
  position!: number;

  @ApiProperty()
  slug!: string;

  @ApiProperty()
  title!: string;

  @ApiProperty({ type: () => [CourseContentsLessonDto] })
  lessons!: CourseContentsLessonDto[];
}

export class LessonDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  slug!: string;

  @ApiProperty()
  title!: string;

  @ApiProperty({ type: 'integer', description: 'Position in its module, from 1' })
  position!: number;

  @ApiProperty({ type: 'integer' })
  estimatedMinutes!: number;

  @ApiProperty({ type: [String] })
  objectives!: string[];

  @ApiProperty({ type: String, nullable: true, description: 'A note on sensitive subjects the lesson discusses' })
  contentNote!: string | null;

  @ApiProperty({ description: 'The lesson body rendered from Markdown on the server and sanitised: safe to insert as HTML' })
  html!: string;

  @ApiProperty({ type: () => [LessonSourceDto] })
  sources!: LessonSourceDto[];

  @ApiProperty({ type: () => ModuleRefDto })
  module!: ModuleRefDto;

  @ApiProperty({ type: () => CourseRefDto, nullable: true, description: 'The course given in ?course=, if any' })
  course!: CourseRefDto | null;

  @ApiProperty({
    type: () => [CourseContentsModuleDto],
    nullable: true,
    description: 'With ?course=: the course’s contents in reading order (its modules and their lessons), for the reader’s sidebar; else null',
  })
  contents!: CourseContentsModuleDto[] | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'Within the course when ?course= is given, else within the module' })
  previousLessonId!: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  nextLessonId!: string | null;
}
