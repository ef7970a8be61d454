import { beforeEach, describe, expect, it, vi } from 'vitest';
import { findTags, headingsInOrder, renderHtml, textOf } from '#lib/test-helpers.js';
import { filtersFromParams } from './library-query';

const api = vi.hoisted(() => ({ GET: vi.fn(), createApiClient: vi.fn() }));
vi.mock('#lib/server/api.js', () => ({ createApiClient: api.createApiClient }));

const { load } = await import('./+page.server');
const { default: LibraryPage } = await import('./+page.svelte');
const { load: loadPublication } = await import('./[slug]/+page.server');
const { default: PublicationPage } = await import('./[slug]/+page.svelte');

type LoadEvent = Parameters<typeof load>[0];
const eventFor = (query: string) =>
  ({ fetch, locals: { requestId: 'req-lib', accessToken: null, user: null }, url: new URL(`http://x/library${query}`) }) as unknown as LoadEvent;

const ok = (data: unknown) => ({ data, error: undefined, response: new Response(null, { status: 200 }) });
const facets = {
  topics: [{ value: 'homelessness', count: 1 }],
  publishers: [{ value: 'The Freedom Fund', count: 1 }],
  years: [{ value: 2019, count: 2 }],
  regions: [{ value: 'England', count: 1 }]
};
const item = {
  slug: 'modern-slavery-and-homelessness',
  title: 'Understanding and Responding to Modern Slavery within the Homelessness Sector',
  publisher: 'Independent Anti-Slavery Commissioner',
  date: '2017-01',
  dateLabel: 'January 2017',
  year: 2017,
  region: 'England',
  topics: ['homelessness', 'modern slavery'],
  summary: 'Examines the links between modern slavery and homelessness in England.',
  snippet: 'Examines the links between modern slavery and <mark>homelessness</mark> in England.'
};

beforeEach(() => {
  api.GET.mockReset();
  api.createApiClient.mockReset().mockReturnValue({ GET: api.GET });
});

describe('library load', () => {
  it('sends only the filters that are set, with the cursor, and reads the facets', async () => {
    api.GET.mockImplementation((path: string) => Promise.resolve(ok(path === '/api/publications/facets' ? facets : { items: [item], nextCursor: null })));
    const result = (await load(eventFor('?q=homelessness&topic=&year=2017&cursor=abc'))) as Record<string, unknown>;
    expect(api.GET).toHaveBeenCalledWith('/api/publications', {
      params: { query: { q: 'homelessness', year: 2017, cursor: 'abc', limit: 20 } }
    });
    expect(api.GET).toHaveBeenCalledWith('/api/publications/facets');
    expect(result.publications).toEqual([item]);
    expect(result.facets).toEqual(facets);
    // Anonymous library: no access token is sent even when one exists.
    expect(api.createApiClient.mock.calls[0]![1].accessToken).toBeUndefined();
  });

  it('says a stale cursor is no longer available instead of failing the page', async () => {
    api.GET.mockImplementation((path: string) =>
      Promise.resolve(
        path === '/api/publications/facets'
          ? ok(facets)
          : {
              data: undefined,
              error: { code: 'VALIDATION_FAILED', message: 'bad', details: { fields: [{ field: 'cursor', reasons: ['x'] }] } },
              response: new Response(null, { status: 400 })
            }
      )
    );
    const result = (await load(eventFor('?cursor=old'))) as Record<string, unknown>;
    expect(result.loadProblem).toBe('This page of results is no longer available.');
  });
});

describe('library page', () => {
  const render = (data: unknown) => renderHtml(LibraryPage, { data } as never);
  const base = { filters: filtersFromParams(new URLSearchParams('q=homelessness')), cursor: '', facets, loadProblem: null };

  it('shows results with a count, a GET search form and labelled filters', () => {
    const out = render({ ...base, publications: [item], nextCursor: null });
    expect(headingsInOrder(out)).toBe(true);
    expect(findTags(out, 'form')[0]!.attrs.method).toBe('GET');
    for (const name of ['topic', 'publisher', 'year', 'region']) expect(out).toContain(`<label class="field__label" for="${name}"`);
    expect(textOf(out)).toContain('1 publication found');
    expect(out).toMatch(/<mark[^>]*>homelessness<\/mark>/);
    expect(textOf(out)).toContain('Independent Anti-Slavery Commissioner · January 2017 · England');
    expect(textOf(out)).toContain('January 2017');
  });

  it('shows the empty state when nothing matches', () => {
    const out = render({ ...base, publications: [], nextCursor: null });
    expect(textOf(out)).toContain('No publications match');
  });

  it('links the next page, keeping the search', () => {
    const out = render({ ...base, publications: [item], nextCursor: 'n1' });
    expect(findTags(out, 'a').some((a) => a.attrs.href === '/library?q=homelessness&amp;cursor=n1')).toBe(true);
  });
});

