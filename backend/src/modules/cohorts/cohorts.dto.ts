import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsDate,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';
import { PageQueryDto } from '../../common/http/pagination.js';
import { ItemAnalysisQuestionDto, OptionFrequencyDto } from '../assessment/index.js';
import { PROGRESS_FILTERS, PROGRESS_SORTS, type LearnerState, type ProgressFilter, type ProgressSort } from './cohort-progress.repository.js';
import { EXTERNAL_ID_MAX, NAME_MAX } from './csv-import.js';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const trimLower = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value);
const trimOrNull = ({ value }: { value: unknown }) => {
  if (typeof value !== 'string') return value;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
};
const toBoolean = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);
const NO_CONTROL = /^[^\p{Cc}]*$/u;
/** Descriptions may hold line breaks, not other control characters. */
const NO_CONTROL_BUT_LINES = /^[^\p{Cc}]*(?:[\r\n]+[^\p{Cc}]*)*$/u;

// ── cohorts ─────────────────────────────────────────────────────────────────────

export class CreateCohortDto {
  @ApiProperty({ minLength: 1, maxLength: 120, example: 'Front-line staff 2026' })
  @Transform(trim)
  @IsString()
  @Length(1, 120)
  @Matches(NO_CONTROL, { message: 'name must not contain control characters' })
  name!: string;

  @ApiPropertyOptional({ type: String, maxLength: 2000, nullable: true })
  @IsOptional()
  @Transform(trimOrNull)
  @ValidateIf((_o, v) => v !== null)
  @IsString()
  @MaxLength(2000)
  @Matches(NO_CONTROL_BUT_LINES, { message: 'description must not contain control characters other than line breaks' })
  description?: string | null;
}

export class UpdateCohortDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: 120 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 120)
  @Matches(NO_CONTROL, { message: 'name must not contain control characters' })
  name?: string;

  @ApiPropertyOptional({ type: String, maxLength: 2000, nullable: true, description: 'null or empty clears it' })
  @IsOptional()
  @Transform(trimOrNull)
  @ValidateIf((_o, v) => v !== null)
  @IsString()
  @MaxLength(2000)
  @Matches(NO_CONTROL_BUT_LINES, { message: 'description must not contain control characters other than line breaks' })
  description?: string | null;
}

export class ListCohortsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ type: Boolean, default: false, description: 'true: the archived cohorts instead' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  archived?: boolean;
}

export class CohortDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  organisationId!: string;

  @ApiProperty()
  organisationName!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty({ type: String, nullable: true })
  description!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  archivedAt!: string | null;

  @ApiProperty({ description: 'Registered and pending members' })
  memberCount!: number;

  @ApiProperty({ type: [String], format: 'uuid' })
  trainerIds!: string[];

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;
}

export class CohortPageDto {
  @ApiProperty({ type: [CohortDto] })
  items!: CohortDto[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor!: string | null;
}

export class ReplaceTrainersDto {
  @ApiProperty({ type: [String], format: 'uuid', maxItems: 50, description: 'Each a trainer or org admin of the organisation' })
  @IsArray()
  @ArrayMaxSize(50)
  @IsUUID('4', { each: true, message: 'each of userIds must be a UUID' })
  userIds!: string[];
}

export class SeatLimitDto {
  @ApiProperty({ type: Number, nullable: true, minimum: 0, description: 'null: no limit' })
  @ValidateIf((_o, v) => v !== null)
  @IsInt()
  @Min(0)
  seatLimit!: number | null;
}

export class LicenceDto {
  @ApiProperty({ format: 'uuid' })
  organisationId!: string;

  @ApiProperty({ type: Number, nullable: true })
  seatLimit!: number | null;

  @ApiProperty({ description: "Distinct people (registered or invited) in the organisation's cohorts that are not archived" })
  seatsUsed!: number;
}

// ── members ─────────────────────────────────────────────────────────────────────

export class AddMemberDto {
  @ApiProperty({ maxLength: 254, example: 'ana.silva@example.org' })
  @Transform(trimLower)
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  email!: string;

  @ApiPropertyOptional({ type: String, maxLength: NAME_MAX, nullable: true, description: 'Shown until the person registers with their own name' })
  @IsOptional()
  @Transform(trimOrNull)
  @ValidateIf((_o, v) => v !== null)
  @IsString()
  @MaxLength(NAME_MAX)
  @Matches(NO_CONTROL, { message: 'name must not contain control characters' })
  name?: string | null;

