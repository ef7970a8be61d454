import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional, IsString, Matches } from 'class-validator';
import { emptyAsUnset, PageQueryParams } from '../../common/http/catalogue-cursor.js';
import { SLUG_PATTERN } from '../../common/http/param-pipes.js';
import { CourseRefDto, PublicationRefDto } from '../library/index.js';

// --- queries --------------------------------------------------------------------------------

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

// --- courses --------------------------------------------------------------------------------

export class CourseListItemDto {
  @ApiProperty({ format: 'uuid', description: 'What an assignment to a cohort names (POST /api/cohorts/{cohortId}/assignments)' })
  id!: string;

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

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The organisation whose own (tailored) course this is, to label it ("From <organisation>"); null for a public course',
  })
  organisationName!: string | null;

  @ApiProperty({
    enum: ['organisation', 'cohorts'],
    nullable: true,
    description:
      'Whom an organisation course is published to: organisation (every member) or cohorts (only members of the cohorts it is assigned to; its trainers and org admins see it too); null for a public course',
  })
  publishedTo!: 'organisation' | 'cohorts' | null;
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

export class ModuleQuizDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ type: 'integer', description: 'Questions an attempt holds' })
  questionCount!: number;

  @ApiProperty({ type: 'integer', minimum: 0, maximum: 100, description: 'Percentage of the points needed to pass' })
  passMark!: number;

  @ApiProperty({ type: 'integer', nullable: true, description: 'null: untimed' })
  timeLimitSeconds!: number | null;

  @ApiProperty({ type: 'integer', nullable: true, description: 'null: unlimited' })
  maxAttempts!: number | null;
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

  @ApiProperty({
    type: [String],
    description: 'What a learner can do after the module (learning objectives); may be empty for a module authored in the browser',
  })
  objectives!: string[];

  @ApiProperty({ type: 'integer' })
  estimatedMinutes!: number;

  @ApiProperty({ type: 'integer', description: 'Questions in the module quiz (0 without one)' })
  questionCount!: number;

  @ApiProperty({ type: () => ModuleQuizDto, nullable: true, description: 'The module’s quiz as this course gives it; null without one' })
  quiz!: ModuleQuizDto | null;

  @ApiProperty({ type: () => PublicationRefDto, description: 'The publication the module is built from' })
  publication!: PublicationRefDto;

  @ApiProperty({ type: () => [LessonRefDto] })
  lessons!: LessonRefDto[];
}

export class CourseDetailDto extends CourseListItemDto {
  @ApiProperty({ type: [String] })
  objectives!: string[];

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The sensitive subjects the course’s lessons discuss, to show before the course (backend/content/README.md, "Content notes"); null when none',
  })
  contentNote!: string | null;

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

export class CourseModuleChoiceDto {
  @ApiProperty({ example: 'forced-labour-estimates' })
  slug!: string;

  @ApiProperty()
  title!: string;
}

export class CourseModuleChoiceListDto {
  @ApiProperty({ type: () => [CourseModuleChoiceDto] })
  items!: CourseModuleChoiceDto[];

  @ApiProperty({ type: String, nullable: true, description: 'Pass as ?cursor= for the next page; null on the last page' })
  nextCursor!: string | null;
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

export class GlossaryTermRefDto {
  @ApiProperty({ example: 'big-data', description: 'The term’s anchor on the glossary page' })
  slug!: string;

  @ApiProperty({ example: 'Big data' })
  term!: string;
}

export class MyLessonReflectionDto {
  @ApiProperty({ description: 'Your private note on this lesson' })
  text!: string;

  @ApiProperty({ type: 'integer', description: 'Send it back when you save, so a save from an older copy is refused' })
  version!: number;

  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;
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

  @ApiProperty({ type: () => [GlossaryTermRefDto], description: 'Glossary terms the lesson uses, by term; link each to /glossary#<slug>' })
  glossaryTerms!: GlossaryTermRefDto[];

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

  @ApiProperty({
    type: () => MyLessonReflectionDto,
    nullable: true,
    description: 'Your own private reflection on this lesson (never anyone else’s); null when signed out or none yet',
  })
  myReflection!: MyLessonReflectionDto | null;
}
