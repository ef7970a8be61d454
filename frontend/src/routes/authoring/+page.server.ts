import type { PageServerLoad } from './$types';
import { apiFor } from '#lib/server/api-event.js';
import { callApi } from '#lib/server/api-result.js';
import type { AuthoredCourseSummary, AuthoredModuleSummary } from '#lib/server/authoring.js';
import { requirePlatformAdmin } from '#lib/server/guards.js';
import { sectionProblem } from '#lib/server/problems.js';

const PAGE_SIZE = 20;
/** The API's limit on the title search. */
const Q_MAX = 200;
const COURSE_STATUSES = ['draft', 'published'] as const;
type CourseStatus = (typeof COURSE_STATUSES)[number];

const isStatus = (value: string): value is CourseStatus => (COURSE_STATUSES as readonly string[]).includes(value);

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
    callApi(() => api.GET('/api/authoring/courses', { params: { query: { q: q || undefined, status, cursor: coursesCursor, limit: PAGE_SIZE } } })),
    callApi(() => api.GET('/api/authoring/modules', { params: { query: { q: q || undefined, cursor: modulesCursor, limit: PAGE_SIZE } } }))
  ]);
  // Each list that could not be read says so in its place (a session that ended: to sign in).
  const coursesProblem = courses.ok ? null : sectionProblem(courses.problem, event);
  const modulesProblem = modules.ok ? null : sectionProblem(modules.problem, event);

  return {
    q,
    status: status ?? '',
    coursesCursor: coursesCursor ?? '',
    modulesCursor: modulesCursor ?? '',
    courses: courses.ok ? courses.data.items : ([] as AuthoredCourseSummary[]),
    coursesNext: courses.ok ? courses.data.nextCursor : null,
    coursesProblem,
    modules: modules.ok ? modules.data.items : ([] as AuthoredModuleSummary[]),
    modulesNext: modules.ok ? modules.data.nextCursor : null,
    modulesProblem
  };
};
