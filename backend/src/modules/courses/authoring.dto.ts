import { ApiProperty, ApiPropertyOptional, IntersectionType, OmitType, PartialType, PickType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { PageQueryDto } from '../../common/http/pagination.js';
import { SLUG_PATTERN } from '../../common/http/param-pipes.js';
import { COURSE_AUDIENCES, COURSE_STATUSES, COURSE_VISIBILITIES, type CourseAudience, type CourseStatus, type CourseVisibility } from './course.entity.js';

const SLUG_MESSAGE = 'must be a slug: lowercase letters, digits and single dashes';

/** A blank query parameter (?q=&status=, as a GET form sends it) means "no filter". */
const trimmedOrUnset = ({ value }: { value: unknown }) => {
  if (typeof value !== 'string') return value;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
};

// --- lists of authored items ------------------------------------------------------------------

export class ListAuthoredModulesQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ maxLength: 200, description: 'Part of the title, case-insensitive (% and _ are matched literally)' })
  @IsOptional()
  @Transform(trimmedOrUnset)
  @IsString()
  @MaxLength(200)
  q?: string;
}

export class ListAuthoredCoursesQueryDto extends ListAuthoredModulesQueryDto {
  @ApiPropertyOptional({ enum: COURSE_STATUSES })
  @IsOptional()
  @Transform(trimmedOrUnset)
  @IsIn(COURSE_STATUSES)
  status?: CourseStatus;

  @ApiPropertyOptional({ enum: COURSE_VISIBILITIES, description: 'public: the catalogue; organisation: tailored courses' })
  @IsOptional()
  @Transform(trimmedOrUnset)
  @IsIn(COURSE_VISIBILITIES)
  visibility?: CourseVisibility;
}

export class AuthoredCourseSummaryDto {
  @ApiProperty()
  slug!: string;

  @ApiProperty({ description: 'The current version’s title' })
  title!: string;

  @ApiProperty({ enum: COURSE_STATUSES })
  status!: CourseStatus;

  @ApiProperty({ enum: COURSE_VISIBILITIES })
  visibility!: CourseVisibility;

  @ApiProperty({ type: String, nullable: true, description: 'The owning organisation of a tailored course' })
  organisationName!: string | null;

  @ApiProperty({ type: 'integer', description: 'The current version' })
  version!: number;

  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;
}

export class AuthoredCourseSummaryListDto {
  @ApiProperty({ type: () => [AuthoredCourseSummaryDto] })
  items!: AuthoredCourseSummaryDto[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor!: string | null;
}

export class AuthoredModuleSummaryDto {
  @ApiProperty()
  slug!: string;

  @ApiProperty()
  title!: string;

  @ApiProperty({ type: 'integer', description: 'Lessons that are not retired' })
  lessonCount!: number;

  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;
}

export class AuthoredModuleSummaryListDto {
  @ApiProperty({ type: () => [AuthoredModuleSummaryDto] })
  items!: AuthoredModuleSummaryDto[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor!: string | null;
}

// --- courses (tailored and authored) ---------------------------------------------------------

/**
 * Whom an organisation course is published to. Not IsOptional (nor PartialType's, which is the
 * same): that would let null through, and null is no audience: it is refused like any other value.
 */
function PublishedToField(): PropertyDecorator {
  return (target, key) => {
    ApiPropertyOptional({
      enum: COURSE_AUDIENCES,
      description:
        'Who sees this organisation course: organisation (every member; the default) or cohorts (only members of the cohorts it is assigned to, besides its trainers and org admins). Not for public courses. Changing it makes no new version.',
    })(target, key);
    ValidateIf((_: unknown, value: unknown) => value !== undefined)(target, key);
    IsIn(COURSE_AUDIENCES, {
      message: 'publishedTo must be organisation (everyone in the organisation) or cohorts (only the cohorts the course is assigned to)',
    })(target, key);
  };
}

export class CreateTailoredCourseDto {
  @ApiProperty({ minLength: 1, maxLength: 200 })
  @IsString()
  @Length(1, 200)
  title!: string;

  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  summary?: string;

