import { beforeEach, describe, expect, it, vi } from 'vitest';
import { findTag, findTags, renderHtml } from '$lib/test-helpers';

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
