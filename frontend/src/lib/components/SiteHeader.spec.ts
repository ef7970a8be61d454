import { beforeEach, describe, expect, it, vi } from 'vitest';
import { findTag, findTags, renderHtml, textOf, textOfId } from '#lib/test-helpers.js';

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

  it("groups the person's name, the account page and a POST sign-out button in an Account menu when signed in", () => {
    const out = renderHtml(SiteHeader, { links, user: { displayName: 'Ana Silva' } });
    const nav = accountNav(out);
    expect(textOf(nav)).toBe('Account Signed in as Ana Silva Your account Sign out');
    expect(nav).not.toContain('Platform administration');
    const toggle = findTags(nav, 'button')[0]!;
    expect(toggle.attrs.type).toBe('button');
    expect(toggle.attrs.popovertarget).toBe('account-menu');
    expect(toggle.attrs['aria-controls']).toBe('account-menu');
    const menu = findTags(nav, 'div').find((d) => d.attrs.id === 'account-menu')!;
    expect(menu.attrs.popover).toBe('auto');
    expect(findTags(nav, 'a').map((a) => a.attrs.href)).toEqual(['/account']);
    const form = findTag(nav, 'form');
    expect(form.attrs.method).toBe('POST');
    expect(form.attrs.action).toBe('/logout');
    expect(findTags(nav, 'button')[1]!.attrs.type).toBe('submit');
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

  it('lists role-only tool links in the account menu, after the account page', () => {
    const toolLinks = [{ href: '/admin/audit', label: 'Audit log' }];
    const nav = accountNav(renderHtml(SiteHeader, { links, toolLinks, user: { displayName: 'Ana' } }));
    expect(findTags(nav, 'a').map((a) => a.attrs.href)).toEqual(['/account', '/admin/audit']);
    const tools = findTags(nav, 'ul').find((ul) => ul.attrs['aria-labelledby'])!;
    expect(textOfId(nav, tools.attrs['aria-labelledby']!)).toBe('Platform administration');
  });

  it('has no account area when no user is given (a header without sign-in)', () => {
    expect(renderHtml(SiteHeader, { links })).not.toContain('aria-label="Account"');
  });
});

describe('SiteHeader menu button (narrow screens)', () => {
  const out = renderHtml(SiteHeader, { links, user: null });

  it('is a real button that opens the menu holding both the main and the account navigation', () => {
    const toggle = findTags(out, 'button')[0]!;
    expect(toggle.attrs.type).toBe('button');
    expect(toggle.attrs.popovertarget).toBe('site-menu');
    expect(toggle.attrs['aria-controls']).toBe('site-menu');
    expect(textOf(/<button[^>]*>([\s\S]*?)<\/button>/.exec(out)![1]!)).toBe('Menu');
    const menu = /<div[^>]*id="site-menu"[\s\S]*<\/div>/.exec(out)![0];
    expect(findTag(menu, 'div').attrs.popover).toBe('auto');
    expect(menu).toContain('aria-label="Main"');
    expect(menu).toContain('aria-label="Account"');
  });

  it('leaves aria-expanded to the browser until the script can keep it true (a stale "false" would mislead)', () => {
    expect(findTags(out, 'button').every((b) => !('aria-expanded' in b.attrs))).toBe(true);
  });

  it('hides its icons from assistive technology, so the name is the visible word', () => {
    for (const svg of findTags(out, 'svg')) expect(svg.attrs['aria-hidden']).toBe('true');
  });
});
