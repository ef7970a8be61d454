import { describe, expect, it } from 'vitest';
import { findTag, findTags, renderHtml, textOf } from '#lib/test-helpers.js';
import FormErrorSummary from './FormErrorSummary.svelte';

describe('FormErrorSummary', () => {
  it('renders nothing when there are no errors', () => {
    expect(renderHtml(FormErrorSummary, { errors: [] }).trim()).toBe('');
  });

  it('renders an alert titled "There is a problem" linking to each field', () => {
    const out = renderHtml(FormErrorSummary, {
      errors: [
        { field: 'email', message: 'Enter your email address' },
        { field: 'password', message: 'Enter your password' }
      ]
    });
    const box = findTag(out, 'div');
    expect(box.attrs.role).toBe('alert');
    const heading = findTag(out, 'h2');
    expect(box.attrs['aria-labelledby']).toBe(heading.attrs.id);
    expect(out).toMatch(/<h2[^>]*>There is a problem<\/h2>/);
    expect(findTags(out, 'a').map((a) => a.attrs.href)).toEqual(['#email', '#password']);
    expect(textOf(out)).toContain('Enter your email address Enter your password');
  });

  it('says a problem with the whole form before the list, without needing field errors', () => {
    const out = renderHtml(FormErrorSummary, { errors: [], description: 'Email or password is incorrect' });
    expect(findTag(out, 'div').attrs.role).toBe('alert');
    expect(textOf(out)).toBe('There is a problem Email or password is incorrect');
    expect(out).not.toContain('<ul');
  });

  it('is focusable by script only, and marked for focusProblem', () => {
    const box = findTag(renderHtml(FormErrorSummary, { errors: [{ field: 'email', message: 'Enter your email address' }] }), 'div');
    expect(box.attrs.tabindex).toBe('-1');
    expect(box.attrs).toHaveProperty('data-error-summary');
  });
});
