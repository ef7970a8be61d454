/**
 * The learning progress API's answers as the learner pages read them (issue #10:
 * POST /api/lessons/{lessonId}/progress, GET /api/me/progress, GET /api/me/courses/{slug}/progress,
 * POST /api/me/enrolments/{enrolmentId}/retake), from the generated client.
 */
import type { components } from '#lib/api/schema.js';

type Schemas = components['schemas'];

export type Completion = Schemas['CompletionDto'];
export type CompletionStatus = Completion['status'];
export type QuizResult = Schemas['QuizResultDto'];
export type ResumeTarget = Schemas['ResumeTargetDto'];
export type DashboardModule = Schemas['DashboardModuleDto'];
export type DashboardCourse = Schemas['DashboardCourseDto'];
export type MyProgress = Schemas['MyProgressDto'];
export type LessonState = Schemas['LessonStateDto'];
export type CourseModuleProgress = Schemas['CourseModuleProgressDto'];
export type CourseProgress = Schemas['CourseProgressDto'];
/** What recording progress answers: the lesson, its module and its course as they stand now. */
export type RecordedProgress = Schemas['LessonProgressDto'];
export type RecordProgressBody = Schemas['RecordProgressDto'];
