/**
 * The learning progress API's answers as the learner pages read them (issue #10:
 * POST /api/lessons/{lessonId}/progress, GET /api/me/progress, GET /api/me/courses/{slug}/progress,
 * POST /api/me/enrolments/{enrolmentId}/retake), in the shapes of backend/src/modules/learning/progress.dto.ts.
 */

export type CompletionStatus = 'current' | 'expiring' | 'expired' | 'revoked';

export interface QuizResult {
  quizId: string;
  /** Grade by the quiz's grading method; null before a first submitted attempt. */
  gradePercent: number | null;
  passed: boolean;
  attemptsUsed: number;
}

export interface Completion {
  id: string;
  courseSlug: string;
  courseTitle: string;
  versionNumber: number;
  completedAt: string;
  expiresAt: string | null;
  status: CompletionStatus;
  finalScore: number | null;
  timeSpentSeconds: number;
  revokedAt: string | null;
  revokedReason: string | null;
  archivedAt: string | null;
}

export interface ResumeTarget {
  lessonId: string;
  lessonTitle: string;
  moduleSlug: string;
  position: number | null;
}

export interface DashboardModule {
  slug: string;
  title: string;
  complete: boolean;
  lessonsCompleted: number;
  lessonsRequired: number;
  quiz: QuizResult | null;
}

export interface DashboardCourse {
  enrolmentId: string;
  courseSlug: string;
  courseTitle: string;
  /** A tailored course of one of the learner's organisations (the API does not say which). */
  organisationCourse: boolean;
  enrolledAt: string;
  dueAt: string | null;
  overdue: boolean;
  percentComplete: number;
  lessonsCompleted: number;
  lessonsTotal: number;
  timeSpentSeconds: number;
  lastActivityAt: string | null;
  resume: ResumeTarget | null;
  modules: DashboardModule[];
  completion: Completion | null;
}

export interface MyProgress {
  courses: DashboardCourse[];
  nextCursor: string | null;
  archivedCompletions: Completion[];
  totalTimeSpentSeconds: number;
}

export interface LessonState {
  lessonId: string;
  title: string;
  startedAt: string | null;
  completedAt: string | null;
  timeSpentSeconds: number;
  position: number | null;
}

export interface CourseModuleProgress extends DashboardModule {
  lessons: LessonState[];
}

export interface CourseProgress {
  enrolmentId: string;
  courseSlug: string;
  courseTitle: string;
  percentComplete: number;
  lessonsCompleted: number;
  lessonsTotal: number;
  timeSpentSeconds: number;
  dueAt: string | null;
  overdue: boolean;
  resume: ResumeTarget | null;
  modules: CourseModuleProgress[];
  completion: Completion | null;
}

/** What recording progress answers: the lesson, its module and its course as they stand now. */
export interface RecordedProgress {
  lessonId: string;
  courseSlug: string;
  startedAt: string;
  completedAt: string | null;
  timeSpentSeconds: number;
  position: number | null;
  module: { slug: string; complete: boolean; lessonsCompleted: number; lessonsRequired: number; quiz: { quizId: string; passed: boolean } | null };
  course: { slug: string; percentComplete: number; completedAt: string | null };
}

export interface RecordProgressBody {
  course: string;
  intervalId?: string;
  visibleSeconds?: number;
  position?: number;
  completed?: boolean;
}
