import { error, type RequestEvent } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import type { FormState } from '#lib/form-state.js';
import { isOrgRole, orgPermissions, ROLE_LABELS } from '#lib/roles.js';
import { apiFor } from '#lib/server/api-event.js';
import { callApi, minutesText, type ApiProblem } from '#lib/server/api-result.js';
import { emailProblem, textField } from '#lib/server/form-data.js';
import { failForm, formOk } from '#lib/server/form-result.js';
import { requireSignedIn } from '#lib/server/guards.js';
import { formFailure, pageError, sectionProblem, type FormFailureOptions } from '#lib/server/problems.js';
import { memberFilters } from './member-filters';
import { saveSupport } from './support-form.server';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const load: PageServerLoad = async (event) => {
  const user = requireSignedIn(event);
  const { params, url } = event;
  // The API answers 404 for a malformed id too; asking it would only cost a round trip.
  if (!UUID.test(params.organisationId)) error(404, 'Organisation not found');
  const organisationId = params.organisationId;
  const api = apiFor(event);

  const orgOutcome = await callApi(() => api.GET('/api/organisations/{organisationId}', { params: { path: { organisationId } } }));
  // What the organisation's own GET answers decides the whole page: 404 and 403 become error pages.
  if (!orgOutcome.ok) pageError(orgOutcome.problem, event, { notFound: 'Organisation not found' });
  const organisation = orgOutcome.data;
  const can = orgPermissions(organisation.role, user.isPlatformAdmin);
  const filters = memberFilters(url);

  const [membersOutcome, invitationsOutcome, storageOutcome, supportOutcome] = await Promise.all([
    can.viewMembers
      ? callApi(() =>
          api.GET('/api/organisations/{organisationId}/members', {
            params: {
              path: { organisationId },
              query: { q: filters.q || undefined, role: filters.role || undefined, cursor: filters.cursor || undefined }
            }
          })
        )
      : null,
    can.manage
      ? callApi(() =>
          api.GET('/api/organisations/{organisationId}/invitations', {
            params: { path: { organisationId }, query: { cursor: filters.invitationsCursor || undefined } }
          })
        )
      : null,
    // Image storage used by the organisation's uploads, and its quota: for its admins.
    can.manage ? callApi(() => api.GET('/api/organisations/{organisationId}/storage', { params: { path: { organisationId } } })) : null,
    // The safeguarding contact and support line its members see on sensitive pages: for its admins to set.
    can.manage ? callApi(() => api.GET('/api/organisations/{organisationId}/support', { params: { path: { organisationId } } })) : null
  ]);
  // A list that could not be read is shown as an error state in its section, not a broken page.
  const membersProblem = membersOutcome && !membersOutcome.ok ? sectionProblem(membersOutcome.problem, event) : null;
  const invitationsProblem = invitationsOutcome && !invitationsOutcome.ok ? sectionProblem(invitationsOutcome.problem, event) : null;

  return {
    organisation,
    can,
    filters,
    currentUserId: user.id,
    members: membersOutcome?.ok ? membersOutcome.data : null,
    membersProblem,
    invitations: invitationsOutcome?.ok ? invitationsOutcome.data : null,
    invitationsProblem,
    storage: storageOutcome?.ok ? storageOutcome.data : null,
    storageProblem: storageOutcome && !storageOutcome.ok ? storageOutcome.problem.message : null,
    support: supportOutcome?.ok ? supportOutcome.data : null,
    supportProblem: supportOutcome && !supportOutcome.ok ? sectionProblem(supportOutcome.problem, event) : null
  };
};

/** Problems that are not about one field: said at the top of the section the form belongs to. */
const SECTION_FAILURES: FormFailureOptions<FormState>['on'] = {
  'not-found': (problem) => ({
    problem: problem.message.toLowerCase().includes('member') ? 'That person is no longer a member of this organisation.' : problem.message
  }),
  // The API's sentence, ending with when to try again (from Retry-After) rather than "later".
  'rate-limited': (problem) => ({
    problem:
      problem.retryAfterSeconds === undefined
        ? problem.message
        : `${problem.message.replace(/[.;]?\s*try again later\.?$/i, '')}. Try again in ${minutesText(problem.retryAfterSeconds)}.`
  })
};

