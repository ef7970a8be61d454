/** A module's quiz as the course page lists it (`modules[].quiz` of GET /api/courses/{slug}). */
import { countText } from '#lib/duration.js';
import { durationWords } from './time';

export interface ModuleQuiz {
  id: string;
  questionCount: number;
  passMark: number;
  timeLimitSeconds: number | null;
  maxAttempts: number | null;
}

/** The module's quiz, or null (no quiz, or an API from before quizzes). */
export function moduleQuizOf(module: object): ModuleQuiz | null {
  const quiz = (module as { quiz?: unknown }).quiz;
  if (typeof quiz !== 'object' || quiz === null || typeof (quiz as { id?: unknown }).id !== 'string') return null;
  return quiz as ModuleQuiz;
}

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
