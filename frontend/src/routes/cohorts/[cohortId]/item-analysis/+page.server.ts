import type { PageServerLoad } from './$types';
import { apiFor } from '#lib/server/api-event.js';
import { callApi } from '#lib/server/api-result.js';
import { getItemAnalysis, listAssignments } from '#lib/server/cohorts-api.js';
import { sectionProblem } from '#lib/server/problems.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Courses read for their quizzes: a cohort rarely has more assigned at once. */
const MAX_COURSES = 10;

export interface QuizChoice {
  quizId: string;
  courseTitle: string;
  moduleTitle: string;
}

/**
 * Questions learners get wrong: the quiz engine's item analysis, counted over this cohort's
 * current members only (GET /api/cohorts/{id}/item-analysis). The quizzes offered are those of
 * the cohort's assigned courses; with fewer than 5 learners the API gives no figures and says so.
 */
export const load: PageServerLoad = async (event) => {
  const { cohort } = await event.parent();
  const api = apiFor(event);
  const assignments = await listAssignments(api, cohort.id);
  if (!assignments.ok) {
    return { quizzes: [], quizId: '', analysis: null, problem: sectionProblem(assignments.problem, event), analysisProblem: null };
  }
  const slugs = [...new Set(assignments.data.items.flatMap((a) => (a.courseSlug ? [a.courseSlug] : [])))].slice(0, MAX_COURSES);
  const courses = await Promise.all(slugs.map((slug) => callApi(() => api.GET('/api/courses/{slug}', { params: { path: { slug } } }))));
  const quizzes: QuizChoice[] = courses.flatMap((c) =>
    c.ok ? c.data.modules.flatMap((m) => (m.quiz ? [{ quizId: m.quiz.id, courseTitle: c.data.title, moduleTitle: m.title }] : [])) : []
  );
  const asked = event.url.searchParams.get('quiz') ?? '';
  const quizId = UUID.test(asked) && quizzes.some((q) => q.quizId === asked) ? asked : (quizzes[0]?.quizId ?? '');
  if (!quizId) return { quizzes, quizId, analysis: null, problem: null, analysisProblem: null };
  const analysis = await getItemAnalysis(api, cohort.id, quizId);
  return {
    quizzes,
    quizId,
    analysis: analysis.ok ? analysis.data : null,
    problem: null,
    analysisProblem: analysis.ok ? null : sectionProblem(analysis.problem, event)
  };
};
