import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDataSource } from '../src/database.js';
import { QuestionBankStore } from '../src/modules/assessment/index.js';
import { runMigrations } from '../src/infra/database/migrate.js';
import { ContentValidationError, DEFAULT_CONTENT_DIR } from '../src/modules/courses/content/content.loader.js';
import { importContent, type ImportReport } from '../src/modules/courses/content/content.importer.js';
import { rerenderAllLessons } from '../src/modules/courses/lesson-html.js';
import { startApi, type TestApi } from './support/api.js';
import { createScratchDatabase } from './support/databases.js';
import { json } from './support/http.js';

const FF = 'behaviour-change-communications-campaigns';
const LS = 'data-technology-and-partnerships';
const ILO = 'ending-forced-labour-by-2030';
const IASC = 'modern-slavery-and-homelessness';
const ADV = 'labour-trafficking-protocol-guidelines';
const ALL_PUBLICATIONS = [FF, LS, ILO, IASC, ADV];
const SECTOR_COURSE = 'homelessness-and-labour-exploitation';

const apiEnv = (databaseUrl: string) => ({
  DATABASE_URL: databaseUrl,
  REDIS_URL: inject('redisUrl'),
  QUEUE_PREFIX: inject('queuePrefix'),
});

let db: DataSource;
let api: TestApi;
let first: ImportReport;
let second: ImportReport;
let seededQuizId: string;

/**
 * The content import writes no questions any more (the assessment module's bank replaces
 * quiz_questions): one module gets a quiz of three questions here, written as the bank's writers do.
 */
async function seedQuiz(): Promise<string> {
  return db.transaction(async (m) => {
    const [mod] = (await m.query(`SELECT id FROM modules WHERE slug = 'ending-forced-labour-2030'`)) as { id: string }[];
    const store = new QuestionBankStore(m);
    const ids: string[] = [];
    for (const slug of ['c1', 'c2', 'c3']) {
      const q = await store.upsertQuestion(mod!.id, slug, {
        type: 'single',
        prompt: `Question ${slug}?`,
        definition: {
          options: [
            { id: 'a', text: 'A' },
            { id: 'b', text: 'B' },
          ],
        },
        answerKey: { optionId: 'a' },
        generalFeedback: '',
        source: { publication: 'p', passage: 'x' },
        tags: [],
      });
      ids.push(q.id);
    }
    const quiz = await store.ensureModuleQuiz(mod!.id, { title: 'Quiz', passMark: 75, timeLimitSeconds: 600 });
    await store.setSlots(
      quiz.id,
      ids.map((questionId) => ({ questionId })),
    );
    return quiz.id;
  });
}

beforeAll(async () => {
  db = createDataSource({ url: inject('databaseUrl'), poolMax: 4 });
  await db.initialize();
  first = await importContent(db);
  second = await importContent(db);
  seededQuizId = await seedQuiz();
  api = await startApi(apiEnv(inject('databaseUrl')));
});
afterAll(async () => {
  await api?.close();
  await db?.destroy();
});

const get = (path: string, base = api.baseUrl) => fetch(`${base}${path}`);
const getJson = async (path: string, base = api.baseUrl) => {
  const res = await get(path, base);
  expect(res.status, `${path} answered ${res.status}`).toBe(200);
  return json(res);
};
const count = async (sql: string, params: unknown[] = [], source: DataSource = db): Promise<number> =>
  Number(((await source.query(sql, params)) as { n: string }[])[0]!.n);

/** A copy of backend/content to change in a test. */
async function contentCopy(): Promise<{ dir: string; edit: (file: string, from: string, to: string) => Promise<void>; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'htmse-content-'));
  await cp(DEFAULT_CONTENT_DIR, dir, { recursive: true });
  return {
    dir,
    edit: async (file, from, to) => {
      const path = join(dir, file);
      const text = await readFile(path, 'utf8');
      expect(text, `${file} contains the text to replace`).toContain(from);
      await writeFile(path, text.replace(from, to));
    },
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

/** Every item of a keyset-paginated list, following nextCursor; fails on a loop. */
async function allPages(path: string, base = api.baseUrl): Promise<{ pages: number; slugs: string[] }> {
  const slugs: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const sep = path.includes('?') ? '&' : '?';
    const body = await getJson(`${path}${cursor ? `${sep}cursor=${encodeURIComponent(cursor)}` : ''}`, base);
    slugs.push(...body.items.map((i: { slug: string }) => i.slug));
    cursor = body.nextCursor;
    pages++;
    expect(pages).toBeLessThan(50);
  } while (cursor);
  return { pages, slugs };
}

