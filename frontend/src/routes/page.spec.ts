import { describe, expect, it } from 'vitest';
import { headingsInOrder, renderHtml, textOf } from '$lib/test-helpers';
import { publications } from '$lib/publications';
import HomePage from './+page.svelte';
import AboutPage from './about/+page.svelte';

describe('home page', () => {
  const out = renderHtml(HomePage, {});

  it('has one h1 and headings in order', () => {
    expect(headingsInOrder(out)).toBe(true);
  });

  it('shows one card heading per publication, titles verbatim', () => {
    for (const publication of publications) {
      expect(out).toContain(`>${publication.title}</h3>`);
    }
  });

  it('names every audience from the brief', () => {
    const text = textOf(out);
    for (const audience of ['NGO staff', 'police', 'social and health workers', 'supply-chain teams']) {
      expect(text).toContain(audience);
    }
  });
});

describe('about page', () => {
  const out = renderHtml(AboutPage, {});

  it('has one h1 and headings in order', () => {
    expect(headingsInOrder(out)).toBe(true);
  });

  it('sends organisations to the tailored training enquiry form instead of an email address', () => {
    expect(out).toContain('href="/enquiry"');
    expect(out).not.toContain('mailto:');
  });
});