  @ApiPropertyOptional({ type: String, maxLength: EXTERNAL_ID_MAX, nullable: true, description: "The organisation's own staff number" })
  @IsOptional()
  @Transform(trimOrNull)
  @ValidateIf((_o, v) => v !== null)
  @IsString()
  @MaxLength(EXTERNAL_ID_MAX)
  @Matches(NO_CONTROL, { message: 'externalId must not contain control characters' })
  externalId?: string | null;
}

export class ListCohortMembersQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ maxLength: 120, description: 'Part of the name or email, case-insensitive' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(120)
  q?: string;
}

export class CohortMemberDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'null while pending (invited, not registered yet)' })
  userId!: string | null;

  @ApiProperty({ type: String, nullable: true })
  email!: string | null;

  @ApiProperty({ type: String, nullable: true })
  name!: string | null;

  @ApiProperty({ type: String, nullable: true })
  externalId!: string | null;

  @ApiProperty({ description: 'Invited to the organisation, not registered yet: enrolled in the assignments when they accept' })
  pending!: boolean;

  @ApiProperty({ format: 'date-time' })
  addedAt!: string;
}

export class CohortMemberPageDto {
  @ApiProperty({ type: [CohortMemberDto] })
  items!: CohortMemberDto[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor!: string | null;
}

export class AddedMemberDto {
  @ApiProperty({ type: CohortMemberDto })
  member!: CohortMemberDto;

  @ApiProperty({ description: 'false: the person was in the cohort already (nothing changed)' })
  created!: boolean;

  @ApiProperty({ description: 'An organisation invitation was sent (or one was pending already)' })
  invited!: boolean;
}

export class ImportErrorDto {
  @ApiProperty({ description: 'Line in the file (1 is the header; 0: the file as a whole)' })
  line!: number;

  @ApiProperty({ example: 'email', description: 'email, name, external_id, row, or file' })
  field!: string;

  @ApiProperty({ example: 'email is not an email address' })
  reason!: string;
}

export class ImportReportDto {
  @ApiProperty({ description: 'Data rows read (empty lines not counted)' })
  rows!: number;

  @ApiProperty({ description: 'People added to the cohort (registered members of the organisation, and pending ones)' })
  imported!: number;

  @ApiProperty({ description: 'Valid rows of people already in the cohort: nothing changed for them' })
  alreadyMembers!: number;

  @ApiProperty({ description: 'Of those imported, how many are pending: invited to the organisation (a new invitation mailed, or one pending already)' })
  invited!: number;

  @ApiProperty({ description: 'Rows refused (each has one or more errors)' })
  rejected!: number;

  @ApiProperty({ type: [ImportErrorDto] })
  errors!: ImportErrorDto[];

  @ApiProperty({ description: 'The refused rows as CSV (the header, then each row as it was with an "errors" column), for download; empty when none' })
  rejectedCsv!: string;
}

// ── assignments ─────────────────────────────────────────────────────────────────

export class CreateAssignmentDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('4', { message: 'courseId must be a UUID' })
  courseId!: string;

  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true })
  @IsOptional()
  @Type(() => Date)
  @ValidateIf((_o, v) => v !== null)
  @IsDate({ message: 'startsAt must be a date-time' })
  startsAt?: Date | null;

  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true, description: 'After startsAt' })
  @IsOptional()
  @Type(() => Date)
  @ValidateIf((_o, v) => v !== null)
  @IsDate({ message: 'dueAt must be a date-time' })
  dueAt?: Date | null;
}

export class UpdateAssignmentDto {
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true })
  @IsOptional()
  @Type(() => Date)
  @ValidateIf((_o, v) => v !== null)
  @IsDate({ message: 'startsAt must be a date-time' })
  startsAt?: Date | null;

  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true })
  @IsOptional()
  @Type(() => Date)
  @ValidateIf((_o, v) => v !== null)
  @IsDate({ message: 'dueAt must be a date-time' })
  dueAt?: Date | null;
}

export class AssignmentDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  cohortId!: string;

  @ApiProperty({ format: 'uuid' })
  courseId!: string;

  @ApiProperty()
  courseSlug!: string;

  @ApiProperty()
  courseTitle!: string;

  @ApiProperty({ description: "The organisation's own (tailored) course" })
  organisationCourse!: boolean;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  startsAt!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  dueAt!: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;
}

