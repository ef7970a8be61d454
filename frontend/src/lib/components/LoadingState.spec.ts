import { describe, expect, it } from 'vitest';
import { findTag, renderHtml, textOf } from '#lib/test-helpers.js';
import LoadingState from './LoadingState.svelte';

describe('LoadingState', () => {
  it('is a polite status announcing "Loading…" by default', () => {
    const out = renderHtml(LoadingState, {});
    const region = findTag(out, 'div');
    expect(region.attrs.role).toBe('status');
    expect(region.attrs['aria-live']).toBe('polite');
    expect(textOf(out)).toBe('Loading…');
  });

  it('announces a custom label', () => {
    expect(textOf(renderHtml(LoadingState, { label: 'Loading courses…' }))).toBe('Loading courses…');
  });
});