function expectError(body: { statusCode: number; code: string; requestId: string }, status: number, code: string) {
  expect(body).toMatchObject({ statusCode: status, code });
  expect(typeof body.requestId).toBe('string');
}

async function expectValidationError(path: string, field: string) {
  const res = await get(path);
  expect(res.status, path).toBe(400);
  const body = await json(res);
  expectError(body, 400, 'VALIDATION_FAILED');
  expect(body.details.fields.map((f: { field: string }) => f.field)).toEqual([field]);
}

async function expectNotFound(path: string) {
  const res = await get(path);
  expect(res.status, path).toBe(404);
  expectError(await json(res), 404, 'NOT_FOUND');
}

describe('content import', () => {
  it('imports backend/content into the database', async () => {
    expect(first.changed).toBe(true);
    expect(first.publications).toEqual({ inserted: 5, updated: 0, unchanged: 0, retired: 0 });
    expect(first.modules.inserted).toBe(5);
    expect(first.lessons.inserted).toBe(11);
    expect(first.glossaryTerms).toEqual({ inserted: 8, updated: 0, unchanged: 0, retired: 0 });
    expect(first.courses.inserted).toBe(2);
    expect(first.courseVersionsPublished).toBe(2);

    expect(await count('SELECT count(*) AS n FROM publications WHERE retired_at IS NULL')).toBe(5);
    expect(await count('SELECT count(*) AS n FROM modules WHERE retired_at IS NULL')).toBe(5);
    expect(await count('SELECT count(*) AS n FROM lessons WHERE retired_at IS NULL')).toBe(first.lessons.inserted);
    expect(await count('SELECT count(*) AS n FROM course_versions')).toBe(2);
    expect(await count(`SELECT count(*) AS n FROM publications WHERE search_vector IS NULL`)).toBe(0);
    // Module objectives, course notes and the glossary terms lessons use are stored with them.
    expect(await count(`SELECT count(*) AS n FROM modules WHERE cardinality(objectives) = 0`)).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM course_versions WHERE content_note IS NULL`)).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM lessons WHERE cardinality(glossary_terms) > 0`)).toBe(5);
  });

  it('changes nothing when run a second time', async () => {
    expect(second.changed).toBe(false);
    for (const kind of ['publications', 'modules', 'lessons', 'courses', 'glossaryTerms'] as const) {
      expect(second[kind], kind).toEqual({ inserted: 0, updated: 0, unchanged: first[kind].inserted, retired: 0 });
    }
    expect(second.courseVersionsPublished).toBe(0);
    expect(await count('SELECT count(*) AS n FROM course_versions')).toBe(2);
  });

  it('refuses content with a problem, naming the file and line, and writes nothing', async () => {
    const copy = await contentCopy();
    try {
      await copy.edit('modules/behaviour-change-campaigns.yaml', '    estimated_minutes: 3\n', '    estimated_minutes: 0\n');
      await copy.edit(`publications/${ILO}.yaml`, 'value: around 25 million', 'value: around 35 million');
      const before = await db.query('SELECT max(updated_at) AS at, count(*) AS n FROM publications');
      const error: unknown = await importContent(db, copy.dir).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ContentValidationError);
      const lines = (error as ContentValidationError).problems.map((p) => `${p.file}:${p.line}: ${p.message}`);
      expect(lines).toHaveLength(2);
      expect(lines[0]).toMatch(/modules\/behaviour-change-campaigns\.yaml:\d+: lesson key-findings: estimated_minutes must be a whole number from 1 to 600$/);
      expect(lines[1]).toMatch(new RegExp(`publications/${ILO}\\.yaml:\\d+: publication ${ILO}: figures\\[0\\]\\.value: the number 35 does not appear`));
      expect(await db.query('SELECT max(updated_at) AS at, count(*) AS n FROM publications')).toEqual(before);
    } finally {
      await copy.remove();
    }
  });
});

