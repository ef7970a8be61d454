/**
 * The learning progress API's answers as the learner pages read them (issue #10:
 * POST /api/lessons/{lessonId}/progress, GET /api/me/progress, GET /api/me/courses/{slug}/progress,
 * POST /api/me/enrolments/{enrolmentId}/retake).
 */

export type CompletionStatus = 'current' | 'expiring' | 'expired';

export interface ModuleQuizProgress {
  quizId: string;
  /** Best grade so far by the quiz's grading method; null before any graded attempt. */
  percent: number | null;
  passed: boolean;
  attemptsUsed: number;
}

export interface CompletionRecord {
  id: string;
  completedAt: string;
  expiresAt: string | null;
  status: CompletionStatus;
  finalScore: number | null;
}

export interface ResumeTarget {
  lessonId: string;
  lessonTitle: string;
  moduleSlug: string;
  position: number | null;
}

export interface DashboardEnrolment {
  enrolmentId: string;
  courseSlug: string;
  courseTitle: string;
  organisation: { id: string; name: string } | null;
  dueAt: string | null;
  overdue: boolean;
  percentComplete: number;
  lessonsCompleted: number;
  lessonsTotal: number;
  timeSpentSeconds: number;
  lastActivityAt: string | null;
  resume: ResumeTarget | null;
  modules: { slug: string; title: string; complete: boolean; quiz: ModuleQuizProgress | null }[];
  completion: CompletionRecord | null;
}

export interface ArchivedCompletion extends CompletionRecord {
  courseSlug: string;
  courseTitle: string;
}

export interface Dashboard {
  enrolments: DashboardEnrolment[];
  archivedCompletions: ArchivedCompletion[];
  totalTimeSeconds: number;
  nextCursor: string | null;
}

export interface LessonProgress {
  lessonId: string;
  startedAt: string | null;
  completedAt: string | null;
  timeSpentSeconds: number;
  position: number | null;
}

export interface ModuleProgress {
  slug: string;
  complete: boolean;
  lessonsCompleted: number;
  lessonsRequired: number;
  quiz: ModuleQuizProgress | null;
  lessons: LessonProgress[];
}

export interface CourseProgress {
  courseSlug: string;
  percentComplete: number;
  lessonsCompleted: number;
  lessonsTotal: number;
  timeSpentSeconds: number;
  resume: ResumeTarget | null;
  modules: ModuleProgress[];
  completion: CompletionRecord | null;
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
