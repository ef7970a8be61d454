import { describe, expect, it } from 'vitest';
import { findTag, findTags, html, renderHtml, textOf } from '#lib/test-helpers.js';
import Button from './Button.svelte';

const children = html('Save');

describe('Button', () => {
  it('renders a link when given href', () => {
    const out = renderHtml(Button, { href: '/courses', children });
    expect(findTag(out, 'a').attrs.href).toBe('/courses');
    expect(findTags(out, 'button')).toHaveLength(0);
  });

  it('renders a <button type="button"> by default so it never submits a form by accident', () => {
    const out = renderHtml(Button, { children });
    expect(findTag(out, 'button').attrs.type).toBe('button');
    expect(findTags(out, 'a')).toHaveLength(0);
  });

  it('respects an explicit submit type', () => {
    expect(findTag(renderHtml(Button, { type: 'submit', children }), 'button').attrs.type).toBe('submit');
  });

  it('applies variant and size classes', () => {
    const cls = findTag(renderHtml(Button, { variant: 'danger', size: 'sm', children }), 'button').attrs.class;
    expect(cls).toContain('btn--danger');
    expect(cls).toContain('btn--sm');
  });

  it('passes rest props through', () => {
    const out = renderHtml(Button, { name: 'intent', value: 'publish', children });
    const button = findTag(out, 'button');
    expect(button.attrs.name).toBe('intent');
    expect(button.attrs.value).toBe('publish');
  });

  it('shows busy text with aria-busy while keeping the button focusable', () => {
    const out = renderHtml(Button, { busy: true, busyLabel: 'Saving…', children });
    const button = findTag(out, 'button');
    expect(button.attrs['aria-busy']).toBe('true');
    expect(button.attrs['aria-disabled']).toBe('true');
    expect(button.attrs).not.toHaveProperty('disabled');
    expect(textOf(out)).toBe('Saving…');
  });

  it('disables a native button', () => {
    expect(findTag(renderHtml(Button, { disabled: true, children }), 'button').attrs).toHaveProperty('disabled');
  });

  it('drops the href from a disabled link so it cannot be followed', () => {
    const link = findTag(renderHtml(Button, { href: '/x', disabled: true, children }), 'a');
    expect(link.attrs).not.toHaveProperty('href');
    expect(link.attrs['aria-disabled']).toBe('true');
    expect(link.attrs.role).toBe('link');
  });
});
