import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CatalogueCursor } from '../../src/common/http/catalogue-cursor.js';
import { PublicationsRepository, SNIPPET_END, SNIPPET_START } from '../../src/modules/library/publications.repository.js';
import { newPublication } from '../support/factories.js';
import { openRepositoryDatabase, type RepositoryDatabase } from '../support/repository-db.js';

let rdb: RepositoryDatabase;
let repo: PublicationsRepository;
beforeAll(async () => {
  rdb = await openRepositoryDatabase();
  repo = new PublicationsRepository(rdb.db);
});
afterAll(() => rdb?.close());
beforeEach(() => rdb.reset());

const MISSING = '7d0f4c62-3b7e-4f7a-9a57-0b6f0a0e9d11';

/** Pages through listPublications with the cursor the service would build, answering the slugs in order. */
async function allPages(filter: Parameters<PublicationsRepository['listPublications']>[0], limit: number): Promise<string[]> {
  const seen: string[] = [];
  let after: CatalogueCursor | null = null;
  for (let i = 0; i < 20; i++) {
    const rows = await repo.listPublications(filter, after, limit);
    const page = rows.slice(0, limit);
    seen.push(...page.map((r) => r.slug));
    if (rows.length <= limit) return seen;
    const last = page.at(-1)!;
    after = filter.q !== undefined ? { sort: 'rank', rank: last.rank ?? 0, slug: last.slug } : { sort: 'title', title: last.title, slug: last.slug };
  }
  throw new Error('no last page');
}

