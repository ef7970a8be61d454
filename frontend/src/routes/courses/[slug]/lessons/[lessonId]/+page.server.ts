import type { PageServerLoad } from './$types';
import { apiFor } from '#lib/server/api-event.js';
import { callApi } from '#lib/server/api-result.js';
import { pageError } from '#lib/server/problems.js';
import type { ModuleQuiz } from '#lib/quiz/module-quiz.js';

/**
 * The lesson reader lives at /courses/<course slug>/lessons/<lesson id>: a lesson is always read
 * within a course (its contents sidebar and previous/next run across that course). One API call:
 * with ?course= the lesson answer carries the course's contents for the sidebar too.
 */
export const load: PageServerLoad = async (event) => {
  const { params } = event;
  const api = apiFor(event);
  // ?course= makes previous/next run across the whole course, not only the lesson's module,
  // and answers 404 when this course does not contain the lesson.
  const outcome = await callApi(() => api.GET('/api/lessons/{id}', { params: { path: { id: params.lessonId }, query: { course: params.slug } } }));
  // Unknown, malformed, not in this course, or not readable by this person: all "not found".
  if (!outcome.ok) pageError(outcome.problem, event, { notFound: 'Lesson not found' });
  const { contents, ...lesson } = outcome.data;
  // Only what the sidebar shows is sent to the page.
  const course = { slug: lesson.course?.slug ?? params.slug, title: lesson.course?.title ?? '', modules: contents ?? [] };
  // The end of a module leads on to its quiz: only then is the course asked for its modules' quizzes.
  const module = course.modules.find((m) => m.slug === lesson.module.slug);
  let moduleQuiz: ModuleQuiz | null = null;
  if (module && module.lessons.at(-1)?.id === lesson.id) {
    const detail = await callApi(() => api.GET('/api/courses/{slug}', { params: { path: { slug: course.slug } } }));
    // Without it the lesson still shows; only the way on to the quiz is missing.
    if (detail.ok) moduleQuiz = detail.data.modules.find((m) => m.slug === lesson.module.slug)?.quiz ?? null;
  }
  return { lesson, course, moduleQuiz };
};