export class AssignmentListDto {
  @ApiProperty({ type: [AssignmentDto] })
  items!: AssignmentDto[];
}

export class CreatedAssignmentDto extends AssignmentDto {
  @ApiProperty({ description: 'Enrolments made now for registered members (those enrolled already keep theirs)' })
  enrolled!: number;
}

export class MyAssignmentDto {
  @ApiProperty({ format: 'uuid' })
  assignmentId!: string;

  @ApiProperty({ format: 'uuid' })
  cohortId!: string;

  @ApiProperty()
  cohortName!: string;

  @ApiProperty({ format: 'uuid' })
  organisationId!: string;

  @ApiProperty()
  organisationName!: string;

  @ApiProperty()
  courseSlug!: string;

  @ApiProperty()
  courseTitle!: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  startsAt!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  dueAt!: string | null;

  @ApiProperty({ description: 'Not completed and the due date has passed' })
  overdue!: boolean;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  enrolmentId!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  completedAt!: string | null;
}

export class MyAssignmentListDto {
  @ApiProperty({
    type: [MyAssignmentDto],
    description: 'Soonest due first (no due date last); one per course (the earliest due date of the cohorts assigning it)',
  })
  items!: MyAssignmentDto[];
}

// ── progress ────────────────────────────────────────────────────────────────────

export class ProgressQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: "Which assignment; default the cohort's first" })
  @IsOptional()
  @IsUUID('4', { message: 'assignmentId must be a UUID' })
  assignmentId?: string;

  @ApiPropertyOptional({ enum: PROGRESS_FILTERS })
  @IsOptional()
  @IsIn(PROGRESS_FILTERS)
  filter?: ProgressFilter;

  @ApiPropertyOptional({ enum: PROGRESS_SORTS, default: 'name', description: 'Ascending: name A-Z, progress lowest first, last activity oldest (never) first' })
  @IsOptional()
  @IsIn(PROGRESS_SORTS)
  sort?: ProgressSort;
}

export class ExportQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: "Which assignment; default the cohort's first" })
  @IsOptional()
  @IsUUID('4', { message: 'assignmentId must be a UUID' })
  assignmentId?: string;
}

export class SummaryQueryDto extends ExportQueryDto {}

export class ModuleHeaderDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  title!: string;
}

export class ModuleCellDto {
  @ApiProperty({ format: 'uuid' })
  moduleId!: string;

  @ApiProperty({ enum: ['not_started', 'in_progress', 'complete'] })
  state!: 'not_started' | 'in_progress' | 'complete';

  @ApiProperty({ type: Number, nullable: true, description: "The module quiz's grade (percent) by its grading method" })
  score!: number | null;
}

export class ProgressItemDto {
  @ApiProperty({ format: 'uuid' })
  memberId!: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  userId!: string | null;

  @ApiProperty({ type: String, nullable: true })
  name!: string | null;

  @ApiProperty({ type: String, nullable: true })
  email!: string | null;

  @ApiProperty({ type: String, nullable: true })
  externalId!: string | null;

  @ApiProperty({ description: 'Invited, not registered yet' })
  pending!: boolean;

  @ApiProperty({ enum: ['not_started', 'in_progress', 'completed'] })
  state!: LearnerState;

  @ApiProperty({ description: 'Lessons completed over lessons, 100 only when completed' })
  percent!: number;

  @ApiProperty()
  overdue!: boolean;

  @ApiProperty()
  atRisk!: boolean;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  dueAt!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  lastActivityAt!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  completedAt!: string | null;

  @ApiProperty({ type: [ModuleCellDto] })
  modules!: ModuleCellDto[];
}

export class ProgressPageDto {
  @ApiProperty({ type: AssignmentDto, nullable: true, description: 'The assignment shown; null when the cohort has none' })
  assignment!: AssignmentDto | null;

  @ApiProperty({ type: [ModuleHeaderDto], description: "The modules of the course's current version, in order" })
  modules!: ModuleHeaderDto[];

  @ApiProperty({ type: [ProgressItemDto] })
  items!: ProgressItemDto[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor!: string | null;
}

export class WeekCountDto {
  @ApiProperty({ example: '2026-11-30', description: 'The Monday the ISO week starts (UTC)' })
  week!: string;

