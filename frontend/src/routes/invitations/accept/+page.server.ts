import { redirect, type RequestEvent } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import type { FormState } from '#lib/form-state.js';
import { loginUrl } from '#lib/safe-redirect.js';
import { apiFor } from '#lib/server/api-event.js';
import { callApi, type ApiProblem, type FieldSpec } from '#lib/server/api-result.js';
import { setFlash } from '#lib/server/flash.js';
import { compact, displayNameProblem, newPasswordProblem, textField } from '#lib/server/form-data.js';
import { failForm } from '#lib/server/form-result.js';
import { requireSignedIn, sessionUser } from '#lib/server/guards.js';
import { formAnswer, formFailure, isInvalidInput, kindOf, pageError } from '#lib/server/problems.js';
import { setSession } from '#lib/server/session.js';

interface AcceptState extends FormState {
  tokenInvalid?: boolean;
}

/** This page's own address, to come back to after signing in. */
function pageUrl(token: string): string {
  return `/invitations/accept?token=${encodeURIComponent(token)}`;
}

async function preview(event: RequestEvent, token: string) {
  const api = apiFor(event, { signedIn: false });
  return callApi(() => api.GET('/api/invitations/preview', { params: { query: { token } } }));
}

export const load: PageServerLoad = async (event) => {
  const token = event.url.searchParams.get('token') ?? '';
  if (!token) return { token, invitation: null, mode: 'invalid' as const, signedInEmail: null, loginHref: '/login' };
  const outcome = await preview(event, token);
  if (!outcome.ok) {
    const { problem } = outcome;
    if (kindOf(problem) === 'not-found' || isInvalidInput(problem)) {
      return { token, invitation: null, mode: 'invalid' as const, signedInEmail: null, loginHref: '/login' };
    }
    pageError(problem, event);
  }
  const invitation = outcome.data;
  const user = sessionUser(event);
  const mode = user
    ? user.email.toLowerCase() === invitation.email.toLowerCase()
      ? ('accept' as const)
      : ('wrong-account' as const)
    : invitation.accountExists
      ? ('sign-in' as const)
      : ('create' as const);
  return { token, invitation, mode, signedInEmail: user?.email ?? null, loginHref: loginUrl(pageUrl(token)) };
};

/** Answers shared by both ways of accepting; `fields` are the form's own (creating an account). */
function acceptFailure(event: RequestEvent, problem: ApiProblem, token: string, values?: Record<string, string>, fields?: Record<string, FieldSpec>) {
  return formFailure<AcceptState>(
    problem,
    event,
    { values },
    {
      // Signing in (the session ended meanwhile) comes back to this invitation.
      returnTo: pageUrl(token),
      on: {
        // An account exists for the address: sign in as it, then come back here.
        conflict: () => redirect(303, loginUrl(pageUrl(token))),
        validation: (refused) => (refused.fields.token ? { values: undefined, tokenInvalid: true } : formAnswer<AcceptState>(refused, { fields }))
      }
    }
  );
}

export const actions: Actions = {
  /** Signed in as the invited address. */
  accept: async (event) => {
    const data = await event.request.formData();
    const token = textField(data, 'token');
    if (!token) return failForm<AcceptState>(400, { tokenInvalid: true });
    requireSignedIn(event, { returnTo: pageUrl(token) });

    const api = apiFor(event);
    const outcome = await callApi(() => api.POST('/api/invitations/accept', { body: { token } }));
    if (outcome.ok) {
      setFlash(event.cookies, event.url, 'invitation-accepted');
      redirect(303, `/organisations/${encodeURIComponent(outcome.data.organisationId)}`);
    }
    return acceptFailure(event, outcome.problem, token);
  },

  /** Not signed in and no account yet: create it, join, and sign in. */
  create: async (event) => {
    const data = await event.request.formData();
    const token = textField(data, 'token');
    const displayName = textField(data, 'displayName');
    const password = textField(data, 'password', { trim: false });
    const values = { displayName };
    if (!token) return failForm<AcceptState>(400, { tokenInvalid: true });

    const errors = compact({ displayName: displayNameProblem(displayName), password: newPasswordProblem(password) });
    if (Object.keys(errors).length > 0) return failForm<AcceptState>(400, { values, errors });

    // The invited address comes from the invitation, never from the form.
    const previewOutcome = await preview(event, token);
    if (!previewOutcome.ok) {
      if (kindOf(previewOutcome.problem) === 'not-found') return failForm<AcceptState>(400, { tokenInvalid: true });
      return acceptFailure(event, previewOutcome.problem, token, values);
    }
    const { email } = previewOutcome.data;

    const api = apiFor(event, { signedIn: false });
    const outcome = await callApi(() => api.POST('/api/invitations/accept', { body: { token, displayName, password } }));
    if (!outcome.ok) {
      return acceptFailure(event, outcome.problem, token, values, {
        displayName: { label: 'Display name', missing: 'Enter your display name' },
        password: { label: 'Password', missing: 'Enter a password' }
      });
    }

    const organisationPath = `/organisations/${encodeURIComponent(outcome.data.organisationId)}`;
    const login = await callApi(() => api.POST('/api/auth/login', { body: { email, password, tokenDelivery: 'body' } }));
    // The account exists and has joined either way; if signing in did not work, sign in by hand.
    if (!login.ok) redirect(303, loginUrl(organisationPath));
    setSession(event.cookies, event.url, login.data);
    setFlash(event.cookies, event.url, 'invitation-accepted');
    redirect(303, organisationPath);
  }
};
