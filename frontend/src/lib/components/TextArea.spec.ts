import { describe, expect, it } from 'vitest';
import { findTag, renderHtml, textOfId } from '#lib/test-helpers.js';
import TextArea from './TextArea.svelte';

describe('TextArea', () => {
  it('wires the label, error and aria attributes like TextField', () => {
    const out = renderHtml(TextArea, {
      label: 'Feedback',
      name: 'feedback',
      error: 'Enter your feedback'
    });
    expect(findTag(out, 'label').attrs.for).toBe('feedback');
    const textarea = findTag(out, 'textarea');
    expect(textarea.attrs.id).toBe('feedback');
    expect(textarea.attrs['aria-invalid']).toBe('true');
    expect(textarea.attrs['aria-describedby']).toBe('feedback-error');
    expect(textOfId(out, 'feedback-error')).toContain('Enter your feedback');
  });

  it('renders the value as content and has no aria-invalid without an error', () => {
    const out = renderHtml(TextArea, { label: 'Notes', name: 'notes', value: 'Hello <world>' });
    expect(findTag(out, 'textarea').attrs).not.toHaveProperty('aria-invalid');
    expect(out).toContain('Hello &lt;world>');
  });
});