function sectionFailure(event: RequestEvent, form: string, problem: ApiProblem) {
  return formFailure(problem, event, { form }, { on: SECTION_FAILURES });
}

export const actions: Actions = {
  saveSupport,

  changeRole: async (event) => {
    requireSignedIn(event);
    const data = await event.request.formData();
    const userId = textField(data, 'userId');
    const role = textField(data, 'role');
    if (!UUID.test(userId) || !isOrgRole(role)) {
      return failForm(400, { form: 'members', problem: 'Choose a role from the list.' });
    }
    const api = apiFor(event);
    const outcome = await callApi(() =>
      api.PATCH('/api/organisations/{organisationId}/members/{userId}', {
        params: { path: { organisationId: event.params.organisationId, userId } },
        body: { role }
      })
    );
    if (outcome.ok) {
      return formOk({ form: 'members', success: `${outcome.data.displayName} is now ${ROLE_LABELS[outcome.data.role]}.` });
    }
    return sectionFailure(event, 'members', outcome.problem);
  },

  removeMember: async (event) => {
    requireSignedIn(event);
    const data = await event.request.formData();
    const userId = textField(data, 'userId');
    if (!UUID.test(userId)) return failForm(400, { form: 'members', problem: 'That member could not be found.' });
    const api = apiFor(event);
    const outcome = await callApi(() =>
      api.DELETE('/api/organisations/{organisationId}/members/{userId}', {
        params: { path: { organisationId: event.params.organisationId, userId } }
      })
    );
    if (outcome.ok) return formOk({ form: 'members', success: 'The member was removed from the organisation.' });
    return sectionFailure(event, 'members', outcome.problem);
  },

  invite: async (event) => {
    requireSignedIn(event);
    const data = await event.request.formData();
    const email = textField(data, 'email');
    const role = textField(data, 'role');
    const values = { email, role };
    const emailError = emailProblem(email, 'Enter the email address of the person to invite');
    if (emailError || !isOrgRole(role)) {
      const errors: Record<string, string> = {};
      if (emailError) errors.email = emailError;
      if (!isOrgRole(role)) errors.role = 'Choose a role';
      return failForm(400, { form: 'invite', values, errors });
    }
    const api = apiFor(event);
    const outcome = await callApi(() =>
      api.POST('/api/organisations/{organisationId}/invitations', {
        params: { path: { organisationId: event.params.organisationId } },
        body: { email, role }
      })
    );
    if (outcome.ok) {
      return formOk({
        form: 'invite',
        success: `Invitation sent to ${outcome.data.email} as ${ROLE_LABELS[outcome.data.role]}. The link works for 7 days.`
      });
    }
    return formFailure(
      outcome.problem,
      event,
      { form: 'invite', values },
      {
        fields: {
          email: { label: 'Email address', missing: 'Enter the email address of the person to invite' },
          role: { label: 'Role', missing: 'Choose a role' }
        },
        on: {
          ...SECTION_FAILURES,
          // Already a member: that is about the address typed.
          conflict: (problem) => ({ errors: { email: problem.message } })
        }
      }
    );
  },

  revokeInvitation: async (event) => {
    requireSignedIn(event);
    const data = await event.request.formData();
    const invitationId = textField(data, 'invitationId');
    if (!UUID.test(invitationId)) return failForm(400, { form: 'invitations', problem: 'That invitation could not be found.' });
    const api = apiFor(event);
    const outcome = await callApi(() =>
      api.DELETE('/api/organisations/{organisationId}/invitations/{invitationId}', {
        params: { path: { organisationId: event.params.organisationId, invitationId } }
      })
    );
    if (outcome.ok) return formOk({ form: 'invitations', success: 'The invitation was revoked: its link no longer works.' });
    return sectionFailure(event, 'invitations', outcome.problem);
  }
};