describe('GET /api/publications', () => {
  it('lists every publication, ordered by title, with dates only as precise as the source', async () => {
    const body = await getJson('/api/publications');
    expect(body.nextCursor).toBeNull();
    const titles = body.items.map((i: { title: string }) => i.title);
    expect(titles).toEqual([...titles].sort((a: string, b: string) => a.localeCompare(b, 'en')));
    expect(body.items.map((i: { slug: string }) => i.slug).sort()).toEqual([...ALL_PUBLICATIONS].sort());
    const bySlug = Object.fromEntries(body.items.map((i: { slug: string }) => [i.slug, i]));
    expect(bySlug[FF]).toMatchObject({
      publisher: 'The Freedom Fund',
      date: '2019-01',
      dateLabel: 'January 2019',
      year: 2019,
      // Kathmandu is where a future campaign might be aimed, not the review's region.
      region: null,
      snippet: null,
    });
    expect(bySlug[ADV]).toMatchObject({ publisher: 'The Advocates for Human Rights', date: '2019-01-31', dateLabel: '31 January 2019', region: 'Minnesota' });
    expect(bySlug[IASC]).toMatchObject({ date: '2017-01', region: 'England' });
    expect(bySlug[ILO]).toMatchObject({ publisher: 'International Labour Organisation (ILO)', date: null, year: null, region: null });
    expect(bySlug[LS]).toMatchObject({ publisher: 'Liberty Shared', date: null, region: null });
  });

  it('pages with a cursor, returning every item exactly once', async () => {
    const { pages, slugs } = await allPages('/api/publications?limit=2');
    expect(pages).toBe(3);
    expect(slugs).toHaveLength(5);
    expect(new Set(slugs).size).toBe(5);
    const unpaged = (await getJson('/api/publications')).items.map((i: { slug: string }) => i.slug);
    expect(slugs).toEqual(unpaged);
  });

  it.each([
    ['topic=homelessness', [IASC]],
    ['topic=children%20and%20young%20people', [ADV, FF, ILO]],
    ['publisher=the%20freedom%20fund', [FF]],
    ['year=2019', [ADV, FF]],
    ['year=2017', [IASC]],
    ['region=England', [IASC]],
    ['topic=partnerships&region=england', [IASC]],
    ['year=2019&topic=collaboration', [ADV]],
    ['region=Atlantis', []],
  ])('filters by %s', async (query, expected) => {
    const body = await getJson(`/api/publications?${query}`);
    expect(body.items.map((i: { slug: string }) => i.slug).sort()).toEqual([...expected].sort());
  });

  it('searches the full text: a word from one summary ranks that publication first', async () => {
    const body = await getJson('/api/publications?q=Kathmandu');
    expect(body.items[0].slug).toBe(FF);
    expect(body.items[0].snippet).toContain('<mark>Kathmandu</mark>');
    const experts = await getJson('/api/publications?q=experts');
    expect(experts.items[0].slug).toBe(ADV);
  });

  it('ranks a match in the title above matches in summaries and topics', async () => {
    const body = await getJson('/api/publications?q=partnerships');
    const slugs = body.items.map((i: { slug: string }) => i.slug);
    expect(slugs[0]).toBe(LS);
    expect(slugs).toContain(IASC);
  });

  it('supports web search syntax (phrases, exclusions) and stems English words', async () => {
    const phrase = await getJson('/api/publications?q=%22focus%20groups%22');
    expect(phrase.items.map((i: { slug: string }) => i.slug)).toEqual([IASC]);
    const excluded = await getJson('/api/publications?q=partnerships%20-homelessness');
    expect(excluded.items.map((i: { slug: string }) => i.slug)).not.toContain(IASC);
    const stemmed = await getJson('/api/publications?q=campaign');
    expect(stemmed.items[0].slug).toBe(FF);
  });

  it('combines search with filters and pages through the ranked results exactly once', async () => {
    const filtered = await getJson('/api/publications?q=labour&year=2019');
    expect(filtered.items.map((i: { slug: string }) => i.slug)).toEqual([ADV]);
    const unpaged = (await getJson('/api/publications?q=data')).items.map((i: { slug: string }) => i.slug);
    expect(unpaged.length).toBeGreaterThanOrEqual(2);
    const { slugs } = await allPages('/api/publications?q=data&limit=1');
    expect(slugs).toEqual(unpaged);
  });

  it('answers an empty list when nothing matches, also for a query of stop words only', async () => {
    expect((await getJson('/api/publications?q=xylophone')).items).toEqual([]);
    expect((await getJson('/api/publications?q=the')).items).toEqual([]);
  });

  it('answers a snippet whose only markup is <mark>', async () => {
    const body = await getJson('/api/publications?q=homelessness');
    expect(body.items.length).toBeGreaterThan(0);
    for (const item of body.items) {
      expect(item.snippet).toContain('<mark>');
      expect(item.snippet).not.toMatch(/<(?!\/?mark>)/);
    }
  });

  it.each([
    ['year=nineteen', 'year'],
    ['year=1066', 'year'],
    ['limit=0', 'limit'],
    ['limit=101', 'limit'],
    ['cursor=not-a-cursor', 'cursor'],
    [`q=${'x'.repeat(201)}`, 'q'],
    ['colour=blue', 'colour'],
  ])('answers 400 VALIDATION_FAILED naming the field for %s', async (query, field) => {
    await expectValidationError(`/api/publications?${query}`, field);
  });

  it('refuses a cursor from another ordering', async () => {
    const page = await getJson('/api/publications?limit=1');
    await expectValidationError(`/api/publications?q=data&cursor=${page.nextCursor}`, 'cursor');
  });
});

