import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsInt, IsNumber, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { PageQueryDto } from '../../common/http/pagination.js';
import { SLUG_PATTERN } from '../../common/http/param-pipes.js';
import { MAX_REPORTED_SECONDS, MAX_SECONDS_PER_INTERVAL } from './progress-rules.js';

// --- recording ------------------------------------------------------------------------------

export class RecordProgressDto {
  @ApiProperty({ description: 'Slug of the course the lesson is read in (you must be enrolled on it)', example: 'foundations' })
  @IsString()
  @MaxLength(200)
  @Matches(SLUG_PATTERN, { message: 'course must be a course slug (lowercase letters, digits and dashes)' })
  course!: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Made by the client for each interval the lesson was visible; a repeated id adds no time (the first report of an interval counts)',
  })
  @IsOptional()
  @IsUUID('all', { message: 'intervalId must be a UUID' })
  intervalId?: string;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 0,
    maximum: MAX_REPORTED_SECONDS,
    description: `Seconds the lesson was visible in this interval; at most ${MAX_SECONDS_PER_INTERVAL} count per interval. Ignored without intervalId.`,
  })
  @IsOptional()
  @IsInt({ message: 'visibleSeconds must be a whole number of seconds' })
  @Min(0)
  @Max(MAX_REPORTED_SECONDS)
  visibleSeconds?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: 1, description: 'Fraction of the lesson read (0..1); the last one is kept for resuming' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'position must be a number between 0 and 1' })
  @Min(0)
  @Max(1)
  position?: number;

  @ApiPropertyOptional({ description: 'true when the end was reached or the lesson marked complete; false never un-completes' })
  @IsOptional()
  @IsBoolean()
  completed?: boolean;
}

export class ModuleQuizStateDto {
  @ApiProperty({ format: 'uuid' })
  quizId!: string;

  @ApiProperty({ description: 'Passed by the quiz’s grading method (highest, last, first or average of the attempts)' })
  passed!: boolean;
}

export class ModuleStateDto {
  @ApiProperty()
  slug!: string;

  @ApiProperty({ description: 'Every lesson completed and the quiz (if any) passed' })
  complete!: boolean;

  @ApiProperty({ type: 'integer' })
  lessonsCompleted!: number;

  @ApiProperty({ type: 'integer' })
  lessonsRequired!: number;

  @ApiProperty({ type: () => ModuleQuizStateDto, nullable: true, description: 'null when the module has no quiz' })
  quiz!: ModuleQuizStateDto | null;
}

export class CourseStateDto {
  @ApiProperty()
  slug!: string;

  @ApiProperty({ type: 'integer', minimum: 0, maximum: 100, description: 'Lessons completed and quizzes passed over all of them, rounded down' })
  percentComplete!: number;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When the standing completion was recorded; null when none' })
  completedAt!: string | null;
}

export class LessonProgressDto {
  @ApiProperty({ format: 'uuid' })
  lessonId!: string;

  @ApiProperty()
  courseSlug!: string;

  @ApiProperty({ format: 'date-time' })
  startedAt!: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  completedAt!: string | null;

  @ApiProperty({ type: 'integer' })
  timeSpentSeconds!: number;

  @ApiProperty({ type: Number, nullable: true, description: 'Fraction read (0..1), for resuming' })
  position!: number | null;

  @ApiProperty({ type: () => ModuleStateDto })
  module!: ModuleStateDto;

  @ApiProperty({ type: () => CourseStateDto })
  course!: CourseStateDto;
}

// --- completions ------------------------------------------------------------------------------

export class CompletionDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  courseSlug!: string;

  @ApiProperty({ description: 'Title at the completed version' })
  courseTitle!: string;

  @ApiProperty({ type: 'integer', description: 'The course version completed (a later edit of the course does not change this record)' })
  versionNumber!: number;

  @ApiProperty({ format: 'date-time' })
  completedAt!: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'null when the course has no validity period' })
  expiresAt!: string | null;

  @ApiProperty({
    enum: ['current', 'expiring', 'expired', 'revoked'],
    description: 'expiring: within 30 days of expiry; revoked: a regrade failed a quiz it relied on (see revokedReason)',
  })
  status!: 'current' | 'expiring' | 'expired' | 'revoked';

  @ApiProperty({ type: Number, nullable: true, description: 'Mean of the course’s quiz grades, in percent; null for a course without quizzes' })
  finalScore!: number | null;

  @ApiProperty({ type: 'integer' })
  timeSpentSeconds!: number;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  revokedAt!: string | null;

  @ApiProperty({ type: String, nullable: true })
  revokedReason!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'Set when a re-take replaced it; the record is kept' })
  archivedAt!: string | null;
}

// --- reading ------------------------------------------------------------------------------

export class ResumeTargetDto {
  @ApiProperty({ format: 'uuid' })
  lessonId!: string;

