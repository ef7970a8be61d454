import type { components } from '#lib/api/schema.js';

/**
 * The cohorts API as the web app reads it (issue #10's successor, docs/api.md "Cohorts"). Until the
 * cohorts module's routes are in backend/openapi.json these follow the shared contract; once they
 * are, each type below is the generated one.
 */

export interface Cohort {
  id: string;
  organisationId: string;
  organisationName?: string;
  name: string;
  description: string | null;
  archivedAt: string | null;
  memberCount: number;
  trainerIds: string[];
  createdAt: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface CohortMember {
  id: string;
  /** null while the person has not registered yet (a pending enrolment, invited). */
  userId: string | null;
  email: string | null;
  name: string | null;
  externalId: string | null;
  /** Invited, not registered yet: their place starts when they sign up. */
  pending: boolean;
  addedAt: string;
}

export interface AddedMember {
  member: CohortMember;
  /** false: they were already in the cohort. */
  created: boolean;
  invited: boolean;
}

export interface ImportError {
  line: number;
  field: string;
  reason: string;
}

export interface ImportReport {
  rows?: number;
  imported: number;
  alreadyMembers: number;
  invited: number;
  rejected: number;
  errors: ImportError[];
  /** The refused rows as CSV (header, then each row with an "errors" column); empty when none. */
  rejectedCsv?: string;
}

export interface Assignment {
  id: string;
  cohortId?: string;
  courseId: string;
  courseTitle: string;
  courseSlug: string;
  organisationCourse?: boolean;
  startsAt: string | null;
  dueAt: string | null;
}

export type ModuleState = 'not_started' | 'in_progress' | 'complete';

export interface MatrixModule {
  id: string;
  title: string;
}

export interface MatrixCell {
  moduleId: string;
  state: ModuleState;
  /** 0-100, or 0-1 from some APIs: see scoreText. null when the module has no graded quiz yet. */
  score: number | null;
}

export interface MatrixRow {
  memberId: string;
  userId: string | null;
  name: string | null;
  email: string | null;
  externalId?: string | null;
  pending?: boolean;
  /** The learner's state on the course: not_started, in_progress, completed. */
  state: string;
  /** 0-100: lessons done. */
  percent?: number;
  overdue?: boolean;
  atRisk?: boolean;
  dueAt: string | null;
  lastActivityAt: string | null;
  completedAt?: string | null;
  modules: MatrixCell[];
}

export interface ProgressMatrix {
  assignment?: Assignment | null;
  modules: MatrixModule[];
  items: MatrixRow[];
  nextCursor: string | null;
  prevCursor?: string | null;
}

export interface CohortSummary {
  members: number;
  /** Invited, not signed up yet. */
  pending?: number;
  notStarted: number;
  inProgress: number;
  completed: number;
  overdue: number;
  atRisk?: number;
  completionsByWeek: { week: string; count: number }[];
}

export interface TimelineEvent {
  id: string;
  /** The xAPI verb: registered, experienced, completed, attempted, passed, failed… */
  verb: string;
  /** The course, lesson or quiz, by title. */
  objectName: string | null;
  /** lesson, quiz, course… */
  objectType: string | null;
  timestamp: string;
  /** 0-1, of a graded attempt. */
  scoreScaled: number | null;
  success: boolean | null;
}

export type AttentionReason = components['schemas']['AttentionReasonDto'];

export type AttentionItem = components['schemas']['AttentionItemDto'];

export interface MyAssignment {
  assignmentId: string;
  cohortId: string;
  cohortName: string;
  organisationId?: string;
  organisationName: string;
  courseSlug: string;
  courseTitle: string;
  startsAt: string | null;
  dueAt: string | null;
  overdue: boolean;
  enrolmentId?: string | null;
  completedAt: string | null;
}

export type NotificationSettings = components['schemas']['NotificationSettingsDto'];
