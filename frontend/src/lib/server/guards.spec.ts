import { describe, expect, it } from 'vitest';
import { fakeEvent, thrown, user } from '#lib/event-test-helpers.js';
import { hasOrgRole } from '#lib/roles.js';
import { canActAs, requireOrgRole, requirePlatformAdmin, requireSignedIn, requireSignedOut, returnPath, sessionUser, signInAgain } from './guards';

const admin = { ...user, isPlatformAdmin: true };
const url = (path: string) => new URL(path, 'http://localhost:3000');

describe('returnPath', () => {
  it('is the page with its query', () => {
    expect(returnPath(url('/organisations/o-1?q=bo&role=trainer'))).toBe('/organisations/o-1?q=bo&role=trainer');
    expect(returnPath(url('/account'))).toBe('/account');
  });

  it('drops a form action (`?/name`), keeping anything else in the query', () => {
    expect(returnPath(url('/account?/profile'))).toBe('/account');
    expect(returnPath(url('/authoring/courses/x?/save&created=1'))).toBe('/authoring/courses/x?created=1');
  });
});

describe('signInAgain', () => {
  it('redirects to sign in with a safe ?next=', async () => {
    expect(await thrown(() => signInAgain(fakeEvent({ url: '/admin/audit?cursor=c1' })))).toEqual({
      status: 303,
      location: `/login?next=${encodeURIComponent('/admin/audit?cursor=c1')}`
    });
    expect(await thrown(() => signInAgain(fakeEvent({ url: '/x' }), '/account'))).toMatchObject({ location: '/login?next=%2Faccount' });
    // Never off this site, whatever it is asked to come back to.
    expect(await thrown(() => signInAgain(fakeEvent({ url: '/x' }), '//evil.example/'))).toMatchObject({ location: '/login' });
  });
});

describe('sessionUser', () => {
  it('is the user only with the token the API accepted', () => {
    expect(sessionUser(fakeEvent({ user }))).toEqual(user);
    expect(sessionUser(fakeEvent({ user, accessToken: null }))).toBeNull();
    expect(sessionUser(fakeEvent({}))).toBeNull();
  });
});

describe('requireSignedIn', () => {
  it('returns the signed-in person', () => {
    expect(requireSignedIn(fakeEvent({ url: '/account', user }))).toEqual(user);
  });

  it('sends someone signed out to sign in and back to the page; after a form post, to the page', async () => {
    expect(await thrown(() => requireSignedIn(fakeEvent({ url: '/organisations?q=acme' })))).toMatchObject({
      status: 303,
      location: `/login?next=${encodeURIComponent('/organisations?q=acme')}`
    });
    expect(await thrown(() => requireSignedIn(fakeEvent({ url: '/courses/foundations?/enrol', form: {} })))).toMatchObject({
      status: 303,
      location: `/login?next=${encodeURIComponent('/courses/foundations')}`
    });
  });

  it('counts a user without a token as signed out', async () => {
    expect(await thrown(() => requireSignedIn(fakeEvent({ url: '/account', user, accessToken: null })))).toMatchObject({ status: 303 });
  });

  it('comes back to returnTo when given', async () => {
    expect(await thrown(() => requireSignedIn(fakeEvent({ url: '/account/export' }), { returnTo: '/account' }))).toMatchObject({
      location: '/login?next=%2Faccount'
    });
  });
});

describe('requirePlatformAdmin', () => {
  it('returns a platform admin', () => {
    expect(requirePlatformAdmin(fakeEvent({ url: '/authoring', user: admin }))).toEqual(admin);
  });

  it('refuses anyone else with 403, and sends someone signed out to sign in', async () => {
    expect(await thrown(() => requirePlatformAdmin(fakeEvent({ url: '/authoring', user })))).toMatchObject({
      status: 403,
      body: { message: 'Only platform administrators may use this page.' }
    });
    expect(await thrown(() => requirePlatformAdmin(fakeEvent({ url: '/authoring?q=x' })))).toMatchObject({
      status: 303,
      location: `/login?next=${encodeURIComponent('/authoring?q=x')}`
    });
  });
});

describe('requireSignedOut', () => {
  it('sends someone signed in on, and lets anyone else through', async () => {
    expect(await thrown(() => requireSignedOut(fakeEvent({ url: '/register', user }), '/account'))).toEqual({ status: 303, location: '/account' });
    expect(requireSignedOut(fakeEvent({ url: '/register' }), '/account')).toBeUndefined();
  });
});

describe('organisation roles', () => {
  it('ranks learner < trainer < org admin', () => {
    expect(hasOrgRole('learner', 'learner')).toBe(true);
    expect(hasOrgRole('learner', 'trainer')).toBe(false);
    expect(hasOrgRole('trainer', 'trainer')).toBe(true);
    expect(hasOrgRole('trainer', 'org_admin')).toBe(false);
    expect(hasOrgRole('org_admin', 'trainer')).toBe(true);
    expect(hasOrgRole(null, 'learner')).toBe(false);
  });

  it('lets platform admins act in every organisation, members by their role', () => {
    expect(canActAs(admin, null, 'org_admin')).toBe(true);
    expect(canActAs(user, 'trainer', 'trainer')).toBe(true);
    expect(canActAs(user, 'learner', 'trainer')).toBe(false);
    expect(canActAs(user, null, 'learner')).toBe(false);
  });

  it('refuses with 403 and the page’s reason', async () => {
    expect(requireOrgRole(user, 'org_admin', 'trainer', 'Trainers only')).toBeUndefined();
    expect(await thrown(() => requireOrgRole(user, 'learner', 'trainer', 'Trainers only'))).toMatchObject({
      status: 403,
      body: { message: 'Trainers only' }
    });
  });
});