  @ApiProperty()
  lessonTitle!: string;

  @ApiProperty()
  moduleSlug!: string;

  @ApiProperty({ type: Number, nullable: true, description: 'Fraction read (0..1); null when not started' })
  position!: number | null;
}

export class QuizResultDto {
  @ApiProperty({ format: 'uuid' })
  quizId!: string;

  @ApiProperty({ type: Number, nullable: true, description: 'Grade in percent by the quiz’s grading method; null before a first submitted attempt' })
  gradePercent!: number | null;

  @ApiProperty()
  passed!: boolean;

  @ApiProperty({ type: 'integer' })
  attemptsUsed!: number;
}

export class DashboardModuleDto {
  @ApiProperty()
  slug!: string;

  @ApiProperty()
  title!: string;

  @ApiProperty()
  complete!: boolean;

  @ApiProperty({ type: 'integer' })
  lessonsCompleted!: number;

  @ApiProperty({ type: 'integer' })
  lessonsRequired!: number;

  @ApiProperty({ type: () => QuizResultDto, nullable: true, description: 'null when the module has no quiz' })
  quiz!: QuizResultDto | null;
}

export class DashboardCourseDto {
  @ApiProperty({ format: 'uuid' })
  enrolmentId!: string;

  @ApiProperty()
  courseSlug!: string;

  @ApiProperty()
  courseTitle!: string;

  @ApiProperty({ description: 'A tailored course of one of your organisations' })
  organisationCourse!: boolean;

  @ApiProperty({ format: 'date-time' })
  enrolledAt!: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  dueAt!: string | null;

  @ApiProperty({ description: 'Due date passed and the course not complete' })
  overdue!: boolean;

  @ApiProperty({ type: 'integer', minimum: 0, maximum: 100 })
  percentComplete!: number;

  @ApiProperty({ type: 'integer' })
  lessonsCompleted!: number;

  @ApiProperty({ type: 'integer' })
  lessonsTotal!: number;

  @ApiProperty({ type: 'integer' })
  timeSpentSeconds!: number;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'Last progress recorded; null before any' })
  lastActivityAt!: string | null;

  @ApiProperty({
    type: () => ResumeTargetDto,
    nullable: true,
    description: 'Where to continue: the last lesson read if not completed, else the next lesson not completed; null when all are',
  })
  resume!: ResumeTargetDto | null;

  @ApiProperty({ type: () => [DashboardModuleDto] })
  modules!: DashboardModuleDto[];

  @ApiProperty({ type: () => CompletionDto, nullable: true, description: 'The latest completion of this enrolment (standing or revoked); null when none' })
  completion!: CompletionDto | null;
}

export class MyProgressQueryDto extends PageQueryDto {}

export class MyProgressDto {
  @ApiProperty({ type: () => [DashboardCourseDto], description: 'Your active enrolments, most recently active first (keyset-paginated)' })
  courses!: DashboardCourseDto[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor!: string | null;

  @ApiProperty({ type: () => [CompletionDto], description: 'Completions of enrolments a re-take replaced (at most 100, newest first)' })
  archivedCompletions!: CompletionDto[];

  @ApiProperty({ type: 'integer', description: 'All your counted learning time, archived enrolments included' })
  totalTimeSpentSeconds!: number;
}

export class LessonStateDto {
  @ApiProperty({ format: 'uuid' })
  lessonId!: string;

  @ApiProperty()
  title!: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  startedAt!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  completedAt!: string | null;

  @ApiProperty({ type: 'integer' })
  timeSpentSeconds!: number;

  @ApiProperty({ type: Number, nullable: true })
  position!: number | null;
}

export class CourseModuleProgressDto extends DashboardModuleDto {
  @ApiProperty({ type: () => [LessonStateDto] })
  lessons!: LessonStateDto[];
}

export class CourseProgressDto {
  @ApiProperty({ format: 'uuid' })
  enrolmentId!: string;

  @ApiProperty()
  courseSlug!: string;

  @ApiProperty()
  courseTitle!: string;

  @ApiProperty({ type: 'integer', minimum: 0, maximum: 100 })
  percentComplete!: number;

  @ApiProperty({ type: 'integer' })
  lessonsCompleted!: number;

  @ApiProperty({ type: 'integer' })
  lessonsTotal!: number;

  @ApiProperty({ type: 'integer' })
  timeSpentSeconds!: number;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  dueAt!: string | null;

  @ApiProperty()
  overdue!: boolean;

  @ApiProperty({ type: () => ResumeTargetDto, nullable: true })
  resume!: ResumeTargetDto | null;

  @ApiProperty({ type: () => [CourseModuleProgressDto] })
  modules!: CourseModuleProgressDto[];

  @ApiProperty({ type: () => CompletionDto, nullable: true })
  completion!: CompletionDto | null;
}
