import { describe, expect, it, vi } from 'vitest';
import { fakeEvent, user } from '#lib/event-test-helpers.js';
import { findTag, findTags, html, renderHtml } from '#lib/test-helpers.js';

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
  });

  it('links "My learning" for signed-in people, after Courses, and keeps the other links in the same order', () => {
    const signedIn = mainNav({ user: { displayName: 'A', isPlatformAdmin: false, hasOrganisations: false }, flash: null }).links;
    expect(signedIn).toEqual(['/', '/courses', '/learning', '/library', '/about', '/status']);
    expect(mainNav({ user: null, flash: null }).links).not.toContain('/learning');
  });

  it('puts the platform admin tools in the account menu, not the main menu, and only for platform admins', () => {
    const accountLinks = (data: unknown) => {
      const { out } = mainNav(data);
      const nav = /<nav[^>]*aria-label="Account"[\s\S]*?<\/nav>/.exec(out)?.[0] ?? '';
      return findTags(nav, 'a').map((a) => a.attrs.href);
    };
    const admin = { user: { displayName: 'A', isPlatformAdmin: true, hasOrganisations: false }, flash: null };
    expect(accountLinks(admin)).toEqual(['/account', '/authoring', '/admin/enquiries', '/admin/audit', '/admin/certificates', '/admin/queues']);
    expect(mainNav(admin).links).not.toContain('/authoring');
    const member = { user: { displayName: 'A', isPlatformAdmin: false, hasOrganisations: true }, flash: null };
    expect(accountLinks(member)).toEqual(['/account']);
    expect(mainNav(member).out).not.toContain('/admin/audit');
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

  const withRoute = (routeId: string, data: Record<string, unknown>, body = '<p>x</p>') => {
    state.page.route.id = routeId;
    state.page.data = data;
    try {
      return renderHtml(Layout, { data: { user: null, flash: null }, children: html(body) });
    } finally {
      state.page.route.id = '/';
      state.page.data = {};
    }
  };

  it('puts the quick exit first on sensitive pages: lessons, the library, publications, the glossary, a course with a content note', () => {
    for (const [route, data] of [
      ['/courses/[slug]/lessons/[lessonId]', {}],
      ['/library', {}],
      ['/library/[slug]', { support: { hasOrganisation: false, organisations: [] } }],
      ['/glossary', {}],
      ['/courses/[slug]', { contentNote: 'This course discusses sexual exploitation.' }]
    ] as const) {
      const firstLink = findTags(withRoute(route, data), 'a')[0]!;
      expect('data-quick-exit' in firstLink.attrs, route).toBe(true);
      expect(firstLink.attrs.tabindex, route).toBeUndefined();
    }
  });

  it('puts the quick exit’s help text inside the main container, before the page, and points the link at it', () => {
    const out = withRoute('/library', {}, '<h1>Library</h1>');
    const main = /<main[^>]*>([\s\S]*)<\/main>/.exec(out)!;
    expect(findTag(main[0], 'main').attrs.class).toContain('container');
    expect(main[1]!.indexOf('id="quick-exit-help"')).toBeGreaterThanOrEqual(0);
    expect(main[1]!.indexOf('id="quick-exit-help"')).toBeLessThan(main[1]!.indexOf('<h1>'));
    expect(out.slice(0, out.indexOf('<main'))).not.toContain('id="quick-exit-help"');
    expect(findTags(out, 'a')[0]!.attrs['aria-describedby']).toBe('quick-exit-help');
  });

  it('has no quick exit on the other pages (a course without a note, the organisation page and its support settings)', () => {
    expect(withRoute('/courses/[slug]', { contentNote: null })).not.toContain('data-quick-exit');
    expect(withRoute('/organisations/[organisationId]', { support: { safeguardingContact: null, supportLine: null } })).not.toContain('data-quick-exit');
    expect(withRoute('/', {})).not.toContain('quick-exit-help');
  });
});