describe('listPublications without q', () => {
  it('is empty on an empty library', async () => {
    expect(await repo.listPublications({}, null, 10)).toEqual([]);
  });

  it('orders by title then slug, answers limit + 1 rows, leaves retired ones out', async () => {
    await newPublication(rdb.db, { slug: 'b', title: 'Beta' });
    await newPublication(rdb.db, { slug: 'a2', title: 'Alpha' });
    await newPublication(rdb.db, { slug: 'a1', title: 'Alpha' });
    await newPublication(rdb.db, { slug: 'gone', title: 'Aaa', retiredAt: new Date() });
    const rows = await repo.listPublications({}, null, 2);
    expect(rows.map((r) => r.slug)).toEqual(['a1', 'a2', 'b']);
    expect(rows[0]).toMatchObject({ rank: null, snippet: null, publisher: 'Freedom Fund' });
  });

  it('pages through equal titles by slug, none skipped or repeated', async () => {
    for (const slug of ['e', 'c', 'a', 'd', 'b']) await newPublication(rdb.db, { slug, title: 'Same title' });
    expect(await allPages({}, 2)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(await allPages({}, 5)).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('filters by topic (lower-cased), publisher and region case-insensitively, and year', async () => {
    await newPublication(rdb.db, { slug: 'p1', topics: ['forced-labour', 'supply-chains'], publisher: 'ILO', year: 2021, region: 'Asia' });
    await newPublication(rdb.db, { slug: 'p2', topics: ['forced-labour'], publisher: 'Freedom Fund', year: 2022, region: 'Africa' });
    await newPublication(rdb.db, { slug: 'p3', topics: ['policing'], publisher: 'ilo', year: 2021, region: null });
    const slugs = async (f: Parameters<PublicationsRepository['listPublications']>[0]) => (await repo.listPublications(f, null, 10)).map((r) => r.slug);
    expect(await slugs({ topic: 'Forced-Labour' })).toEqual(['p1', 'p2']);
    expect(await slugs({ publisher: 'ILO' })).toEqual(['p1', 'p3']);
    expect(await slugs({ year: 2021 })).toEqual(['p1', 'p3']);
    expect(await slugs({ region: 'asia' })).toEqual(['p1']);
    expect(await slugs({ topic: 'forced-labour', year: 2022 })).toEqual(['p2']);
    expect(await slugs({ topic: 'nothing' })).toEqual([]);
  });
});

describe('listPublications with q', () => {
  it('ranks a title match above a summary match, and marks matches in the snippet', async () => {
    await newPublication(rdb.db, { slug: 'in-summary', title: 'Annual report', summary: 'Notes on debt bondage in brick kilns.' });
    await newPublication(rdb.db, { slug: 'in-title', title: 'Debt bondage today', summary: 'Debt bondage in brick kilns.' });
    await newPublication(rdb.db, { slug: 'unrelated', title: 'Other', summary: 'Nothing here.' });
    const rows = await repo.listPublications({ q: 'debt bondage' }, null, 10);
    expect(rows.map((r) => r.slug)).toEqual(['in-title', 'in-summary']);
    expect(rows[0]!.rank).toBeGreaterThan(rows[1]!.rank!);
    expect(rows[1]!.snippet).toContain(`${SNIPPET_START}debt${SNIPPET_END}`);
  });

  it('searches findings, combines q with filters, and leaves retired rows out', async () => {
    await newPublication(rdb.db, { slug: 'finding', findings: [{ text: 'Fishermen held at sea for years.' }], year: 2020 });
    await newPublication(rdb.db, { slug: 'finding-later', findings: [{ text: 'Fishermen again.' }], year: 2023 });
    await newPublication(rdb.db, { slug: 'finding-retired', findings: [{ text: 'Fishermen retired.' }], retiredAt: new Date() });
    expect((await repo.listPublications({ q: 'fishermen' }, null, 10)).map((r) => r.slug).sort()).toEqual(['finding', 'finding-later']);
    expect((await repo.listPublications({ q: 'fishermen', year: 2023 }, null, 10)).map((r) => r.slug)).toEqual(['finding-later']);
  });

  it('pages through equal ranks by slug, none skipped or repeated', async () => {
    for (const slug of ['s4', 's2', 's5', 's1', 's3']) await newPublication(rdb.db, { slug, title: 'Same', summary: 'Cocoa farms and child labour.' });
    await newPublication(rdb.db, { slug: 's0', title: 'Cocoa', summary: 'Cocoa farms and child labour, cocoa.' });
    const order = await allPages({ q: 'cocoa' }, 2);
    expect(order).toEqual(['s0', 's1', 's2', 's3', 's4', 's5']);
  });

  it('a query with no match, or of stop words only, answers nothing', async () => {
    await newPublication(rdb.db, { slug: 'x', summary: 'Something.' });
    expect(await repo.listPublications({ q: 'zebra' }, null, 10)).toEqual([]);
    expect(await repo.listPublications({ q: 'the and' }, null, 10)).toEqual([]);
  });
});

describe('publication reads', () => {
  it('publicationFacets counts live publications only, ordered by count then value (years newest first)', async () => {
    await newPublication(rdb.db, { topics: ['a', 'b'], publisher: 'ILO', year: 2020, region: 'Asia' });
    await newPublication(rdb.db, { topics: ['b'], publisher: 'ILO', year: 2022, region: 'Asia' });
    await newPublication(rdb.db, { topics: ['c'], publisher: 'Advocates', year: null, region: null });
    await newPublication(rdb.db, { topics: ['z'], publisher: 'Retired Ltd', year: 1999, region: 'Gone', retiredAt: new Date() });
    expect(await repo.publicationFacets()).toEqual({
      topics: [
        { value: 'b', count: 2 },
        { value: 'a', count: 1 },
        { value: 'c', count: 1 },
      ],
      publishers: [
        { value: 'ILO', count: 2 },
        { value: 'Advocates', count: 1 },
      ],
      years: [
        { value: 2022, count: 1 },
        { value: 2020, count: 1 },
      ],
      regions: [{ value: 'Asia', count: 2 }],
    });
  });

  it('publicationFacets of an empty library is four empty lists', async () => {
    expect(await repo.publicationFacets()).toEqual({ topics: [], publishers: [], years: [], regions: [] });
  });

  it('findPublication answers a live publication with its details, null when retired or unknown', async () => {
    await newPublication(rdb.db, { slug: 'live', findings: [{ text: 'F1' }], sourceText: 'The text.' });
    await newPublication(rdb.db, { slug: 'retired', retiredAt: new Date() });
    expect(await repo.findPublication('live')).toMatchObject({ slug: 'live', findings: [{ text: 'F1' }], sourceText: 'The text.', credit: null });
    expect(await repo.findPublication('retired')).toBeNull();
    expect(await repo.findPublication('unknown')).toBeNull();
  });

  it('figuresOf answers that publication’s figures in position order', async () => {
    const p = await newPublication(rdb.db);
    const q = await newPublication(rdb.db);
    for (const [pub, position, value] of [
      [p.id, 2, 'second'],
      [p.id, 1, 'first'],
      [q.id, 1, 'other'],
    ] as const) {
      await rdb.db.query(`INSERT INTO publication_figures (publication_id, position, value, label, passage) VALUES ($1, $2, $3, 'l', 'p')`, [
        pub,
        position,
        value,
      ]);
    }
    expect((await repo.figuresOf(p.id)).map((f) => f.value)).toEqual(['first', 'second']);
    expect(await repo.figuresOf(MISSING)).toEqual([]);
  });

  it('publicationsBySlug answers the live ones asked for, by title', async () => {
    await newPublication(rdb.db, { slug: 'b', title: 'B' });
    await newPublication(rdb.db, { slug: 'a', title: 'A' });
    await newPublication(rdb.db, { slug: 'r', title: 'R', retiredAt: new Date() });
    await newPublication(rdb.db, { slug: 'not-asked', title: 'N' });
    expect((await repo.publicationsBySlug(['b', 'a', 'r', 'unknown'])).map((p) => p.slug)).toEqual(['a', 'b']);
    expect(await repo.publicationsBySlug([])).toEqual([]);
  });
});
