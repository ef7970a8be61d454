/**
 * Page guards: who may see a page or post its forms. Every load function, action and endpoint
 * that needs a person signed in (or signed out, or with a role) asks here, so "signed in" means
 * one thing everywhere and sign-in always brings the person back through a safe ?next=.
 *
 * The API checks every call again; these guards only spare a round trip and give people the
 * right page (sign in, or "not allowed") instead of a refusal from deep inside a load.
 */
import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import { hasOrgRole, type OrgRole } from '#lib/roles.js';
import { loginUrl } from '#lib/safe-redirect.js';
import type { SessionUser } from './session';

type GuardEvent = Pick<RequestEvent, 'locals' | 'url'>;

/**
 * Where signing in brings the person back to: this page, with its query, but without a form
 * action's `?/name` (signing in does not repeat the post; the person comes back to the page).
 */
export function returnPath(url: URL): string {
  const params = new URLSearchParams(url.search);
  const actions = [...params.keys()].filter((key) => key.startsWith('/'));
  if (actions.length === 0) return `${url.pathname}${url.search}`;
  for (const key of actions) params.delete(key);
  const rest = params.toString();
  return rest ? `${url.pathname}?${rest}` : url.pathname;
}

/** To sign in, then back to `returnTo` (default: this page). Never returns. */
export function signInAgain(event: Pick<RequestEvent, 'url'>, returnTo = returnPath(event.url)): never {
  redirect(303, loginUrl(returnTo));
}

/** The signed-in person, or null. A session is the user the API confirmed and the token it accepted. */
export function sessionUser(event: Pick<RequestEvent, 'locals'>): SessionUser | null {
  const { user, accessToken } = event.locals;
  return user && accessToken ? user : null;
}

/** Signed out: to sign in and back (to `returnTo` when coming back to this address makes no sense). */
export function requireSignedIn(event: GuardEvent, { returnTo }: { returnTo?: string } = {}): SessionUser {
  const user = sessionUser(event);
  if (!user) signInAgain(event, returnTo);
  return user;
}

/** Signed out: to sign in and back. Signed in but not a platform admin: 403. */
export function requirePlatformAdmin(event: GuardEvent): SessionUser {
  const user = requireSignedIn(event);
  if (!user.isPlatformAdmin) error(403, 'Only platform administrators may use this page.');
  return user;
}

/** Pages for people without a session (sign in, register): someone signed in goes on to `to`. */
export function requireSignedOut(event: Pick<RequestEvent, 'locals'>, to: string): void {
  if (event.locals.user) redirect(303, to);
}

/**
 * May this person act as `min` (or above) in an organisation? `role` is their role there as the
 * API reported it (null: not a member); platform admins may act in every organisation.
 */
export function canActAs(user: SessionUser, role: OrgRole | null, min: OrgRole): boolean {
  return user.isPlatformAdmin || hasOrgRole(role, min);
}

/** 403 with `message` unless the person may act as `min` in the organisation (see canActAs). */
export function requireOrgRole(user: SessionUser, role: OrgRole | null, min: OrgRole, message: string): void {
  if (!canActAs(user, role, min)) error(403, message);
}
