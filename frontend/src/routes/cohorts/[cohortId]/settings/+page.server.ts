import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { apiFor } from '#lib/server/api-event.js';
import { callApi } from '#lib/server/api-result.js';
import { archiveCohort, getCohort, setTrainers, updateCohort } from '#lib/server/cohorts-api.js';
import { compact, textField } from '#lib/server/form-data.js';
import { failForm, formOk } from '#lib/server/form-result.js';
import { formFailure, pageError, sectionProblem } from '#lib/server/problems.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Trainers are chosen from the organisation's trainers and admins: one page of each is plenty for a checklist. */
const PER_ROLE = 100;

export const load: PageServerLoad = async (event) => {
  const { canManage, organisation } = await event.parent();
  if (!canManage) error(403, 'Only organisation admins may change a cohort’s settings.');
  const api = apiFor(event);
  const byRole = (role: 'trainer' | 'org_admin') =>
    callApi(() =>
      api.GET('/api/organisations/{organisationId}/members', { params: { path: { organisationId: organisation.id }, query: { role, limit: PER_ROLE } } })
    );
  const [trainers, admins] = await Promise.all([byRole('trainer'), byRole('org_admin')]);
  const failed = !trainers.ok ? trainers.problem : !admins.ok ? admins.problem : null;
  const people = [...(trainers.ok ? trainers.data.items : []), ...(admins.ok ? admins.data.items : [])].sort((a, b) =>
    a.displayName.localeCompare(b.displayName)
  );
  return { people, peopleProblem: failed ? sectionProblem(failed, event) : null };
};

function cohortIdOf(event: RequestEvent<{ cohortId: string }>): string {
  if (!UUID.test(event.params.cohortId)) error(404, 'Cohort not found');
  return event.params.cohortId;
}

export const actions: Actions = {
  details: async (event) => {
    const id = cohortIdOf(event);
    const data = await event.request.formData();
    const name = textField(data, 'name');
    const description = textField(data, 'description');
    const values = { name, description };
    const errors = compact({
      name: !name ? 'Enter a name for the cohort' : [...name].length > 120 ? 'Name must be 120 characters or fewer' : undefined,
      description: [...description].length > 2000 ? 'Description must be 2000 characters or fewer' : undefined
    });
    if (Object.keys(errors).length > 0) return failForm(400, { form: 'details', values, errors });
    const outcome = await updateCohort(apiFor(event), id, { name, description });
    if (!outcome.ok) {
      return formFailure(
        outcome.problem,
        event,
        { form: 'details', values },
        {
          fields: { name: { label: 'Name', missing: 'Enter a name for the cohort' }, description: { label: 'Description' } },
          on: { conflict: (problem) => ({ errors: { name: problem.message } }) }
        }
      );
    }
    return formOk({ form: 'details', success: 'The name and description are saved.' });
  },

  trainers: async (event) => {
    const id = cohortIdOf(event);
    const data = await event.request.formData();
    const userIds = [...new Set(data.getAll('trainer').filter((v): v is string => typeof v === 'string' && UUID.test(v)))];
    const outcome = await setTrainers(apiFor(event), id, userIds);
    if (!outcome.ok) return formFailure(outcome.problem, event, { form: 'trainers' });
    const n = outcome.data.trainerIds.length;
    return formOk({ form: 'trainers', success: n === 0 ? 'The cohort has no trainer now.' : `The cohort has ${n === 1 ? '1 trainer' : `${n} trainers`} now.` });
  },

  archive: (event) => setArchived(event, true),
  unarchive: (event) => setArchived(event, false)
};

async function setArchived(event: RequestEvent<{ cohortId: string }>, archive: boolean) {
  const id = cohortIdOf(event);
  const outcome = await archiveCohort(apiFor(event), id, archive);
  if (!outcome.ok) return formFailure(outcome.problem, event, { form: 'archive' });
  if (archive) {
    const cohort = await getCohort(apiFor(event), id);
    if (!cohort.ok) pageError(cohort.problem, event);
    redirect(303, `/organisations/${cohort.data.organisationId}/cohorts?archived=1`);
  }
  return formOk({ form: 'archive', success: 'The cohort is active again.' });
}
