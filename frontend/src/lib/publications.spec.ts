import { describe, expect, it } from 'vitest';
import { creditLine, publications } from './publications';

describe('publications', () => {
  it('lists the five library publications with unique titles', () => {
    expect(publications).toHaveLength(5);
    expect(new Set(publications.map((p) => p.title)).size).toBe(5);
  });

  it('credits the commissioner and researcher where the source names both', () => {
    const homelessness = publications.find((p) => p.title.includes('Homelessness Sector'));
    expect(homelessness && creditLine(homelessness)).toBe(
      'Commissioned by the Independent Anti-Slavery Commissioner, researched by The Passage'
    );
  });

  it('falls back to a "Published by" line', () => {
    expect(creditLine({ title: 't', publisher: 'Liberty Shared', summary: 's' })).toBe(
      'Published by Liberty Shared'
    );
  });
});
