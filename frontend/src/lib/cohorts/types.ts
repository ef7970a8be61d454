/**
 * The cohorts API as the web app reads it (issue #10's successor, docs/api.md "Cohorts"). Until the
 * cohorts module's routes are in backend/openapi.json these follow the shared contract; once they
 * are, each type below is the generated one.
 */

export interface Cohort {
  id: string;
  organisationId: string;
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
  email: string;
  name: string | null;
  externalId: string | null;
  /** pending: invited, not registered yet. */
  status?: string;
  addedAt?: string;
}

export interface ImportError {
  line: number;
  field: string;
  reason: string;
}

export interface ImportReport {
  imported: number;
  alreadyMembers: number;
  invited: number;
  rejected: number;
  errors: ImportError[];
  /** Where the API serves the rejected rows as CSV, when it keeps them. */
  rejectedRowsUrl?: string | null;
}

export interface Assignment {
  id: string;
  courseId: string;
  courseTitle?: string;
  courseSlug?: string;
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
  email: string;
  /** The learner's state on the assignment: not_started, in_progress, completed, overdue... */
  state: string;
  dueAt: string | null;
  lastActivityAt: string | null;
  modules: MatrixCell[];
}

export interface ProgressMatrix {
  modules: MatrixModule[];
  items: MatrixRow[];
  nextCursor: string | null;
  prevCursor?: string | null;
}

export interface CohortSummary {
  members: number;
  notStarted: number;
  inProgress: number;
  completed: number;
  overdue: number;
  completionsByWeek: { week: string; count: number }[];
}

export interface TimelineEvent {
  id?: string;
  occurredAt: string;
  /** What happened, e.g. lesson.completed, quiz.passed; shown through EVENT_LABELS. */
  type?: string;
  verb?: string;
  /** The course, lesson or quiz concerned, by title. */
  title?: string | null;
  objectTitle?: string | null;
  courseTitle?: string | null;
  score?: number | null;
}

export interface AttentionReason {
  code: string;
  detail?: string | null;
}

export interface AttentionItem {
  cohortId: string;
  cohortName?: string;
  userId: string;
  name: string | null;
  email?: string;
  reasons: AttentionReason[];
}

export interface MyAssignment {
  assignmentId?: string;
  courseSlug: string;
  courseTitle: string;
  cohortId?: string;
  cohortName: string;
  organisationName?: string;
  startsAt: string | null;
  dueAt: string | null;
  overdue?: boolean;
  state?: string;
  percentComplete?: number;
}

export interface NotificationSettings {
  dueDateReminders: boolean;
  weeklyDigest: boolean;
}
