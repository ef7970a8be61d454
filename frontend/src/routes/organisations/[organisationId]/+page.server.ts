import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { failForm, formOk } from '#lib/server/form-result.js';
import { memberFilters } from './member-filters';
import { isOrgRole, orgPermissions, ROLE_LABELS } from '#lib/roles.js';
import { loginUrl } from '#lib/safe-redirect.js';
import { apiFor } from '#lib/server/api-event.js';
import { callApi, mapFieldErrors, minutesText, type ApiProblem } from '#lib/server/api-result.js';
import { emailProblem, textField } from '#lib/server/form-data.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function here(url: URL): string {
  return `${url.pathname}${url.search}`;
}

/** What the organisation's own GET answers decides the whole page: 404 and 403 become error pages. */
function pageError(problem: ApiProblem, url: URL): never {
  if (problem.status === 401) redirect(303, loginUrl(here(url)));
  if (problem.status === 404 || problem.status === 400) error(404, 'Organisation not found');
  if (problem.status === 403) error(403, problem.message);
  error(problem.status >= 500 ? 503 : problem.status, problem.message);
}

/** A list that could not be read is shown as an error state in its section, not a broken page. */
function listProblem(problem: ApiProblem): string {
  if (problem.status === 400) return 'This page of results is no longer available. Start again from the first page.';
  return problem.message;
}

export const load: PageServerLoad = async (event) => {
  const { locals, params, url } = event;
  if (!locals.user) redirect(303, loginUrl(here(url)));
  // The API answers 404 for a malformed id too; asking it would only cost a round trip.
  if (!UUID.test(params.organisationId)) error(404, 'Organisation not found');
  const organisationId = params.organisationId;
  const api = apiFor(event);

  const orgOutcome = await callApi(() => api.GET('/api/organisations/{organisationId}', { params: { path: { organisationId } } }));
  if (!orgOutcome.ok) pageError(orgOutcome.problem, url);
  const organisation = orgOutcome.data;
  const can = orgPermissions(organisation.role, locals.user.isPlatformAdmin);
  const filters = memberFilters(url);

  const [membersOutcome, invitationsOutcome, storageOutcome] = await Promise.all([
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
    can.manage ? callApi(() => api.GET('/api/organisations/{organisationId}/storage', { params: { path: { organisationId } } })) : null
  ]);
  if (membersOutcome && !membersOutcome.ok && membersOutcome.problem.status === 401) redirect(303, loginUrl(here(url)));

  return {
    organisation,
    can,
    filters,
    currentUserId: locals.user.id,
    members: membersOutcome?.ok ? membersOutcome.data : null,
    membersProblem: membersOutcome && !membersOutcome.ok ? listProblem(membersOutcome.problem) : null,
    invitations: invitationsOutcome?.ok ? invitationsOutcome.data : null,
    invitationsProblem: invitationsOutcome && !invitationsOutcome.ok ? listProblem(invitationsOutcome.problem) : null,
    storage: storageOutcome?.ok ? storageOutcome.data : null,
    storageProblem: storageOutcome && !storageOutcome.ok ? storageOutcome.problem.message : null
  };
};

function requireSession(event: RequestEvent): void {
  if (!event.locals.user || !event.locals.accessToken) redirect(303, loginUrl(event.url.pathname));
}

/** Problems that are not about one field: said at the top of the section the form belongs to. */
function sectionProblem(form: string, problem: ApiProblem, url: URL, values?: Record<string, string>) {
  if (problem.status === 401) redirect(303, loginUrl(url.pathname));
  let message = problem.message;
  if (problem.status === 404 && problem.message.toLowerCase().includes('member')) message = 'That person is no longer a member of this organisation.';
  if (problem.status === 429 && problem.retryAfterSeconds !== undefined) {
    message = `${problem.message.replace(/[.;]?\s*try again later\.?$/i, '')}. Try again in ${minutesText(problem.retryAfterSeconds)}.`;
  }
  return failForm(problem.status >= 500 ? 503 : problem.status, { form, values, problem: message });
}

export const actions: Actions = {
  changeRole: async (event) => {
    requireSession(event);
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
    return sectionProblem('members', outcome.problem, event.url);
  },

  removeMember: async (event) => {
    requireSession(event);
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
    return sectionProblem('members', outcome.problem, event.url);
  },

  invite: async (event) => {
    requireSession(event);
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
    const { problem } = outcome;
    if (problem.code === 'VALIDATION_FAILED') {
      const { errors, unmatched } = mapFieldErrors(problem, {
        email: { label: 'Email address', missing: 'Enter the email address of the person to invite' },
        role: { label: 'Role', missing: 'Choose a role' }
      });
      return failForm(400, { form: 'invite', values, errors, problem: unmatched.join(' ') || undefined });
    }
    // Already a member: that is about the address typed.
    if (problem.status === 409) return failForm(409, { form: 'invite', values, errors: { email: problem.message } });
    return sectionProblem('invite', problem, event.url, values);
  },

  revokeInvitation: async (event) => {
    requireSession(event);
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
    return sectionProblem('invitations', outcome.problem, event.url);
  }
};
