/** The person's progress in one lesson of an enrolment, in their data export. */
export interface LessonProgressExport {
  lessonId: string;
  lessonTitle: string;
  startedAt: string;
  completedAt: string | null;
  timeSpentSeconds: number;
  position: number | null;
}

/** A course completion of an enrolment, in the data export. */
export interface CompletionExport {
  id: string;
  completedAt: string;
  finalScore: number | null;
  timeSpentSeconds: number;
  expiresAt: string | null;
  revokedAt: string | null;
  revokedReason: string | null;
  archivedAt: string | null;
}

/** One learning record, as it appears in a person's data export. */
export interface LearningRecordExport {
  kind: 'enrolment';
  courseSlug: string;
  courseTitle: string;
  versionNumber: number;
  enrolledAt: string;
  dueAt: string | null;
  /** Set when a re-take replaced the enrolment. */
  archivedAt: string | null;
  lessonProgress: LessonProgressExport[];
  completions: CompletionExport[];
}

/** A private reflection, as its writer reads it: in the lesson, and in their data export. */
export interface OwnReflection {
  lessonId: string;
  text: string;
  version: number;
  updatedAt: string;
}

/** A private reflection in its writer's data export, with the lesson it was written on. */
export interface ReflectionExport extends OwnReflection {
  lessonTitle: string;
  moduleTitle: string;
}

/** A learning record as an xAPI statement, in its owner's data export (its shape: docs/learning-records.md). */
export type LearningStatementExport = Record<string, unknown>;

/** At most this many statements go into the account export (newest); the full set is GET /api/me/records/download. */
export const EXPORT_STATEMENTS_MAX = 10_000;

/**
 * What the account (identity) and the lesson reader (courses) need from the learning side,
 * without depending on the learning module (which provides the implementation). Private
 * reflections are only ever asked for by their writer's own user id.
 */
export abstract class LearningRecordsReader {
  abstract exportFor(userId: string): Promise<LearningRecordExport[]>;
  /** Every private reflection of the person, for their own data export. */
  abstract reflectionsFor(userId: string): Promise<ReflectionExport[]>;
  /** The person's own reflection on a lesson, for the lesson they are reading; null when none. */
  abstract reflectionOn(userId: string, lessonId: string): Promise<OwnReflection | null>;
  /**
   * Account deletion: private notes are erased, not anonymised (they are the person's own words),
   * and so are the visible-time intervals (when the person read what); lesson progress totals and
   * completions stay with the anonymised account, like enrolments.
   */
  abstract erasePrivateNotesFor(userId: string): Promise<void>;
  /** The person's learning records (xAPI statements), oldest first, at most EXPORT_STATEMENTS_MAX of the newest. */
  abstract statementsFor(userId: string): Promise<{ statements: LearningStatementExport[]; complete: boolean }>;
  /** Account deletion: the person's learning records (statements) are erased. */
  abstract eraseStatementsFor(userId: string): Promise<void>;
}
