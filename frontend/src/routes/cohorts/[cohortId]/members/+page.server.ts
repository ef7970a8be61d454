import { fail, type RequestEvent } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { pageLinks, readPageState } from '#lib/cohorts/pager.js';
import { apiFor } from '#lib/server/api-event.js';
import { addMember, listMembers, removeMember } from '#lib/server/cohorts-api.js';
import { compact, emailProblem, textField } from '#lib/server/form-data.js';
import { failForm, formOk } from '#lib/server/form-result.js';
import { formFailure, sectionProblem } from '#lib/server/problems.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A cohort's members: searched by name, email or external ID, keyset-paginated; its admins add and remove. */
export const load: PageServerLoad = async (event) => {
  const { cohort } = await event.parent();
  const q = (event.url.searchParams.get('q') ?? '').trim().slice(0, 200);
  const page = readPageState(event.url.searchParams);
  const outcome = await listMembers(apiFor(event), cohort.id, { q: q || undefined, cursor: page.cursor || undefined });
  const params = new URLSearchParams(q ? { q } : {});
  return {
    q,
    created: event.url.searchParams.get('created') === '1',
    members: outcome.ok ? outcome.data.items : null,
    links: outcome.ok ? pageLinks(`/cohorts/${cohort.id}/members`, params, page, outcome.data.nextCursor) : null,
    listProblem: outcome.ok ? null : sectionProblem(outcome.problem, event)
  };
};

function cohortIdOf(event: RequestEvent<{ cohortId: string }>): string | null {
  return UUID.test(event.params.cohortId) ? event.params.cohortId : null;
}

export const actions: Actions = {
  add: async (event) => {
    const cohortId = cohortIdOf(event);
    if (!cohortId) return fail(404, { form: 'add', problem: 'Cohort not found' });
    const data = await event.request.formData();
    const email = textField(data, 'email');
    const name = textField(data, 'name');
    const externalId = textField(data, 'externalId');
    const values = { email, name, externalId };
    const errors = compact({
      email: emailProblem(email, 'Enter the email address of the person to add'),
      name: [...name].length > 200 ? 'Name must be 200 characters or fewer' : undefined,
      externalId: [...externalId].length > 200 ? 'External ID must be 200 characters or fewer' : undefined
    });
    if (Object.keys(errors).length > 0) return failForm(400, { form: 'add', values, errors });
    const outcome = await addMember(apiFor(event), cohortId, { email, name: name || undefined, externalId: externalId || undefined });
    if (!outcome.ok) {
      return formFailure(
        outcome.problem,
        event,
        { form: 'add', values },
        {
          fields: {
            email: { label: 'Email address', missing: 'Enter the email address of the person to add' },
            name: { label: 'Name' },
            externalId: { label: 'External ID' }
          },
          on: { conflict: (problem) => ({ errors: { email: problem.message } }) }
        }
      );
    }
    const { member, created, invited } = outcome.data;
    const who = member.name ? `${member.name} (${member.email ?? email})` : (member.email ?? email);
    return formOk({
      form: 'add',
      success: !created
        ? `${who} was already in the cohort.`
        : invited || member.pending
          ? `${who} has no account yet: we emailed an invitation, and their place in the cohort starts when they sign up.`
          : `${who} is now in the cohort.`
    });
  },

  remove: async (event) => {
    const cohortId = cohortIdOf(event);
    const data = await event.request.formData();
    const memberId = textField(data, 'memberId');
    const who = textField(data, 'memberName') || 'The member';
    if (!cohortId || !memberId) return failForm(400, { form: 'list', problem: 'That member could not be found. Reload the page.' });
    const outcome = await removeMember(apiFor(event), cohortId, memberId);
    if (!outcome.ok) {
      return formFailure(outcome.problem, event, { form: 'list' }, { on: { 'not-found': () => ({ problem: `${who} is no longer in this cohort.` }) } });
    }
    return formOk({ form: 'list', success: `${who} was removed from the cohort. What they did is kept in their records.` });
  }
};