  @ApiProperty({ type: [String], minItems: 1, maxItems: 20, description: 'Slugs of existing modules, in the order learners take them' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsString({ each: true })
  @Matches(SLUG_PATTERN, { each: true, message: `each of moduleSlugs ${SLUG_MESSAGE}` })
  moduleSlugs!: string[];

  @ApiProperty({ type: 'integer', minimum: 0, maximum: 100, description: 'Percentage of quiz answers needed to pass' })
  @IsInt()
  @Min(0)
  @Max(100)
  passMark!: number;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 365, description: 'Days from enrolment until the course is due' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(365)
  defaultDuePeriodDays?: number;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: 120,
    description: 'Recertification: months a completion stays valid (learners and trainers are reminded 30 and 7 days before it expires)',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(120)
  validityMonths?: number;

  @PublishedToField()
  publishedTo?: CourseAudience;
}

/** Every field of the create form is optional; only the due period and the validity period may also be cleared with null. */
export class UpdateTailoredCourseDto extends PartialType(
  OmitType(CreateTailoredCourseDto, ['defaultDuePeriodDays', 'validityMonths', 'publishedTo'] as const),
) {
  @PublishedToField()
  publishedTo?: CourseAudience;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 365, nullable: true, description: 'null removes the due period' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(365)
  defaultDuePeriodDays?: number | null;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: 120,
    nullable: true,
    description: 'null: completions no longer expire (existing ones keep their expiry)',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(120)
  validityMonths?: number | null;
}

export class CreateCourseDto extends CreateTailoredCourseDto {
  @ApiProperty({ maxLength: 100, pattern: SLUG_PATTERN.source })
  @IsString()
  @MaxLength(100)
  @Matches(SLUG_PATTERN, { message: `slug ${SLUG_MESSAGE}` })
  slug!: string;

  @ApiPropertyOptional({ maxLength: 500 })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  audience?: string;

  @ApiPropertyOptional({ type: [String], maxItems: 20 })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @Length(1, 500, { each: true })
  objectives?: string[];
}

/** The slug names the course for good; everything else may change. */
export class UpdateCourseDto extends IntersectionType(UpdateTailoredCourseDto, PartialType(PickType(CreateCourseDto, ['audience', 'objectives'] as const))) {}

export class AuthoredCourseModuleDto {
  @ApiProperty({ format: 'uuid', description: 'For the tailored course quiz settings route' })
  id!: string;

  @ApiProperty({ type: 'integer' })
  position!: number;

  @ApiProperty()
  slug!: string;

  @ApiProperty()
  title!: string;
}

export class AuthoredCourseDto {
  @ApiProperty({ format: 'uuid', description: 'What an assignment to a cohort names (POST /api/cohorts/{cohortId}/assignments)' })
  id!: string;

  @ApiProperty()
  slug!: string;

  @ApiProperty()
  title!: string;

  @ApiProperty()
  summary!: string;

  @ApiProperty()
  audience!: string;

  @ApiProperty({ type: [String] })
  objectives!: string[];

  @ApiProperty({ enum: ['draft', 'published'] })
  status!: 'draft' | 'published';

  @ApiProperty({ enum: ['public', 'organisation'] })
  visibility!: 'public' | 'organisation';

  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The owning organisation of a tailored course' })
  organisationId!: string | null;

  @ApiProperty({
    enum: COURSE_AUDIENCES,
    nullable: true,
    description: 'Who sees a tailored course: organisation (every member) or cohorts (only the cohorts it is assigned to); null for a public course',
  })
  publishedTo!: CourseAudience | null;

  @ApiProperty({ enum: ['content', 'authored'], description: 'content: owned by backend/content, read-only here' })
  origin!: 'content' | 'authored';

  @ApiProperty({ type: 'integer', description: 'The current version' })
  version!: number;

  @ApiProperty({
    description:
      'The course’s current revision, also sent as its ETag: send it back in If-Match when saving, to be refused (412) rather than overwrite a change made meanwhile',
  })
  revision!: string;

  @ApiProperty({ format: 'date-time', description: 'When the current version was written' })
  publishedAt!: string;

  @ApiProperty({ type: 'integer' })
  passMark!: number;

  @ApiProperty({ type: 'integer', nullable: true })
  defaultDuePeriodDays!: number | null;

  @ApiProperty({ type: 'integer', nullable: true, description: 'Months a completion stays valid; null: it does not expire' })
  validityMonths!: number | null;

  @ApiProperty({ type: () => [AuthoredCourseModuleDto] })
  modules!: AuthoredCourseModuleDto[];
}

export class AuthoredCourseListDto {
  @ApiProperty({ type: () => [AuthoredCourseDto] })
  items!: AuthoredCourseDto[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor!: string | null;
}

// --- modules and lessons --------------------------------------------------------------------

export class CreateModuleDto {
  @ApiProperty({ maxLength: 100, pattern: SLUG_PATTERN.source })
  @IsString()
  @MaxLength(100)
  @Matches(SLUG_PATTERN, { message: `slug ${SLUG_MESSAGE}` })
  slug!: string;

  @ApiProperty({ description: 'The publication the module is built from' })
  @IsString()
  @MaxLength(100)
  @Matches(SLUG_PATTERN, { message: `publicationSlug ${SLUG_MESSAGE}` })
  publicationSlug!: string;

  @ApiProperty({ minLength: 1, maxLength: 200 })
  @IsString()
  @Length(1, 200)
  title!: string;

  @ApiProperty({ minLength: 1, maxLength: 2000 })
  @IsString()
  @Length(1, 2000)
  summary!: string;
}

/** The slug and the publication are fixed once a module exists. */
export class UpdateModuleDto extends PartialType(PickType(CreateModuleDto, ['title', 'summary'] as const)) {}

export class SourceRefInputDto {
  @ApiProperty({ description: 'A publication slug' })
  @IsString()
  @MaxLength(100)
  @Matches(SLUG_PATTERN, { message: `publication ${SLUG_MESSAGE}` })
  publication!: string;

  @ApiProperty({ maxLength: 4000, description: 'An exact passage of the publication’s source text' })
  @IsString()
  @Length(1, 4000)
  passage!: string;
}

/**
 * The longest lesson body (and preview) in characters. The longest lesson in backend/content is
 * 1,448 characters; 100,000 is about 15,000 words, and real text that long renders in < 50 ms.
 * What bounds the render's time is LessonRenderer's time limit, not this cap.
 */
export const MARKDOWN_MAX = 100_000;

export class CreateLessonDto {
  @ApiProperty({ maxLength: 100, pattern: SLUG_PATTERN.source })
  @IsString()
  @MaxLength(100)
  @Matches(SLUG_PATTERN, { message: `slug ${SLUG_MESSAGE}` })
  slug!: string;

  @ApiProperty({ minLength: 1, maxLength: 200 })
  @IsString()
  @Length(1, 200)
  title!: string;

  @ApiProperty({ type: 'integer', minimum: 1, maximum: 600 })
  @IsInt()
  @Min(1)
  @Max(600)
  estimatedMinutes!: number;

  @ApiPropertyOptional({ type: [String], maxItems: 20 })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @Length(1, 500, { each: true })
  objectives?: string[];

  @ApiPropertyOptional({ maxLength: 1000, description: 'A note on sensitive subjects the lesson discusses' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  contentNote?: string;

  @ApiProperty({ maxLength: MARKDOWN_MAX, description: 'Markdown; rendered and sanitised on the server when saved (422 if too complex to render)' })
  @IsString()
  @Length(1, MARKDOWN_MAX)
  bodyMarkdown!: string;

  @ApiPropertyOptional({ type: () => [SourceRefInputDto], maxItems: 20 })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => SourceRefInputDto)
  sources?: SourceRefInputDto[];
}

/** Everything but the slug may change; the content note may also be removed with null or "". */
export class UpdateLessonDto extends PartialType(OmitType(CreateLessonDto, ['slug', 'contentNote'] as const)) {
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: 1000,
    description: 'A note on sensitive subjects the lesson discusses; null or "" removes it',
  })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  contentNote?: string | null;
}

export class AuthoredLessonRefDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  slug!: string;

  @ApiProperty()
  title!: string;

  @ApiProperty({ type: 'integer' })
  position!: number;
}

export class AuthoredModuleDto {
  @ApiProperty({ format: 'uuid', description: 'For the question bank and quiz routes (/api/modules/{moduleId}/…)' })
  id!: string;