describe('GET /api/publications/facets', () => {
  it('counts topics, publishers, years and regions', async () => {
    const facets = await getJson('/api/publications/facets');
    expect(facets.topics).toContainEqual({ value: 'children and young people', count: 3 });
    expect(facets.topics).toContainEqual({ value: 'homelessness', count: 1 });
    expect(facets.topics[0].count).toBeGreaterThanOrEqual(facets.topics.at(-1).count);
    expect(facets.publishers).toHaveLength(5);
    expect(facets.publishers).toContainEqual({ value: 'Liberty Shared', count: 1 });
    expect(facets.years).toEqual([
      { value: 2019, count: 2 },
      { value: 2017, count: 1 },
    ]);
    expect(facets.regions.map((r: { value: string }) => r.value).sort()).toEqual(['England', 'Minnesota']);
  });
});

describe('GET /api/publications/{slug}', () => {
  it('answers every field, a citation built from known fields, and the courses using it', async () => {
    const p = await getJson(`/api/publications/${FF}`);
    expect(p).toMatchObject({
      slug: FF,
      title: 'Behaviour change communications campaigns targeting the demand',
      publisher: 'The Freedom Fund',
      date: '2019-01',
      sourceUrl: null,
      credit: null,
      citation: 'The Freedom Fund (2019). Behaviour change communications campaigns targeting the demand.',
    });
    expect(p.findings).toHaveLength(4);
    expect(p.findings[0]).toEqual({ kind: 'finding', text: expect.any(String), passage: 'The focus needs to be on injunctive not descriptive norms;' });
    expect(p.figures).toEqual([{ value: '28', label: 'studies the paper draws on', passage: 'This paper has drawn on 28 different studies.' }]);
    expect(p.sourceText).toContain('This paper has drawn on 28 different studies.');
    expect(p.courses).toEqual([{ slug: 'foundations', title: 'Foundations' }]);
  });

  it('says "n.d." in the citation when the source gives no date, and invents no address', async () => {
    const p = await getJson(`/api/publications/${ILO}`);
    expect(p.citation).toBe('International Labour Organisation (ILO) (n.d.). Ending Forced Labour by 2030: A Review of Policies and Programmes.');
    expect(p.sourceUrl).toBeNull();
    expect(p.figures.map((f: { value: string }) => f.value)).toEqual(['around 25 million', 'just over 4 million', '2030', '2025', '4']);
  });

  it('carries the funding note and lists both courses that use the publication', async () => {
    const p = await getJson(`/api/publications/${ADV}`);
    expect(p.credit.text).toContain(
      'Office for Victims of Crime, Office of Justice Programs, U.S. Department of Justice, and the Minnesota Department of Health',
    );
    expect(p.courses.map((c: { slug: string }) => c.slug).sort()).toEqual(['foundations', SECTOR_COURSE]);
    expect(p.citation).toBe('The Advocates for Human Rights (2019). 2019 Labor Trafficking Protocol Guidelines.');
  });

  it('answers 404 for an unknown slug and 400 for a malformed one', async () => {
    await expectNotFound('/api/publications/no-such-publication');
    await expectValidationError('/api/publications/Not_A_Slug!', 'slug');
  });
});

