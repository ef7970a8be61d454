import { describe, expect, it, vi } from 'vitest';
import { DomainError } from '../../common/errors/domain-error.js';
import { ErrorCode } from '../../common/errors/error-code.js';
import { decodeCursor, encodeCursor } from '../../common/http/catalogue-cursor.js';
import type { PublicationCourses } from './publication-courses.js';
import type { PublicationSearchRow, PublicationsRepository } from './publications.repository.js';
import { PublicationsService, snippetHtml } from './publications.service.js';

function publication(slug: string, overrides: Partial<PublicationSearchRow> = {}): PublicationSearchRow {
  return {
    id: `id-${slug}`,
    slug,
    title: `Title ${slug}`,
    publisher: 'Publisher',
    publishedYear: 2019,
    publishedMonth: 1,
    publishedDay: null,
    region: null,
    topics: ['data'],
    summary: 'Summary.',
    rank: null,
    snippet: null,
    ...overrides,
  };
}

function setup() {
  const repository = {
    listPublications: vi.fn(async (): Promise<PublicationSearchRow[]> => []),
    publicationFacets: vi.fn(),
    findPublication: vi.fn(async () => null),
    figuresOf: vi.fn(async () => []),
    publicationsBySlug: vi.fn(async () => [{ slug: 'p', title: 'P title', publisher: 'P org', publishedYear: null, sourceUrl: null }]),
  };
  const courses = { coursesUsing: vi.fn(async () => []) };
  const service = new PublicationsService(repository as unknown as PublicationsRepository, courses as unknown as PublicationCourses);
  return { service, repository, courses };
}

async function rejection(promise: Promise<unknown>): Promise<DomainError> {
  const error: unknown = await promise.then(
    () => new Error('resolved'),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}

describe('snippetHtml', () => {
  it('escapes everything, then marks the matches', () => {
    expect(snippetHtml('a <b>&</b> \u0001match\u0002 "q"')).toBe('a &lt;b&gt;&amp;&lt;/b&gt; <mark>match</mark> &quot;q&quot;');
  });
});

describe('PublicationsService.listPublications', () => {
  it('asks for one row more than the page and answers a title cursor when there is more', async () => {
    const { service, repository } = setup();
    repository.listPublications.mockResolvedValueOnce([publication('a'), publication('b'), publication('c')]);
    const page = await service.listPublications({ limit: 2 });
    expect(repository.listPublications).toHaveBeenCalledWith(expect.any(Object), null, 2);
    expect(page.items.map((i) => i.slug)).toEqual(['a', 'b']);
    expect(decodeCursor(page.nextCursor!)).toEqual({ sort: 'title', title: 'Title b', slug: 'b' });
  });

  it('answers no cursor on the last page, and dates as precise as stored', async () => {
    const { service, repository } = setup();
    repository.listPublications.mockResolvedValueOnce([publication('a')]);
    const page = await service.listPublications({});
    expect(repository.listPublications).toHaveBeenCalledWith(expect.any(Object), null, 20);
    expect(page.nextCursor).toBeNull();
    expect(page.items[0]).toMatchObject({ date: '2019-01', dateLabel: 'January 2019', year: 2019, snippet: null });
  });

  it('pages a search by rank and returns escaped snippets', async () => {
    const { service, repository } = setup();
    repository.listPublications.mockResolvedValueOnce([
      publication('a', { rank: 0.6, snippet: '\u0001data\u0002 <x>' }),
      publication('b', { rank: 0.25, snippet: 'plain' }),
    ]);
    const page = await service.listPublications({ q: 'data', limit: 1 });
    expect(page.items[0]!.snippet).toBe('<mark>data</mark> &lt;x&gt;');
    expect(decodeCursor(page.nextCursor!)).toEqual({ sort: 'rank', rank: 0.6, slug: 'a' });
  });

  it('passes a decoded cursor of the right ordering to the repository', async () => {
    const { service, repository } = setup();
    const cursor = encodeCursor({ sort: 'rank', rank: 0.5, slug: 'x' });
    await service.listPublications({ q: 'data', cursor, topic: 'data', year: 2019 });
    expect(repository.listPublications).toHaveBeenCalledWith(
      { q: 'data', topic: 'data', publisher: undefined, year: 2019, region: undefined },
      { sort: 'rank', rank: 0.5, slug: 'x' },
      20,
    );
  });

  it('refuses a title cursor for a search, before any query', async () => {
    const { service, repository } = setup();
    const error = await rejection(service.listPublications({ q: 'data', cursor: encodeCursor({ sort: 'title', title: 'T', slug: 'x' }) }));
    expect(error.code).toBe(ErrorCode.ValidationFailed);
    expect(repository.listPublications).not.toHaveBeenCalled();
  });
});

describe('PublicationsService.getPublication', () => {
  it('answers NOT_FOUND for an unknown slug', async () => {
    const { service } = setup();
    expect((await rejection(service.getPublication(undefined, 'nope'))).code).toBe(ErrorCode.NotFound);
  });
});
