import { describe, expect, it, vi } from 'vitest';
import { fakeEvent, user } from '#lib/event-test-helpers.js';
import { findTags, html, renderHtml } from '#lib/test-helpers.js';

const state = vi.hoisted(() => ({
  page: { url: new URL('http://localhost/'), route: { id: '/' as string | null }, data: {} as Record<string, unknown> }
}));
vi.mock('$app/state', () => state);

const { load } = await import('./+layout.server');
const { default: Layout } = await import('./+layout.svelte');

describe('layout load', () => {
  it('gives the page only what the header needs, not the email address or ids', () => {
    const member = { ...user, memberships: [{ organisationId: 'o', organisationName: 'La Strada', role: 'learner' as const }] };
    const data = load(fakeEvent({ user: member }) as never);
    expect(data).toEqual({ user: { displayName: 'Ana Silva', isPlatformAdmin: false, hasOrganisations: true }, flash: null });
    expect(JSON.stringify(data)).not.toContain('ana.silva@example.org');
  });

  it('says nobody is signed in', () => {
    expect(load(fakeEvent() as never)).toEqual({ user: null, flash: null });
  });

  it('shows a flash message once', () => {
    const event = fakeEvent({ cookies: { htmse_flash: 'signed-out' } });
    expect(load(event as never)).toMatchObject({ flash: { title: 'You have signed out.' } });
    expect(event.cookies.delete).toHaveBeenCalledWith('htmse_flash', { path: '/' });
  });
});

describe('layout', () => {
  const mainNav = (data: unknown) => {
    const out = renderHtml(Layout, { data, children: html('<h1>Page</h1>') } as never);
    const nav = /<nav[^>]*aria-label="Main"[\s\S]*?<\/nav>/.exec(out)?.[0] ?? '';
    return { out, links: findTags(nav, 'a').map((a) => a.attrs.href) };
  };

  it('links Organisations for members and platform admins only', () => {
    expect(mainNav({ user: null, flash: null }).links).toEqual(['/', '/courses', '/library', '/about', '/status']);
    expect(mainNav({ user: { displayName: 'A', isPlatformAdmin: false, hasOrganisations: false }, flash: null }).links).not.toContain('/organisations');
    expect(mainNav({ user: { displayName: 'A', isPlatformAdmin: false, hasOrganisations: true }, flash: null }).links).toContain('/organisations');
    expect(mainNav({ user: { displayName: 'A', isPlatformAdmin: true, hasOrganisations: false }, flash: null }).links).toContain('/organisations');
    // Authoring, the enquiries inbox and the audit log are for platform admins only.
    expect(mainNav({ user: { displayName: 'A', isPlatformAdmin: true, hasOrganisations: false }, flash: null }).links).toEqual(
      expect.arrayContaining(['/authoring', '/admin/enquiries', '/admin/audit'])
    );
    expect(mainNav({ user: { displayName: 'A', isPlatformAdmin: false, hasOrganisations: true }, flash: null }).links).not.toContain('/authoring');
    expect(mainNav({ user: { displayName: 'A', isPlatformAdmin: false, hasOrganisations: true }, flash: null }).links).not.toContain('/admin/audit');
  });

  it('shows Sign in and Register when signed out, and the name and Sign out when signed in', () => {
    const signedOut = mainNav({ user: null, flash: null }).out;
    expect(signedOut).toContain('href="/login"');
    expect(signedOut).not.toContain('Sign out');
    const signedIn = mainNav({ user: { displayName: 'Ana Silva', isPlatformAdmin: false, hasOrganisations: false }, flash: null }).out;
    expect(signedIn).toContain('Ana Silva');
    expect(signedIn).toContain('Sign out');
    expect(signedIn).not.toContain('href="/login"');
  });

  it('shows the flash message inside the main landmark', () => {
    const { out } = mainNav({ user: null, flash: { tone: 'success', title: 'Your account has been deleted.' } });
    expect(/<main[\s\S]*Your account has been deleted\.[\s\S]*<\/main>/.test(out)).toBe(true);
  });

  it('puts the quick exit first on the other sensitive pages too (those that give the support panel’s data)', () => {
    state.page.route.id = '/library/[slug]';
    state.page.data = { support: { hasOrganisation: false, organisations: [] } };
    const publication = renderHtml(Layout, { data: { user: null, flash: null }, children: html('<p>publication</p>') });
    expect('data-quick-exit' in findTags(publication, 'a')[0]!.attrs).toBe(true);
    state.page.data = { support: null };
    expect(renderHtml(Layout, { data: { user: null, flash: null }, children: html('<p>x</p>') })).not.toContain('data-quick-exit');
    state.page.data = {};
    state.page.route.id = '/';
  });

  it('puts the quick exit first on lesson pages, and only there', () => {
    state.page.route.id = '/courses/[slug]/lessons/[lessonId]';
    const lesson = renderHtml(Layout, { data: { user: null, flash: null }, children: html('<p>lesson</p>') });
    const firstLink = findTags(lesson, 'a')[0]!;
    expect('data-quick-exit' in firstLink.attrs).toBe(true);
    expect(firstLink.attrs.tabindex).toBeUndefined();
    state.page.route.id = '/courses/[slug]';
    const course = renderHtml(Layout, { data: { user: null, flash: null }, children: html('<p>course</p>') });
    expect(course).not.toContain('data-quick-exit');
    state.page.route.id = '/';
  });
});