describe('GET /api/courses', () => {
  it('lists the published courses with their length and number of modules', async () => {
    const body = await getJson('/api/courses');
    expect(body.nextCursor).toBeNull();
    expect(body.items.map((c: { slug: string }) => c.slug)).toEqual(['foundations', SECTOR_COURSE]);
    const [foundations, sector] = body.items;
    expect(foundations).toMatchObject({ title: 'Foundations', moduleCount: 5, version: 1 });
    expect(sector).toMatchObject({ moduleCount: 3, version: 1 });
    const minutes = await count(`SELECT sum(l.estimated_minutes) AS n FROM lessons l JOIN modules m ON m.id = l.module_id WHERE l.retired_at IS NULL`);
    expect(foundations.estimatedMinutes).toBe(minutes);
    expect(sector.estimatedMinutes).toBeLessThan(foundations.estimatedMinutes);
    expect(new Date(foundations.publishedAt).getTime()).not.toBeNaN();
  });

  it('pages with a cursor', async () => {
    const { pages, slugs } = await allPages('/api/courses?limit=1');
    expect(pages).toBe(2);
    expect(slugs).toEqual(['foundations', SECTOR_COURSE]);
  });

  it('answers 400 for a bad cursor or limit', async () => {
    await expectValidationError('/api/courses?cursor=%%%', 'cursor');
    await expectValidationError('/api/courses?limit=-3', 'limit');
  });
});

describe('GET /api/courses/{slug}', () => {
  it('answers the syllabus: modules in order with prerequisites, lesson titles and source publications', async () => {
    const c = await getJson('/api/courses/foundations');
    expect(c).toMatchObject({ slug: 'foundations', title: 'Foundations', passMark: 70, version: 1 });
    expect(c.objectives.length).toBeGreaterThanOrEqual(1);
    expect(c.modules.map((m: { slug: string }) => m.slug)).toEqual([
      'ending-forced-labour-2030',
      'modern-slavery-homelessness',
      'labour-trafficking-protocols',
      'behaviour-change-campaigns',
      'data-technology-partnerships',
    ]);
    expect(c.modules.map((m: { position: number }) => m.position)).toEqual([1, 2, 3, 4, 5]);
    // No module is locked behind another: nothing in the sources says one builds on another.
    for (const m of c.modules) expect(m.requires).toEqual([]);
    expect(c.contentNote).toMatch(/^This course is about modern slavery/);
    expect(c.modules[0].objectives).toEqual([
      'Quote the ILO figures on forced labour accurately, with what the source says about them.',
      'State the international targets for ending forced labour and child labour.',
      "Use the four parts of the 2014 forced labour protocol to review your own organisation's work.",
    ]);
    for (const m of c.modules) {
      expect(m.objectives.length).toBeGreaterThanOrEqual(1);
      expect(m.lessons.map((l: { slug: string }) => l.slug).slice(0, 2)).toEqual(['key-findings', 'what-it-means-for-practice']);
      expect(m.questionCount).toBe(m.quiz?.questionCount ?? 0);
      expect(m.estimatedMinutes).toBe(m.lessons.reduce((s: number, l: { estimatedMinutes: number }) => s + l.estimatedMinutes, 0));
    }
    // Each module's quiz comes from the assessment module through the courses' ModuleQuizzes port.
    expect(c.modules[0].quiz).toEqual({ id: seededQuizId, questionCount: 3, passMark: 75, timeLimitSeconds: 600, maxAttempts: null });
    expect(c.modules[0].publication).toMatchObject({ slug: ILO, publisher: 'International Labour Organisation (ILO)' });
    expect(c.estimatedMinutes).toBe(c.modules.reduce((s: number, m: { estimatedMinutes: number }) => s + m.estimatedMinutes, 0));
    expect(c.sourcePublications.map((p: { slug: string }) => p.slug).sort()).toEqual([...ALL_PUBLICATIONS].sort());
    expect(c.sourcePublications.every((p: { citation: string }) => p.citation.length > 0)).toBe(true);
  });

  it('answers 404 for an unknown course', async () => {
    await expectNotFound('/api/courses/no-such-course');
  });
});

