import type { PageServerLoad } from './$types';
import type { Assignment, CohortSummary, ProgressMatrix } from '#lib/cohorts/types.js';
import { pageLinks, type PageLinks } from '#lib/cohorts/pager.js';
import { apiFor } from '#lib/server/api-event.js';
import { getProgress, getSummary, listAssignments } from '#lib/server/cohorts-api.js';
import { sectionProblem } from '#lib/server/problems.js';
import { readProgressView, viewParams, type ProgressView } from './progress-query';

interface ProgressPage {
  view: ProgressView;
  assignments: Assignment[];
  assignment: Assignment | null;
  summary: CohortSummary | null;
  summaryProblem: string | null;
  matrix: ProgressMatrix | null;
  matrixProblem: string | null;
  links: PageLinks | null;
  /** The cohort's courses could not be read: nothing else can be shown. */
  problem: string | null;
}

/**
 * The trainer's dashboard for one cohort: for one of its assigned courses, the counts, completions
 * over time, and the progress matrix (learners × modules), filtered, sorted and keyset-paginated
 * by the address, so every view can be linked to, bookmarked and used without JavaScript.
 */
export const load: PageServerLoad = async (event): Promise<ProgressPage> => {
  const { cohort } = await event.parent();
  const api = apiFor(event);
  const view = readProgressView(event.url.searchParams);
  const empty: ProgressPage = {
    view,
    assignments: [],
    assignment: null,
    summary: null,
    summaryProblem: null,
    matrix: null,
    matrixProblem: null,
    links: null,
    problem: null
  };

  const assignmentsOutcome = await listAssignments(api, cohort.id);
  if (!assignmentsOutcome.ok) return { ...empty, problem: sectionProblem(assignmentsOutcome.problem, event) };
  const assignments = assignmentsOutcome.data.items;
  const assignment = assignments.find((a) => a.id === view.assignmentId) ?? assignments[0] ?? null;
  if (!assignment) return { ...empty, assignments };

  const [summary, matrix] = await Promise.all([
    getSummary(api, cohort.id, assignment.id),
    getProgress(api, cohort.id, {
      assignmentId: assignment.id,
      filter: view.filter || undefined,
      sort: view.sort,
      cursor: view.page.cursor || undefined
    })
  ]);
  const shown = { ...view, assignmentId: assignment.id };
  return {
    view: shown,
    assignments,
    assignment,
    summary: summary.ok ? summary.data : null,
    summaryProblem: summary.ok ? null : sectionProblem(summary.problem, event),
    matrix: matrix.ok ? matrix.data : null,
    matrixProblem: matrix.ok ? null : sectionProblem(matrix.problem, event),
    links: matrix.ok ? pageLinks(`/cohorts/${cohort.id}`, viewParams(shown), view.page, matrix.data.nextCursor) : null,
    problem: null
  };
};
