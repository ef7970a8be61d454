/** One learning record, as it appears in a person's data export. */
export interface LearningRecordExport {
  kind: 'enrolment';
  courseSlug: string;
  courseTitle: string;
  versionNumber: number;
  enrolledAt: string;
  dueAt: string | null;
}

/**
 * What the account export needs from the learning side, without identity depending on the
 * learning module (which provides the implementation).
 */
export abstract class LearningRecordsReader {
  abstract exportFor(userId: string): Promise<LearningRecordExport[]>;
}
