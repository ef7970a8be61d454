import { describe, expect, it } from 'vitest';
import { findTags, renderHtml, textOf, textOfId } from '#lib/test-helpers.js';
import QuickExit, { QUICK_EXIT_HELP_ID, QUICK_EXIT_URL } from './QuickExit.svelte';
import QuickExitHelp from './QuickExitHelp.svelte';

const FOCUSABLE = /<(a|button|input|select|textarea)\b[^>]*>/gi;

describe('QuickExit', () => {
  const out = renderHtml(QuickExit, {});

  it('is a link named "Quick exit" to a neutral site, without a referrer', () => {
    const link = findTags(out, 'a')[0]!;
    expect(link.attrs.href).toBe('https://www.bbc.co.uk/weather');
    expect(QUICK_EXIT_URL).toBe('https://www.bbc.co.uk/weather');
    expect(link.attrs.rel).toBe('noreferrer');
    expect(textOf(/<a\b[^>]*>([\s\S]*?)<\/a>/.exec(out)![1]!)).toBe('Quick exit');
    // No aria-label that could hide the visible name from speech-input users.
    expect(link.attrs['aria-label']).toBeUndefined();
  });

  it('is its own first focusable element, with no positive tabindex (the layout renders it first)', () => {
    const first = [...out.matchAll(FOCUSABLE)][0]!;
    expect(first[1]).toBe('a');
    expect(first[0]).toContain('data-quick-exit');
    expect(findTags(out, 'a')[0]!.attrs.tabindex).toBeUndefined();
  });

  it('is never preloaded by the router and does a full navigation', () => {
    const link = findTags(out, 'a')[0]!;
    expect(link.attrs['data-sveltekit-preload-data']).toBe('false');
    expect('data-sveltekit-reload' in link.attrs).toBe(true);
  });

  it('explains what it does in text the link points to (the help the layout puts in the page container)', () => {
    const link = findTags(out, 'a')[0]!;
    expect(link.attrs['aria-describedby']).toBe(QUICK_EXIT_HELP_ID);
    const help = textOfId(renderHtml(QuickExitHelp, {}), link.attrs['aria-describedby']!);
    expect(help).toContain('BBC weather');
    expect(help).toContain('Escape twice');
  });

  it('loads nothing from the exit site (no images, scripts, frames or prefetch hints)', () => {
    expect(out).not.toMatch(/<(img|script|iframe|link)\b/i);
    expect(out.match(/bbc\.co\.uk/g)).toHaveLength(1);
  });
});
