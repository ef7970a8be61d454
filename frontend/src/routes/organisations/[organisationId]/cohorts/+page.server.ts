import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { pageLinks, readPageState } from '#lib/cohorts/pager.js';
import { apiFor } from '#lib/server/api-event.js';
import { callApi } from '#lib/server/api-result.js';
import { archiveCohort, createCohort, getAttentionSettings, getLicence, listCohorts, updateAttentionSettings } from '#lib/server/cohorts-api.js';
import { compact, textField } from '#lib/server/form-data.js';
import { failForm, formOk } from '#lib/server/form-result.js';
import { canActAs, requireOrgRole, requireSignedIn } from '#lib/server/guards.js';
import { formFailure, pageError, sectionProblem } from '#lib/server/problems.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const NAME_MAX = 120;
const DESCRIPTION_MAX = 2000;

async function organisationFor(event: RequestEvent<{ organisationId: string }>) {
  const user = requireSignedIn(event);
  const { organisationId } = event.params;
  if (!UUID.test(organisationId)) error(404, 'Organisation not found');
  const outcome = await callApi(() => apiFor(event).GET('/api/organisations/{organisationId}', { params: { path: { organisationId } } }));
  if (!outcome.ok) pageError(outcome.problem, event, { notFound: 'Organisation not found' });
  return { user, organisation: outcome.data };
}

/**
 * An organisation's cohorts: its admins see and manage all of them; a trainer sees the ones they
 * train (the API decides which). Learners are told the page is not for them.
 */
export const load: PageServerLoad = async (event) => {
  const { user, organisation } = await organisationFor(event);
  requireOrgRole(user, organisation.role, 'trainer', 'Only trainers and organisation admins may see cohorts.');
  const archived = event.url.searchParams.get('archived') === '1';
  const page = readPageState(event.url.searchParams);
  const canManage = canActAs(user, organisation.role, 'org_admin');
  const api = apiFor(event);
  // Seats and the inactivity threshold: for the admins who manage them (unread, the page still works).
  const [outcome, licence, attention] = await Promise.all([
    listCohorts(api, organisation.id, { cursor: page.cursor || undefined, archived }),
    canManage ? getLicence(api, organisation.id) : null,
    canManage ? getAttentionSettings(api, organisation.id) : null
  ]);
  const base = `/organisations/${organisation.id}/cohorts`;
  const params = new URLSearchParams(archived ? { archived: '1' } : {});
  return {
    organisation,
    canManage,
    licence: licence?.ok ? licence.data : null,
    inactiveDays: attention?.ok ? attention.data.inactiveDays : null,
    archived,
    cohorts: outcome.ok ? outcome.data.items : null,
    links: outcome.ok ? pageLinks(base, params, page, outcome.data.nextCursor) : null,
    paged: Boolean(page.cursor),
    listProblem: outcome.ok ? null : sectionProblem(outcome.problem, event)
  };
};

export const actions: Actions = {
  create: async (event) => {
    const { user, organisation } = await organisationFor(event);
    if (!canActAs(user, organisation.role, 'org_admin')) return failForm(403, { form: 'create', problem: 'Only organisation admins may create cohorts.' });
    const data = await event.request.formData();
    const name = textField(data, 'name');
    const description = textField(data, 'description');
    const values = { name, description };
    const errors = compact({
      name: !name ? 'Enter a name for the cohort' : [...name].length > NAME_MAX ? `Name must be ${NAME_MAX} characters or fewer` : undefined,
      description: [...description].length > DESCRIPTION_MAX ? `Description must be ${DESCRIPTION_MAX} characters or fewer` : undefined
    });
    if (Object.keys(errors).length > 0) return failForm(400, { form: 'create', values, errors });
    const outcome = await createCohort(apiFor(event), organisation.id, { name, description: description || undefined });
    if (!outcome.ok) {
      return formFailure(
        outcome.problem,
        event,
        { form: 'create', values },
        {
          fields: { name: { label: 'Name', missing: 'Enter a name for the cohort' }, description: { label: 'Description' } },
          on: { conflict: (problem) => ({ errors: { name: problem.message } }) }
        }
      );
    }
    // On to the new cohort, where its members and courses are added.
    redirect(303, `/cohorts/${outcome.data.id}/members?created=1`);
  },

  attention: async (event) => {
    const { user, organisation } = await organisationFor(event);
    if (!canActAs(user, organisation.role, 'org_admin')) return failForm(403, { form: 'attention', problem: 'Only organisation admins may change this.' });
    const data = await event.request.formData();
    const raw = textField(data, 'inactiveDays');
    const values = { inactiveDays: raw };
    const days = /^\d{1,3}$/.test(raw) ? Number(raw) : NaN;
    if (!(days >= 1 && days <= 365))
      return failForm(400, { form: 'attention', values, errors: { inactiveDays: 'Enter a whole number of days from 1 to 365' } });
    const outcome = await updateAttentionSettings(apiFor(event), organisation.id, days);
    if (!outcome.ok) {
      return formFailure(outcome.problem, event, { form: 'attention', values }, { fields: { inactiveDays: { label: 'Days without learning' } } });
    }
    return formOk({ form: 'attention', success: `Learners are listed as needing attention after ${outcome.data.inactiveDays} days without learning.` });
  },

  archive: (event) => setArchived(event, true),
  unarchive: (event) => setArchived(event, false)
};

async function setArchived(event: RequestEvent<{ organisationId: string }>, archive: boolean) {
  await organisationFor(event);
  const data = await event.request.formData();
  const cohortId = textField(data, 'cohortId');
  const name = textField(data, 'cohortName') || 'The cohort';
  if (!UUID.test(cohortId)) return failForm(400, { form: 'list', problem: 'That cohort could not be found. Reload the page.' });
  const outcome = await archiveCohort(apiFor(event), cohortId, archive);
  if (!outcome.ok) {
    return formFailure(
      outcome.problem,
      event,
      { form: 'list' },
      { on: { 'not-found': () => ({ problem: 'That cohort could not be found. Reload the page.' }) } }
    );
  }
  return formOk({
    form: 'list',
    success: archive ? `${name} is archived: it is kept with its records, and listed under “Archived”.` : `${name} is active again.`
  });
}
