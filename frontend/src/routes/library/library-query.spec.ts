import { describe, expect, it } from 'vitest';
import { filtersFromParams, isFiltered, libraryHref, publicationQuery, snippetParts } from './library-query';

const params = (query: string) => new URLSearchParams(query);

describe('library filters from the address', () => {
  it('reads search and filters, trimming them, and treats blanks as absent', () => {
    expect(filtersFromParams(params('q=+homelessness+&topic=forced+labour&publisher=&year=2019&region=Kathmandu'))).toEqual({
      q: 'homelessness',
      topic: 'forced labour',
      publisher: '',
      year: '2019',
      region: 'Kathmandu'
    });
    expect(isFiltered(filtersFromParams(params('q=&topic=')))).toBe(false);
  });

  it('ignores a year that is not four digits rather than sending the API a bad value', () => {
    expect(filtersFromParams(params('year=19')).year).toBe('');
    expect(filtersFromParams(params('year=twenty')).year).toBe('');
  });

  it('cuts an overlong search to the length the API accepts', () => {
    expect(filtersFromParams(params(`q=${'a'.repeat(500)}`)).q).toHaveLength(200);
  });
});

describe('the query sent to GET /api/publications', () => {
  it('leaves out empty values and sends the year as a number', () => {
    const filters = filtersFromParams(params('q=homelessness&year=2017&topic='));
    expect(publicationQuery(filters)).toEqual({ q: 'homelessness', year: 2017 });
  });

  it('adds the cursor and limit only when given', () => {
    const filters = filtersFromParams(params('publisher=The Freedom Fund'));
    expect(publicationQuery(filters, 'abc', 20)).toEqual({ publisher: 'The Freedom Fund', cursor: 'abc', limit: 20 });
    expect(publicationQuery(filters, '', undefined)).toEqual({ publisher: 'The Freedom Fund' });
  });
});

describe('library links', () => {
  it('keeps the search and filters, encoded, and adds the next page cursor', () => {
    const filters = filtersFromParams(params('q=forced labour&region=Minnesota'));
    expect(libraryHref(filters)).toBe('/library?q=forced+labour&region=Minnesota');
    expect(libraryHref(filters, 'c/1=')).toBe('/library?q=forced+labour&region=Minnesota&cursor=c%2F1%3D');
    expect(libraryHref(filtersFromParams(params('')))).toBe('/library');
  });
});

describe('search snippets', () => {
  it('splits the API snippet into text and marked parts, unescaping entities', () => {
    expect(snippetParts('Links between &lt;modern&gt; slavery and <mark>homelessness</mark> &amp; more')).toEqual([
      { text: 'Links between <modern> slavery and ', mark: false },
      { text: 'homelessness', mark: true },
      { text: ' & more', mark: false }
    ]);
  });

  it('never turns other markup into elements: it stays text', () => {
    const parts = snippetParts('<img src=x onerror=alert(1)> <mark>a</mark>');
    expect(parts[0]).toEqual({ text: '<img src=x onerror=alert(1)> ', mark: false });
    expect(parts.filter((p) => p.mark)).toEqual([{ text: 'a', mark: true }]);
  });
});
