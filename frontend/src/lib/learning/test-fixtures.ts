/** Progress API answers for the learner pages' unit tests. */
import type { Completion, CourseProgress, DashboardCourse, MyProgress } from './types';

export const ENROLMENT_ID = '0b6c1c4e-5d43-4c1a-9a55-3f1f0e2a7c11';

export function completion(overrides: Partial<Completion> = {}): Completion {
  return {
    id: 'c1',
    courseSlug: 'foundations',
    courseTitle: 'Foundations',
    versionNumber: 1,
    completedAt: '2025-12-10T00:00:00.000Z',
    expiresAt: '2026-12-10T00:00:00.000Z',
    status: 'current',
    finalScore: 92,
    timeSpentSeconds: 3600,
    revokedAt: null,
    revokedReason: null,
    archivedAt: null,
    ...overrides
  };
}

export function dashboardCourse(overrides: Partial<DashboardCourse> = {}): DashboardCourse {
  return {
    enrolmentId: ENROLMENT_ID,
    courseSlug: 'foundations',
    courseTitle: 'Foundations',
    organisationCourse: false,
    enrolledAt: '2026-11-20T09:00:00.000Z',
    dueAt: null,
    overdue: false,
    percentComplete: 40,
    lessonsCompleted: 2,
    lessonsTotal: 5,
    timeSpentSeconds: 1530,
    lastActivityAt: '2026-12-01T09:00:00.000Z',
    resume: { lessonId: 'l-2', lessonTitle: 'A scoping study', moduleSlug: 'modern-slavery-homelessness', position: 0.42 },
    modules: [
      {
        slug: 'ending-forced-labour-2030',
        title: 'Ending forced labour by 2030',
        complete: true,
        lessonsCompleted: 1,
        lessonsRequired: 1,
        quiz: { quizId: 'q-1', gradePercent: 85.5, passed: true, attemptsUsed: 2 }
      },
      { slug: 'modern-slavery-homelessness', title: 'Modern slavery and homelessness', complete: false, lessonsCompleted: 1, lessonsRequired: 4, quiz: null }
    ],
    completion: null,
    ...overrides
  };
}

export function myProgress(overrides: Partial<MyProgress> = {}): MyProgress {
  return { courses: [dashboardCourse()], archivedCompletions: [], totalTimeSpentSeconds: 3 * 3600 + 5 * 60, nextCursor: null, ...overrides };
}

export function courseProgress(overrides: Partial<CourseProgress> = {}): CourseProgress {
  return {
    enrolmentId: ENROLMENT_ID,
    courseSlug: 'foundations',
    courseTitle: 'Foundations',
    percentComplete: 50,
    lessonsCompleted: 1,
    lessonsTotal: 2,
    timeSpentSeconds: 600,
    dueAt: null,
    overdue: false,
    resume: { lessonId: 'l-2', lessonTitle: 'A scoping study', moduleSlug: 'modern-slavery-homelessness', position: 0.3 },
    modules: [
      {
        slug: 'ending-forced-labour-2030',
        title: 'Ending forced labour by 2030',
        complete: true,
        lessonsCompleted: 1,
        lessonsRequired: 1,
        quiz: { quizId: 'q-1', gradePercent: 100, passed: true, attemptsUsed: 1 },
        lessons: [
          {
            lessonId: 'l-1',
            title: 'Context and purpose',
            startedAt: '2026-12-01T09:00:00.000Z',
            completedAt: '2026-12-01T09:10:00.000Z',
            timeSpentSeconds: 500,
            position: 1
          }
        ]
      },
      {
        slug: 'modern-slavery-homelessness',
        title: 'Modern slavery and homelessness',
        complete: false,
        lessonsCompleted: 0,
        lessonsRequired: 1,
        quiz: null,
        lessons: [{ lessonId: 'l-2', title: 'A scoping study', startedAt: '2026-12-01T09:20:00.000Z', completedAt: null, timeSpentSeconds: 100, position: 0.3 }]
      }
    ],
    completion: null,
    ...overrides
  };
}
