import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import type { FormState } from '#lib/form-state.js';
import { failForm } from '#lib/server/form-result.js';
import { loginUrl } from '#lib/safe-redirect.js';
import { apiFor } from '#lib/server/api-event.js';
import { callApi, mapFieldErrors, type ApiProblem } from '#lib/server/api-result.js';
import { setFlash } from '#lib/server/flash.js';
import { compact, displayNameProblem, newPasswordProblem, textField } from '#lib/server/form-data.js';
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
    if (problem.status === 404 || problem.status === 400) {
      return { token, invitation: null, mode: 'invalid' as const, signedInEmail: null, loginHref: '/login' };
    }
    error(problem.status >= 500 ? 503 : problem.status, problem.message);
  }
  const invitation = outcome.data;
  const user = event.locals.user;
  const mode = user
    ? user.email.toLowerCase() === invitation.email.toLowerCase()
      ? ('accept' as const)
      : ('wrong-account' as const)
    : invitation.accountExists
      ? ('sign-in' as const)
      : ('create' as const);
  return { token, invitation, mode, signedInEmail: user?.email ?? null, loginHref: loginUrl(pageUrl(token)) };
};

/** Answers shared by both ways of accepting. */
function acceptProblem(problem: ApiProblem, token: string, values?: Record<string, string>) {
  // An account exists for the address: sign in as it, then come back here.
  if (problem.status === 409) redirect(303, loginUrl(pageUrl(token)));
  if (problem.code === 'VALIDATION_FAILED' && problem.fields.token) {
    return failForm<AcceptState>(400, { tokenInvalid: true });
  }
  return failForm<AcceptState>(problem.status >= 500 ? 503 : problem.status, { values, problem: problem.message });
}

export const actions: Actions = {
  /** Signed in as the invited address. */
  accept: async (event) => {
    const data = await event.request.formData();
    const token = textField(data, 'token');
    if (!token) return failForm<AcceptState>(400, { tokenInvalid: true });
    if (!event.locals.user || !event.locals.accessToken) redirect(303, loginUrl(pageUrl(token)));

    const api = apiFor(event);
    const outcome = await callApi(() => api.POST('/api/invitations/accept', { body: { token } }));
    if (outcome.ok) {
      setFlash(event.cookies, event.url, 'invitation-accepted');
      redirect(303, `/organisations/${encodeURIComponent(outcome.data.organisationId)}`);
    }
    return acceptProblem(outcome.problem, token);
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
      if (previewOutcome.problem.status === 404) return failForm<AcceptState>(400, { tokenInvalid: true });
      return acceptProblem(previewOutcome.problem, token, values);
    }
    const { email } = previewOutcome.data;

    const api = apiFor(event, { signedIn: false });
    const outcome = await callApi(() => api.POST('/api/invitations/accept', { body: { token, displayName, password } }));
    if (!outcome.ok) {
      const { problem } = outcome;
      if (problem.code === 'VALIDATION_FAILED' && !problem.fields.token) {
        const mapped = mapFieldErrors(problem, {
          displayName: { label: 'Display name', missing: 'Enter your display name' },
          password: { label: 'Password', missing: 'Enter a password' }
        });
        return failForm<AcceptState>(400, { values, errors: mapped.errors, problem: mapped.unmatched.join(' ') || undefined });
      }
      return acceptProblem(problem, token, values);
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
