import { error, type RequestEvent } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import type { SelectOption } from '#lib/components/index.js';
import { dateFromInput } from '#lib/cohorts/words.js';
import type { FormState } from '#lib/form-state.js';
import { apiFor } from '#lib/server/api-event.js';
import { callApi, type ApiProblem } from '#lib/server/api-result.js';
import { createAssignment, deleteAssignment, listAssignments, updateAssignment } from '#lib/server/cohorts-api.js';
import { compact, textField } from '#lib/server/form-data.js';
import { failForm, formOk } from '#lib/server/form-result.js';
import { formFailure, sectionProblem } from '#lib/server/problems.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface AssignState extends FormState {
  /** The organisation's licence has no seat left for everyone in the cohort. */
  seats?: string;
  /** The assignment a row form was about. */
  assignmentId?: string;
}

/** The course's id, which an assignment names (the course lists carry it once the cohorts API adds it; the slug until then). */
function courseKey(course: { slug: string }): string {
  return (course as { id?: string }).id ?? course.slug;
}

/** The courses an organisation admin may assign: the public catalogue, then the organisation's own tailored courses. */
async function courseChoices(event: RequestEvent, organisationId: string) {
  const api = apiFor(event);
  const [catalogue, tailored] = await Promise.all([
    callApi(() => api.GET('/api/courses', { params: { query: { limit: 100 } } })),
    callApi(() => api.GET('/api/organisations/{organisationId}/courses', { params: { path: { organisationId }, query: { limit: 100 } } }))
  ]);
  const publicCourses: SelectOption[] = catalogue.ok
    ? catalogue.data.items.filter((c) => c.visibility === 'public').map((c) => ({ value: courseKey(c), label: c.title }))
    : [];
  const own: SelectOption[] = tailored.ok
    ? tailored.data.items.filter((c) => c.status === 'published').map((c) => ({ value: courseKey(c), label: c.title }))
    : [];
  const problem = !catalogue.ok ? sectionProblem(catalogue.problem, event) : !tailored.ok ? sectionProblem(tailored.problem, event) : null;
  return { publicCourses, own, problem };
}

export const load: PageServerLoad = async (event) => {
  const { cohort, canManage, organisation } = await event.parent();
  const [assignments, choices] = await Promise.all([
    listAssignments(apiFor(event), cohort.id),
    canManage && !cohort.archivedAt ? courseChoices(event, organisation.id) : null
  ]);
  return {
    assignments: assignments.ok ? assignments.data.items : null,
    listProblem: assignments.ok ? null : sectionProblem(assignments.problem, event),
    choices
  };
};

/** A refusal for want of seats is said on its own, plainly, with the API's numbers. */
function isSeatLimit(problem: ApiProblem): boolean {
  return /SEAT|LICEN[CS]E/i.test(problem.code) || /\bseats?\b/i.test(problem.message);
}

function datesOf(data: FormData) {
  const startsRaw = textField(data, 'startsAt');
  const dueRaw = textField(data, 'dueAt');
  const startsAt = dateFromInput(startsRaw, 'start');
  const dueAt = dateFromInput(dueRaw, 'end');
  const errors = compact({
    startsAt: startsAt === null ? 'Enter the start date as a date, like 2027-01-31' : undefined,
    dueAt:
      dueAt === null
        ? 'Enter the due date as a date, like 2027-01-31'
        : dueAt && startsAt && dueAt < startsAt
          ? 'The due date must be on or after the start date'
          : undefined
  });
  return { startsRaw, dueRaw, startsAt: startsAt ?? undefined, dueAt: dueAt ?? undefined, errors };
}

const FIELDS = {
  courseId: { field: 'courseId', label: 'Course', missing: 'Choose a course' },
  startsAt: { label: 'Start date' },
  dueAt: { label: 'Due date' }
};

export const actions: Actions = {
  assign: async (event) => {
    if (!UUID.test(event.params.cohortId)) error(404, 'Cohort not found');
    const data = await event.request.formData();
    const courseId = textField(data, 'courseId');
    const dates = datesOf(data);
    const values = { courseId, startsAt: dates.startsRaw, dueAt: dates.dueRaw };
    const errors = { ...(courseId ? {} : { courseId: 'Choose a course' }), ...dates.errors };
    if (Object.keys(errors).length > 0) return failForm<AssignState>(400, { form: 'assign', values, errors });
    const outcome = await createAssignment(apiFor(event), event.params.cohortId, { courseId, startsAt: dates.startsAt, dueAt: dates.dueAt });
    if (!outcome.ok) {
      if (isSeatLimit(outcome.problem)) return failForm<AssignState>(outcome.problem.status, { form: 'assign', values, seats: outcome.problem.message });
      return formFailure<AssignState>(
        outcome.problem,
        event,
        { form: 'assign', values },
        { fields: FIELDS, on: { conflict: (problem) => ({ errors: { courseId: problem.message } }) } }
      );
    }
    const title = outcome.data.courseTitle ?? 'The course';
    return formOk<AssignState>({
      form: 'assign',
      success: `${title} is assigned to the cohort. Its members see it first on “My learning”${outcome.data.dueAt ? ', with its due date' : ''}.`
    });
  },

  dates: async (event) => {
    if (!UUID.test(event.params.cohortId)) error(404, 'Cohort not found');
    const data = await event.request.formData();
    const assignmentId = textField(data, 'assignmentId');
    const dates = datesOf(data);
    const values = { startsAt: dates.startsRaw, dueAt: dates.dueRaw };
    if (!UUID.test(assignmentId)) return failForm<AssignState>(400, { form: 'list', problem: 'That course could not be found. Reload the page.' });
    if (Object.keys(dates.errors).length > 0) {
      return failForm<AssignState>(400, { form: 'dates', assignmentId, values, errors: dates.errors, problem: Object.values(dates.errors).join(' ') });
    }
    const outcome = await updateAssignment(apiFor(event), event.params.cohortId, assignmentId, {
      startsAt: dates.startsAt ?? null,
      dueAt: dates.dueAt ?? null
    });
    if (!outcome.ok) return formFailure<AssignState>(outcome.problem, event, { form: 'dates', assignmentId, values }, { fields: FIELDS });
    return formOk<AssignState>({ form: 'list', success: `The dates of ${outcome.data.courseTitle ?? 'the course'} are saved.` });
  },

  unassign: async (event) => {
    if (!UUID.test(event.params.cohortId)) error(404, 'Cohort not found');
    const data = await event.request.formData();
    const assignmentId = textField(data, 'assignmentId');
    const title = textField(data, 'courseTitle') || 'The course';
    if (!UUID.test(assignmentId)) return failForm<AssignState>(400, { form: 'list', problem: 'That course could not be found. Reload the page.' });
    const outcome = await deleteAssignment(apiFor(event), event.params.cohortId, assignmentId);
    if (!outcome.ok) return formFailure<AssignState>(outcome.problem, event, { form: 'list' });
    return formOk<AssignState>({ form: 'list', success: `${title} is no longer assigned to the cohort. Progress already made is kept.` });
  }
};
