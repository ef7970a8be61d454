import { describe, expect, it } from 'vitest';
import { findTag, findTags, html, renderHtml } from '#lib/test-helpers.js';
import Card from './Card.svelte';

describe('Card', () => {
  it('renders the heading at the requested level', () => {
    const out = renderHtml(Card, { heading: 'Trainers', headingLevel: 3 });
    expect(out).toMatch(/<h3[^>]*>Trainers<\/h3>/);
    expect(findTags(out, 'h2')).toHaveLength(0);
  });

  it('defaults to an h2', () => {
    expect(renderHtml(Card, { heading: 'Trainers' })).toMatch(/<h2[^>]*>Trainers<\/h2>/);
  });

  it('puts the link inside the heading so its name is the heading text', () => {
    const out = renderHtml(Card, { heading: 'Course', href: '/courses/1' });
    expect(out).toMatch(/<h2[^>]*><a[^>]*href="\/courses\/1"[^>]*>Course<\/a><\/h2>/);
    expect(findTag(out, 'div').attrs.class).toContain('card--link');
  });

  it('renders body and footer snippets', () => {
    const out = renderHtml(Card, {
      heading: 'x',
      children: html('<p>Body</p>'),
      footer: html('<p>Footer</p>')
    });
    expect(out).toMatch(/class="card__body[^"]*"><p>Body<\/p>/);
    expect(out).toMatch(/class="card__footer[^"]*"><p>Footer<\/p>/);
  });
});