describe('GET /api/lessons/{id}', () => {
  let course: { modules: { position: number; slug: string; title: string; lessons: { id: string; slug: string; title: string }[] }[] };
  beforeAll(async () => {
    course = await getJson('/api/courses/foundations');
  });

  it('answers the lesson with server-rendered HTML, its sources and its neighbours in the module', async () => {
    const [firstLesson, secondLesson] = course.modules[0]!.lessons;
    const lesson = await getJson(`/api/lessons/${firstLesson!.id}`);
    expect(lesson).toMatchObject({
      id: firstLesson!.id,
      slug: 'key-findings',
      position: 1,
      module: { slug: 'ending-forced-labour-2030' },
      course: null,
    });
    expect(lesson.contentNote).toMatch(/forced labour/);
    expect(lesson.html).toContain('<h2 id="the-scale-of-the-problem">The scale of the problem</h2>');
    expect(lesson.html).toContain('<strong>around 25 million people</strong>');
    expect(lesson.sources[0].publication).toMatchObject({ slug: ILO, title: 'Ending Forced Labour by 2030: A Review of Policies and Programmes' });
    expect(lesson.sources[0].passage).toContain('around 25 million people subjected to forced labour');
    expect(lesson.previousLessonId).toBeNull();
    expect(lesson.nextLessonId).toBe(secondLesson!.id);
    expect(lesson.glossaryTerms).toEqual([
      { slug: 'enforcement', term: 'Enforcement' },
      { slug: 'prevention', term: 'Prevention' },
      { slug: 'protection', term: 'Protection' },
      { slug: 'remedies', term: 'Remedies' },
    ]);
  });

  it('answers the synthesis lesson with sources from the three publications it draws together', async () => {
    const data = course.modules.find((m) => m.slug === 'data-technology-partnerships')!;
    const synthesis = data.lessons.find((l) => l.slug === 'drawing-the-publications-together')!;
    const lesson = await getJson(`/api/lessons/${synthesis.id}`);
    expect([...new Set(lesson.sources.map((s: { publication: { slug: string } }) => s.publication.slug))].sort()).toEqual([ADV, LS, IASC].sort());
    expect(lesson.glossaryTerms).toEqual([]);
  });

  it('renders tables in a wrapper with column headers', async () => {
    const protocols = course.modules.find((m) => m.slug === 'labour-trafficking-protocols')!;
    const keyFindings = protocols.lessons.find((l) => l.slug === 'key-findings')!;
    const lesson = await getJson(`/api/lessons/${keyFindings.id}`);
    expect(lesson.html).toContain('<div class="table-wrapper" role="region" aria-label="Table" tabindex="0"><table>');
    expect(lesson.html).toContain('<th scope="col">Section</th>');
  });

  it('runs previous/next across the whole course when read in a course', async () => {
    const lastOfFirst = course.modules[0]!.lessons.at(-1)!;
    const firstOfSecond = course.modules[1]!.lessons[0]!;
    const inModule = await getJson(`/api/lessons/${lastOfFirst.id}`);
    expect(inModule.nextLessonId).toBeNull();
    expect(inModule.contents).toBeNull();
    const inCourse = await getJson(`/api/lessons/${lastOfFirst.id}?course=foundations`);
    expect(inCourse.course).toEqual({ slug: 'foundations', title: 'Foundations' });
    // The reader's sidebar comes with the lesson: the course's contents, as the course answer lists them.
    expect(inCourse.contents).toEqual(
      course.modules.map((m) => ({ position: m.position, slug: m.slug, title: m.title, lessons: m.lessons.map((l) => ({ id: l.id, title: l.title })) })),
    );
    expect(inCourse.nextLessonId).toBe(firstOfSecond.id);
    const back = await getJson(`/api/lessons/${firstOfSecond.id}?course=foundations`);
    expect(back.previousLessonId).toBe(lastOfFirst.id);
  });

  it('answers 404 for an unknown lesson, or a course that does not contain it; 400 for malformed ids', async () => {
    await expectNotFound('/api/lessons/00000000-0000-4000-8000-000000000000');
    const iloLesson = course.modules[0]!.lessons[0]!;
    await expectNotFound(`/api/lessons/${iloLesson.id}?course=${SECTOR_COURSE}`);
    await expectValidationError('/api/lessons/not-a-uuid', 'id');
    await expectValidationError(`/api/lessons/${iloLesson.id}?course=Not%20A%20Slug`, 'course');
  });
});

