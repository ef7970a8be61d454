import { describe, expect, it } from 'vitest';
import { findTag, html, renderHtml, textOf } from '#lib/test-helpers.js';
import Alert from './Alert.svelte';
import type { AlertTone } from './types';

function roleFor(tone: AlertTone): string | undefined {
  return findTag(renderHtml(Alert, { tone, title: 'Title' }), 'div').attrs.role;
}

describe('Alert', () => {
  it('interrupts with role="alert" for danger and warning', () => {
    expect(roleFor('danger')).toBe('alert');
    expect(roleFor('warning')).toBe('alert');
  });

  it('uses role="status" for info and success', () => {
    expect(roleFor('info')).toBe('status');
    expect(roleFor('success')).toBe('status');
  });

  it('defaults to an info status', () => {
    const out = renderHtml(Alert, { children: html('<p>Note</p>') });
    expect(findTag(out, 'div').attrs.role).toBe('status');
    expect(findTag(out, 'div').attrs.class).toContain('alert--info');
  });

  it('renders the tone in words, then the title and children', () => {
    const out = renderHtml(Alert, {
      tone: 'danger',
      title: 'The API could not be reached',
      children: html('<p>Try again later.</p>')
    });
    expect(textOf(out)).toBe('Error: The API could not be reached Try again later.');
  });
});
