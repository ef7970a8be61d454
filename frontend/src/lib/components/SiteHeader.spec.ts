import { beforeEach, describe, expect, it, vi } from 'vitest';
import { findTag, findTags, renderHtml, textOf } from '#lib/test-helpers.js';

const state = vi.hoisted(() => ({ page: { url: new URL('http://localhost/') } }));
vi.mock('$app/state', () => state);

const { default: SiteHeader } = await import('./SiteHeader.svelte');

const links = [
  { href: '/', label: 'Home' },
  { href: '/about', label: 'About' },
  { href: '/status', label: 'System status' }
];

function currentLinks(pathname: string): string[] {
  state.page.url = new URL(pathname, 'http://localhost');
  const nav = /<nav[\s\S]*<\/nav>/.exec(renderHtml(SiteHeader, { links }))?.[0] ?? '';
  return findTags(nav, 'a')
    .filter((a) => a.attrs['aria-current'] === 'page')
    .map((a) => a.attrs.href ?? '');
}

describe('SiteHeader', () => {
  beforeEach(() => {
    state.page.url = new URL('http://localhost/');
  });

  it('has a brand link home and a nav labelled "Main"', () => {
    const out = renderHtml(SiteHeader, { links });
    expect(out).toMatch(/<a[^>]*href="\/"[^>]*>HTMSE Academy<\/a>/);
    expect(findTag(out, 'nav').attrs['aria-label']).toBe('Main');
  });

  it('marks only the current page link with aria-current="page"', () => {
    expect(currentLinks('/about')).toEqual(['/about']);
    expect(currentLinks('/')).toEqual(['/']);
  });

  it('keeps a section link current on its sub-pages, but not on look-alike paths', () => {
    expect(currentLinks('/status/history')).toEqual(['/status']);
    expect(currentLinks('/statuses')).toEqual([]);
  });
});

describe('SiteHeader account area', () => {
  beforeEach(() => {
    state.page.url = new URL('http://localhost/');
  });

  function accountNav(out: string): string {
    return /<nav[^>]*aria-label="Account"[\s\S]*?<\/nav>/.exec(out)?.[0] ?? '';
  }

  it('offers "Sign in" and "Register" when signed out, and no sign-out form', () => {
    const out = renderHtml(SiteHeader, { links, user: null });
    const nav = accountNav(out);
    expect(findTags(nav, 'a').map((a) => a.attrs.href)).toEqual(['/login', '/register']);
    expect(textOf(nav)).toBe('Sign in Register');
    expect(out).not.toContain('Sign out');
    expect(out).not.toContain('<form');
  });

  it("shows the person's name, an Account link and a POST sign-out button when signed in", () => {
    const out = renderHtml(SiteHeader, { links, user: { displayName: 'Ana Silva' } });
    const nav = accountNav(out);
    expect(textOf(nav)).toBe('Signed in as Ana Silva Account Sign out');
    expect(findTags(nav, 'a').map((a) => a.attrs.href)).toEqual(['/account']);
    const form = findTag(nav, 'form');
    expect(form.attrs.method).toBe('POST');
    expect(form.attrs.action).toBe('/logout');
    expect(findTag(nav, 'button').attrs.type).toBe('submit');
    expect(nav).not.toContain('/login');
  });

  it('escapes the display name', () => {
    const out = renderHtml(SiteHeader, { links, user: { displayName: '<img src=x onerror=alert(1)>' } });
    expect(out).not.toContain('<img');
    expect(out).toContain('&lt;img src=x onerror=alert(1)>');
  });

  it('marks the account page current', () => {
    state.page.url = new URL('http://localhost/account');
    const nav = accountNav(renderHtml(SiteHeader, { links, user: { displayName: 'Ana' } }));
    expect(findTag(nav, 'a').attrs['aria-current']).toBe('page');
  });

  it('has no account area when no user is given (a header without sign-in)', () => {
    expect(renderHtml(SiteHeader, { links })).not.toContain('aria-label="Account"');
  });
});