describe('publication page', () => {
  const publication = {
    ...item,
    findings: [{ kind: 'finding', text: 'The link runs both ways.', passage: 'p' }],
    figures: [{ value: '61', label: 'online surveys', passage: 'p' }],
    credit: { text: 'Researched by The Passage', passage: 'p' },
    sourceUrl: null,
    sourceText: 'First paragraph.\n\nSecond paragraph.',
    citation: 'Independent Anti-Slavery Commissioner (2017). Understanding and Responding.',
    courses: [{ slug: 'foundations', title: 'Foundations' }]
  };

  it('turns a 404 into a not-found page', async () => {
    api.GET.mockResolvedValue({ data: undefined, error: { code: 'NOT_FOUND' }, response: new Response(null, { status: 404 }) });
    const event = { fetch, locals: { requestId: 'r' }, params: { slug: 'nope' } } as unknown as Parameters<typeof loadPublication>[0];
    await expect(loadPublication(event)).rejects.toMatchObject({ status: 404 });
  });

  it('shows the citation in a readonly textarea, the courses using it, and no source link when there is none', () => {
    const out = renderHtml(PublicationPage, { data: { publication } } as never);
    expect(headingsInOrder(out)).toBe(true);
    const textarea = findTags(out, 'textarea')[0]!;
    expect('readonly' in textarea.attrs).toBe(true);
    expect(out).toContain(publication.citation);
    expect(findTags(out, 'a').some((a) => a.attrs.href === '/courses/foundations')).toBe(true);
    expect(textOf(out)).not.toContain('Read the full publication');
    expect(textOf(out)).toContain('Researched by The Passage');
  });

  it('names the courses that teach it near the top, before the summary, and says the modules teach this summary, not the full report', () => {
    const out = renderHtml(PublicationPage, { data: { publication, support: null } } as never);
    const courses = out.indexOf('id="courses-title"');
    expect(courses).toBeGreaterThan(-1);
    expect(courses).toBeLessThan(out.indexOf('id="summary-title"'));
    expect(textOf(out)).toContain('Courses that teach it');
    expect(textOf(out)).toContain('The modules teach this library summary of the publication, not the full report.');
    const none = renderHtml(PublicationPage, { data: { publication: { ...publication, courses: [] }, support: null } } as never);
    expect(textOf(none)).toContain('No published course teaches from this publication yet.');
  });

  it('is a sensitive page: the load gives the support panel the viewer’s own organisations’ contacts, and the page shows it', async () => {
    api.GET.mockResolvedValue({ data: publication, error: undefined, response: new Response(null, { status: 200 }) });
    const user = {
      memberships: [
        {
          organisationName: 'La Strada',
          support: { safeguardingContact: { name: 'Lead', email: 'lead@example.org', phone: '+44 20 7946 0000' }, supportLine: null }
        }
      ]
    };
    const event = { fetch, locals: { requestId: 'r', user, accessToken: 't' }, params: { slug: 'x' } } as unknown as Parameters<typeof loadPublication>[0];
    const data = (await loadPublication(event)) as { support: unknown };
    expect(data.support).toEqual({ hasOrganisation: true, organisations: [{ organisationName: 'La Strada', ...user.memberships[0]!.support }] });
    const out = renderHtml(PublicationPage, { data: { publication, support: data.support } } as never);
    expect(textOf(out)).toContain('Guidance from HTMSE Academy, not from the publications');
    expect(findTags(out, 'a').some((a) => a.attrs.href === 'mailto:lead@example.org')).toBe(true);
    expect(findTags(out, 'a').some((a) => a.attrs.href === 'tel:+442079460000')).toBe(true);
  });

  it('links the source only when it is a web address', () => {
    const withUrl = renderHtml(PublicationPage, { data: { publication: { ...publication, sourceUrl: 'https://example.org/r.pdf' } } } as never);
    expect(findTags(withUrl, 'a').some((a) => a.attrs.href === 'https://example.org/r.pdf')).toBe(true);
    const hostile = renderHtml(PublicationPage, { data: { publication: { ...publication, sourceUrl: 'javascript:alert(1)' } } } as never);
    expect(hostile).not.toContain('javascript:');
  });
});
