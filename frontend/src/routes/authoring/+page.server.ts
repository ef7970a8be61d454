import { redirect } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { apiFor } from '#lib/server/api-event.js';
import { callApi, type ApiProblem } from '#lib/server/api-result.js';
import { requirePlatformAdmin, type AuthoredCourseSummary, type AuthoredModuleSummary } from '#lib/server/authoring.js';
import { loginUrl } from '#lib/safe-redirect.js';

const PAGE_SIZE = 20;
/** The API's limit on the title search. */
const Q_MAX = 200;
const COURSE_STATUSES = ['draft', 'published'] as const;
type CourseStatus = (typeof COURSE_STATUSES)[number];

const isStatus = (value: string): value is CourseStatus => (COURSE_STATUSES as readonly string[]).includes(value);

function problemText(problem: ApiProblem): string {
  return problem.status === 400 ? 'This page of results is no longer available. Start again from the first page.' : problem.message;
}

/**
 * The authored courses and modules (drafts and modules in no course too), each list with its own
 * keyset cursor. The filters come from a GET form, so the page works without JavaScript.
 */
export const load: PageServerLoad = async (event) => {
  requirePlatformAdmin(event);
  const params = event.url.searchParams;
  const q = (params.get('q') ?? '').trim().slice(0, Q_MAX);
  const statusParam = params.get('status') ?? '';
  const status = isStatus(statusParam) ? statusParam : undefined;
  const coursesCursor = params.get('coursesCursor')?.trim() || undefined;
  const modulesCursor = params.get('modulesCursor')?.trim() || undefined;

  const api = apiFor(event);
  const [courses, modules] = await Promise.all([
    callApi(() =>
      api.GET('/api/authoring/courses', { params: { query: { q: q || undefined, status, cursor: coursesCursor, limit: PAGE_SIZE } } })
    ),
    callApi(() => api.GET('/api/authoring/modules', { params: { query: { q: q || undefined, cursor: modulesCursor, limit: PAGE_SIZE } } }))
  ]);
  if ((!courses.ok && courses.problem.status === 401) || (!modules.ok && modules.problem.status === 401)) {
    redirect(303, loginUrl(`${event.url.pathname}${event.url.search}`));
  }

  return {
    q,
    status: status ?? '',
    coursesCursor: coursesCursor ?? '',
    modulesCursor: modulesCursor ?? '',
    courses: courses.ok ? courses.data.items : ([] as AuthoredCourseSummary[]),
    coursesNext: courses.ok ? courses.data.nextCursor : null,
    coursesProblem: courses.ok ? null : problemText(courses.problem),
    modules: modules.ok ? modules.data.items : ([] as AuthoredModuleSummary[]),
    modulesNext: modules.ok ? modules.data.nextCursor : null,
    modulesProblem: modules.ok ? null : problemText(modules.problem)
  };
};