  @ApiProperty()
  count!: number;
}

export class SummaryDto {
  @ApiProperty({ type: AssignmentDto, nullable: true })
  assignment!: AssignmentDto | null;

  @ApiProperty()
  members!: number;

  @ApiProperty()
  pending!: number;

  @ApiProperty()
  notStarted!: number;

  @ApiProperty()
  inProgress!: number;

  @ApiProperty()
  completed!: number;

  @ApiProperty()
  overdue!: number;

  @ApiProperty()
  atRisk!: number;

  @ApiProperty({ type: [WeekCountDto] })
  completionsByWeek!: WeekCountDto[];
}

export class TimelineEventDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'completed', description: 'registered, experienced, completed, attempted, passed, failed…' })
  verb!: string;

  @ApiProperty({ type: String, nullable: true, description: 'The course, lesson or quiz title' })
  objectName!: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'lesson' })
  objectType!: string | null;

  @ApiProperty({ format: 'uuid' })
  courseId!: string;

  @ApiProperty({ format: 'date-time' })
  timestamp!: string;

  @ApiProperty({ type: Number, nullable: true, description: 'Scaled score 0-1 of a graded attempt' })
  scoreScaled!: number | null;

  @ApiProperty({ type: Boolean, nullable: true })
  success!: boolean | null;
}

export class TimelineLearnerDto {
  @ApiProperty({ format: 'uuid' })
  memberId!: string;

  @ApiProperty({ format: 'uuid' })
  userId!: string;

  @ApiProperty({ type: String, nullable: true, description: "The account's display name (else the name given when added)" })
  name!: string | null;

  @ApiProperty({ description: 'As in the progress matrix: shown to everyone who may view the cohort' })
  email!: string;

  @ApiProperty({ type: String, nullable: true })
  externalId!: string | null;
}

export class TimelinePageDto {
  @ApiProperty({ type: TimelineLearnerDto, description: 'Whose timeline it is' })
  learner!: TimelineLearnerDto;

  @ApiProperty({ type: [TimelineEventDto] })
  items!: TimelineEventDto[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor!: string | null;
}

/** The fewest learners (who submitted the quiz) for whom the cohort's item analysis gives figures per question. */
export const COHORT_ANALYSIS_MIN_LEARNERS = 5;

export class CohortItemAnalysisQueryDto {
  // Required, and checked as a UUID by the service after the access check: a caller who may not
  // see the cohort gets its 404 whatever the query (the authorization matrix calls without one).
  @ApiProperty({ format: 'uuid', required: true, description: "A quiz of one of the cohort's assigned courses (a module's quiz, or a tailored course's own)" })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  quizId?: string;
}

export class CohortItemAnalysisQuestionDto extends ItemAnalysisQuestionDto {
  @ApiProperty({
    type: OptionFrequencyDto,
    nullable: true,
    description: 'The wrong answer chosen most often (null: none chosen, or a numeric or short-text question); its `correct` is false',
  })
  mostChosenWrong!: OptionFrequencyDto | null;
}

export class CohortItemAnalysisDto {
  @ApiProperty({ format: 'uuid' })
  cohortId!: string;

  @ApiProperty({ format: 'uuid' })
  organisationId!: string;

  @ApiProperty({ format: 'uuid' })
  quizId!: string;

  @ApiProperty()
  quizTitle!: string;

  @ApiProperty({ type: 'integer', description: "The cohort's current members who have submitted the quiz (their first submitted attempt is analysed)" })
  learners!: number;

  @ApiProperty({ description: 'Always false: every member is counted (kept for the shape of the quiz-wide analysis)' })
  truncated!: boolean;

  @ApiProperty({ type: 'integer', example: COHORT_ANALYSIS_MIN_LEARNERS, description: 'The fewest learners for whom figures per question are given' })
  minLearners!: number;

  @ApiProperty({ description: 'Fewer learners than minLearners: `questions` is empty so that no one’s answers can be singled out' })
  tooFewLearners!: boolean;

  @ApiProperty({ description: 'How the figures are computed' })
  method!: string;

  @ApiProperty({ type: () => [CohortItemAnalysisQuestionDto] })
  questions!: CohortItemAnalysisQuestionDto[];
}