  @ApiProperty()
  slug!: string;

  @ApiProperty()
  title!: string;

  @ApiProperty()
  summary!: string;

  @ApiProperty()
  publicationSlug!: string;

  @ApiProperty({ enum: ['content', 'authored'] })
  origin!: 'content' | 'authored';

  @ApiProperty({
    description:
      'The module’s current revision, also sent as its ETag: send it back in If-Match when saving, to be refused (412) rather than overwrite a change made meanwhile',
  })
  revision!: string;

  @ApiProperty({ type: () => [AuthoredLessonRefDto] })
  lessons!: AuthoredLessonRefDto[];
}

export class AuthoredLessonDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  moduleSlug!: string;

  @ApiProperty()
  slug!: string;

  @ApiProperty()
  title!: string;

  @ApiProperty({ type: 'integer' })
  position!: number;

  @ApiProperty({ type: 'integer' })
  estimatedMinutes!: number;

  @ApiProperty({ type: [String] })
  objectives!: string[];

  @ApiProperty({ type: String, nullable: true })
  contentNote!: string | null;

  @ApiProperty({ description: 'The Markdown source, for the editor' })
  bodyMarkdown!: string;

  @ApiProperty({ description: 'The body as rendered and sanitised when it was saved: exactly what learners get' })
  html!: string;

  @ApiProperty({ type: () => [SourceRefInputDto] })
  sources!: SourceRefInputDto[];

  @ApiProperty({
    description:
      'The lesson’s current revision, also sent as its ETag: send it back in If-Match when saving, to be refused (412) rather than overwrite a change made meanwhile',
  })
  revision!: string;
}

export class PreviewMarkdownDto {
  @ApiProperty({ maxLength: MARKDOWN_MAX })
  @IsString()
  @MaxLength(MARKDOWN_MAX)
  markdown!: string;
}

export class PreviewDto {
  @ApiProperty({ description: 'Sanitised HTML, rendered exactly as a lesson body is' })
  html!: string;
}

export class UploadedImageDto {
  @ApiProperty({ description: 'The stored file name (random id and extension)' })
  file!: string;

  @ApiProperty({ description: 'Where the image is served, for Markdown: ![alt](url)' })
  url!: string;

  @ApiProperty({ enum: ['image/png', 'image/jpeg', 'image/webp', 'image/gif'] })
  contentType!: string;

  @ApiProperty({ type: 'integer' })
  size!: number;

  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The organisation whose storage quota the image counts against; null: the platform’s allowance',
  })
  organisationId!: string | null;
}