describe('GET /api/glossary', () => {
  it('answers every term, by term, each labelled as the course’s own explanation; public and cacheable', async () => {
    const res = await get('/api/glossary');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=300');
    const body = await json(res);
    expect(body.terms.map((t: { term: string }) => t.term)).toEqual([
      'Big data',
      'Descriptive norm',
      'Enforcement',
      'Injunctive norm',
      'Prevention',
      'Protection',
      'Remedies',
      'Thick data',
    ]);
    for (const t of body.terms) expect(Object.keys(t).sort()).toEqual(['definition', 'label', 'slug', 'term']);
    expect(new Set(body.terms.map((t: { label: string }) => t.label))).toEqual(new Set(['course-explanation']));
    expect(body.terms.find((t: { slug: string }) => t.slug === 'injunctive-norm').definition).toMatch(/^What people believe others approve or disapprove of\./);
  });
});

/** Changes that would disturb the tests above run on a database of their own. */
describe('importing changed content (own database)', () => {
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  let scratchDb: DataSource;
  let scratchApi: TestApi;
  let copy: Awaited<ReturnType<typeof contentCopy>>;

  beforeAll(async () => {
    scratch = await createScratchDatabase(inject('serverUrl'));
    scratchDb = createDataSource({ url: scratch.url, poolMax: 4 });
    await scratchDb.initialize();
    await runMigrations(scratchDb);
    copy = await contentCopy();
    await importContent(scratchDb, copy.dir);
    scratchApi = await startApi(apiEnv(scratch.url));
  });
  afterAll(async () => {
    await scratchApi?.close();
    await scratchDb?.destroy();
    await scratch?.drop();
    await copy?.remove();
  });

  const versionsOf = (slug: string) =>
    scratchDb.query(
      `SELECT v.version, v.pass_mark AS "passMark", c.current_version_id = v.id AS current,
              (SELECT count(*)::int FROM course_modules cm WHERE cm.course_version_id = v.id) AS modules
         FROM course_versions v JOIN courses c ON c.id = v.course_id WHERE c.slug = $1 ORDER BY v.version`,
      [slug],
    );

  it('publishes a new version of a changed course and keeps the old one intact', async () => {
    await copy.edit('courses/foundations.yaml', 'pass_mark: 70', 'pass_mark: 80');
    const report = await importContent(scratchDb, copy.dir);
    expect(report.courses).toMatchObject({ updated: 1, unchanged: 1 });
    expect(report.courseVersionsPublished).toBe(1);
    expect(await versionsOf('foundations')).toEqual([
      { version: 1, passMark: 70, current: false, modules: 5 },
      { version: 2, passMark: 80, current: true, modules: 5 },
    ]);
    const detail = await getJson('/api/courses/foundations', scratchApi.baseUrl);
    expect(detail).toMatchObject({ version: 2, passMark: 80 });
  });

  it('publishes new versions of every course using a module whose lesson changed', async () => {
    await copy.edit('modules/modern-slavery-homelessness.yaml', 'estimated_minutes: 18', 'estimated_minutes: 20');
    const report = await importContent(scratchDb, copy.dir);
    expect(report.lessons).toMatchObject({ updated: 1, inserted: 0, retired: 0 });
    expect(report.courseVersionsPublished).toBe(2);
    expect((await versionsOf(SECTOR_COURSE)).map((v: { version: number }) => v.version)).toEqual([1, 2]);
  });

  it('retires a lesson removed from its module, and reorders the rest in place', async () => {
    const file = join(copy.dir, 'modules/data-technology-partnerships.yaml');
    const text = await readFile(file, 'utf8');
    // Drop the second lesson: the synthesis lesson after it moves up one place.
    const start = text.indexOf('  - slug: what-it-means-for-practice');
    const end = text.indexOf('  - slug: drawing-the-publications-together');
    await writeFile(file, text.slice(0, start) + text.slice(end));
    const report = await importContent(scratchDb, copy.dir);
    expect(report.lessons).toMatchObject({ retired: 1, updated: 1 });
    const rows = await scratchDb.query(
      `SELECT l.slug, l.position, l.retired_at IS NOT NULL AS retired FROM lessons l JOIN modules m ON m.id = l.module_id
        WHERE m.slug = 'data-technology-partnerships' ORDER BY l.slug`,
    );
    expect(rows).toEqual([
      { slug: 'drawing-the-publications-together', position: 2, retired: false },
      { slug: 'key-findings', position: 1, retired: false },
      { slug: 'what-it-means-for-practice', position: null, retired: true },
    ]);
    const retiredId = (await scratchDb.query(`SELECT id FROM lessons WHERE slug = 'what-it-means-for-practice' AND retired_at IS NOT NULL`))[0].id;
    const res = await get(`/api/lessons/${retiredId}`, scratchApi.baseUrl);
    expect(res.status).toBe(404);
    expect((await importContent(scratchDb, copy.dir)).changed).toBe(false);
  });

  it('retires a glossary entry removed from glossary.yaml: the glossary and the lessons stop showing it', async () => {
    const file = join(copy.dir, 'glossary.yaml');
    const text = await readFile(file, 'utf8');
    const start = text.indexOf('  - slug: enforcement');
    await writeFile(file, text.slice(0, start));
    for (const module of ['ending-forced-labour-2030']) {
      const path = join(copy.dir, `modules/${module}.yaml`);
      await writeFile(path, (await readFile(path, 'utf8')).replaceAll('[prevention, protection, remedies, enforcement]', '[prevention, protection, remedies]'));
    }
    const report = await importContent(scratchDb, copy.dir);
    expect(report.glossaryTerms).toMatchObject({ retired: 1, inserted: 0 });
    const glossary = await getJson('/api/glossary', scratchApi.baseUrl);
    expect(glossary.terms.map((t: { slug: string }) => t.slug)).not.toContain('enforcement');
    expect(glossary.terms).toHaveLength(7);
  });

  it('hides a course set back to draft: not listed, not found, and its lessons not readable through it', async () => {
    await copy.edit(`courses/${SECTOR_COURSE}.yaml`, 'status: published', 'status: draft');
    const report = await importContent(scratchDb, copy.dir);
    expect(report.courses).toMatchObject({ updated: 1 });
    expect(report.courseVersionsPublished).toBe(0);
    const list = await getJson('/api/courses', scratchApi.baseUrl);
    expect(list.items.map((c: { slug: string }) => c.slug)).toEqual(['foundations']);
    expect((await get(`/api/courses/${SECTOR_COURSE}`, scratchApi.baseUrl)).status).toBe(404);
    const publication = await getJson(`/api/publications/${IASC}`, scratchApi.baseUrl);
    expect(publication.courses.map((c: { slug: string }) => c.slug)).toEqual(['foundations']);
  });

  it('serves only sanitised HTML, whatever Markdown a row holds when it is rendered', async () => {
    const [lesson] = await scratchDb.query(
      `SELECT l.id FROM lessons l JOIN modules m ON m.id = l.module_id
        WHERE m.slug = 'ending-forced-labour-2030' AND l.slug = 'key-findings'`,
    );
    await scratchDb.query(`UPDATE lessons SET body_markdown = $2 WHERE id = $1`, [
      lesson.id,
      [
        '## Hello',
        '<script>alert(1)</script>',
        '<img src=x onerror="alert(2)">',
        '[click](javascript:alert(3)) and [data](data:text/html;base64,PHNjcmlwdD4=)',
        '<a href="jav&#x09;ascript:alert(4)">tab</a>',
        '<svg onload="alert(5)"></svg><iframe src="https://example.org"></iframe>',
      ].join('\n\n'),
    ]);
    // Reads serve the HTML stored when a lesson is written; rows written before body_html
    // existed were rendered by its migration, which this runs again.
    const runner = scratchDb.createQueryRunner();
    try {
      await rerenderAllLessons(runner);
    } finally {
      await runner.release();
    }
    const body = await getJson(`/api/lessons/${lesson.id}`, scratchApi.baseUrl);
    expect(body.html).toContain('<h2 id="hello">Hello</h2>');
    // Raw HTML comes out as visible, escaped text; no real tag may carry anything executable.
    expect(body.html).not.toMatch(/<(script|img|svg|iframe)\b/i);
    const tags = body.html.match(/<[a-z][^>]*>/gi) ?? [];
    expect(tags.length).toBeGreaterThan(0);
    for (const tag of tags) {
      expect(tag).not.toMatch(/\shref="(?!https?:|mailto:|#)/i);
      expect(tag).not.toMatch(/\son[a-z]+=/i);
    }
    expect(body.html).toContain('&lt;script&gt;');
  });
});
