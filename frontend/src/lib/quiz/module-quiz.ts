/** A module's quiz as the course page lists it (`modules[].quiz` of GET /api/courses/{slug}). */
import type { components } from '#lib/api/schema.js';
import { countText } from '#lib/duration.js';
import { durationWords } from './time';

export type ModuleQuiz = components['schemas']['ModuleQuizDto'];

/** "8 questions · pass mark 70% · 20 minutes". */
export function moduleQuizFacts(quiz: ModuleQuiz): string {
  const parts = [countText(quiz.questionCount, 'question'), `pass mark ${quiz.passMark}%`];
  if (quiz.timeLimitSeconds !== null) parts.push(`time limit ${durationWords(quiz.timeLimitSeconds)}`);
  return parts.join(' · ');
}

/** The quiz's start page, remembering the course for the way back. */
export function moduleQuizHref(quiz: Pick<ModuleQuiz, 'id'>, courseSlug: string): string {
  return `/quizzes/${encodeURIComponent(quiz.id)}?course=${encodeURIComponent(courseSlug)}`;
}
