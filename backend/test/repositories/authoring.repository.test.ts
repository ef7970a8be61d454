import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AuthoringRepository, type LessonFields, type UpdatedKey } from '../../src/modules/courses/authoring.repository.js';
import { newCourse, newLesson, newModule, newOrganisation, newPublication } from '../support/factories.js';
import { openRepositoryDatabase, stillPendingAfter, type RepositoryDatabase } from '../support/repository-db.js';

let rdb: RepositoryDatabase;
let repo: AuthoringRepository;
let publicationId: string;
beforeAll(async () => {
  rdb = await openRepositoryDatabase();
  repo = new AuthoringRepository(rdb.db);
});
afterAll(() => rdb?.close());
beforeEach(async () => {
  await rdb.reset();
  publicationId = (await newPublication(rdb.db, { slug: 'the-pub', sourceText: 'Source words.' })).id;
});

const MISSING = '7d0f4c62-3b7e-4f7a-9a57-0b6f0a0e9d11';
const fields = (title: string, extra: Partial<LessonFields> = {}): LessonFields => ({
  title,
  estimatedMinutes: 5,
  objectives: ['Know it'],
  contentNote: null,
  bodyMarkdown: `# ${title}`,
  bodyHtml: `<h1>${title}</h1>`,
  sources: [{ publication: 'the-pub', passage: 'Source words.' }],
  contentHash: `h-${title}`,
  ...extra,
});

/** Pages through a list with its (updatedKey, id) cursor, answering ids in order. */
async function pages<T extends UpdatedKey & { id: string }>(list: (after: UpdatedKey | null) => Promise<T[]>, limit: number): Promise<string[]> {
  const seen: string[] = [];
  let after: UpdatedKey | null = null;
  for (let i = 0; i < 20; i++) {
    const rows = await list(after);
    const page = rows.slice(0, limit);
    seen.push(...page.map((r) => r.id));
    if (rows.length <= limit) return seen;
    after = { updatedKey: page.at(-1)!.updatedKey, id: page.at(-1)!.id };
  }
  throw new Error('no last page');
}

describe('listAuthoredCourses', () => {
  it('authored, live courses only (drafts and tailored ones too), most recently updated first, with the organisation name', async () => {
    const org = await newOrganisation(rdb.db, { name: 'Acme' });
    const older = await newCourse(rdb.db, { origin: 'authored', title: 'Older', updatedAt: '2026-01-01T00:00:00Z' });
    const draft = await newCourse(rdb.db, { origin: 'authored', status: 'draft', title: 'Draft', updatedAt: '2026-01-02T00:00:00Z' });
    const tailored = await newCourse(rdb.db, { origin: 'authored', organisationId: org.id, title: 'Tailored', updatedAt: '2026-01-03T00:00:00Z' });
    await newCourse(rdb.db, { origin: 'content', title: 'Imported' });
    await newCourse(rdb.db, { origin: 'authored', title: 'Retired', retiredAt: new Date() });
    const rows = await repo.listAuthoredCourses({}, null, 10);
    expect(rows.map((r) => r.id)).toEqual([tailored.id, draft.id, older.id]);
    expect(rows[0]).toMatchObject({ organisationName: 'Acme', visibility: 'organisation', status: 'published', version: 1 });
    expect(rows[1]).toMatchObject({ organisationName: null, status: 'draft' });
  });

  it('filters by title (wildcards literal), status and visibility', async () => {
    const org = await newOrganisation(rdb.db);
    await newCourse(rdb.db, { origin: 'authored', title: '100% Cotton supply chains' });
    await newCourse(rdb.db, { origin: 'authored', title: '1000 cotton farms', status: 'draft' });
    await newCourse(rdb.db, { origin: 'authored', title: 'Cotton for Acme', organisationId: org.id });
    const titles = async (f: Parameters<AuthoringRepository['listAuthoredCourses']>[0]) =>
      (await repo.listAuthoredCourses(f, null, 10)).map((r) => r.title).sort();
    expect(await titles({ q: 'COTTON' })).toHaveLength(3);
    expect(await titles({ q: '100%' })).toEqual(['100% Cotton supply chains']);
    expect(await titles({ status: 'draft' })).toEqual(['1000 cotton farms']);
    expect(await titles({ visibility: 'organisation' })).toEqual(['Cotton for Acme']);
    expect(await titles({ q: 'cotton', visibility: 'public', status: 'published' })).toEqual(['100% Cotton supply chains']);
  });

  it('pages through equal updated_at by id, and the microseconds of the key survive the cursor', async () => {
    const T = '2026-01-01 00:00:00.000002+00';
    const tied = [];
    for (let i = 0; i < 3; i++) tied.push((await newCourse(rdb.db, { origin: 'authored', updatedAt: T })).id);
    const older = (await newCourse(rdb.db, { origin: 'authored', updatedAt: '2026-01-01 00:00:00.000001+00' })).id;
    expect(await pages((after) => repo.listAuthoredCourses({}, after, 2), 2)).toEqual([...tied.sort().reverse(), older]);
    const [first] = await repo.listAuthoredCourses({}, null, 1);
    expect(first!.updatedKey).toBe('2026-01-01T00:00:00.000002Z');
  });
});

describe('listAuthoredModules', () => {
  it('authored, live modules, newest first, with their live lesson count; q on title', async () => {
    const a = await newModule(rdb.db, { publicationId, origin: 'authored', title: 'Debt bondage', updatedAt: '2026-01-01T00:00:00Z' });
    const b = await newModule(rdb.db, { publicationId, origin: 'authored', title: 'Fishing', updatedAt: '2026-01-02T00:00:00Z' });
    await newModule(rdb.db, { publicationId, origin: 'content', title: 'Imported' });
    await newModule(rdb.db, { publicationId, origin: 'authored', title: 'Retired', retiredAt: new Date() });
    await newLesson(rdb.db, { moduleId: a.id, position: 1 });
    await newLesson(rdb.db, { moduleId: a.id, position: 2 });
    await newLesson(rdb.db, { moduleId: a.id, position: 0, retired: true });
    expect((await repo.listAuthoredModules(undefined, null, 10)).map((m) => [m.id, m.lessonCount])).toEqual([
      [b.id, 0],
      [a.id, 2],
    ]);
    expect((await repo.listAuthoredModules('BONDAGE', null, 10)).map((m) => m.id)).toEqual([a.id]);
    expect(await repo.listAuthoredModules('_', null, 10)).toEqual([]);
  });

  it('pages through equal updated_at by id', async () => {
    const ids = [];
    for (let i = 0; i < 5; i++) ids.push((await newModule(rdb.db, { publicationId, origin: 'authored', updatedAt: '2026-01-01T00:00:00Z' })).id);
    expect(await pages((after) => repo.listAuthoredModules(undefined, after, 2), 2)).toEqual(ids.sort().reverse());
  });
});

describe('modules', () => {
  it('publicationSources maps live slugs to id and source text', async () => {
    await newPublication(rdb.db, { slug: 'retired-pub', retiredAt: new Date() });
    const map = await repo.publicationSources(['the-pub', 'retired-pub', 'unknown']);
    expect([...map.entries()]).toEqual([['the-pub', { id: publicationId, sourceText: 'Source words.' }]]);
  });

  it('insertModule writes an authored module; false when the slug is taken (also by a retired one)', async () => {
    await newModule(rdb.db, { publicationId, slug: 'retired-mod', retiredAt: new Date() });
    expect(await repo.insertModule({ slug: 'new-mod', publicationId, title: 'T', summary: 'S', contentHash: 'h' })).toBe(true);
    expect(await repo.insertModule({ slug: 'new-mod', publicationId, title: 'T2', summary: 'S', contentHash: 'h' })).toBe(false);
    expect(await repo.insertModule({ slug: 'retired-mod', publicationId, title: 'T', summary: 'S', contentHash: 'h' })).toBe(false);
    expect(await repo.findModule('new-mod')).toMatchObject({ slug: 'new-mod', title: 'T', origin: 'authored', publicationSlug: 'the-pub' });
    expect(await repo.findModule('retired-mod')).toBeNull();
  });

  it('updateModule changes an authored module from its current state; false for an unknown or retired one', async () => {
    const m = await newModule(rdb.db, { publicationId, origin: 'authored', title: 'Before' });
    const retired = await newModule(rdb.db, { publicationId, origin: 'authored', retiredAt: new Date() });
    expect(await repo.updateModule(m.id, (cur) => ({ title: `${cur.title} and after`, summary: 'New', contentHash: 'h2' }))).toBe(true);
    expect(await repo.findModule(m.slug)).toMatchObject({ title: 'Before and after', summary: 'New', contentHash: 'h2' });
    expect(await repo.updateModule(retired.id, () => ({ title: 'x', summary: 'x', contentHash: 'x' }))).toBe(false);
    expect(await repo.updateModule(MISSING, () => ({ title: 'x', summary: 'x', contentHash: 'x' }))).toBe(false);
  });

  it('updateModule never writes an imported (content) module', async () => {
    const m = await newModule(rdb.db, { publicationId, origin: 'content', title: 'Imported' });
    await repo.updateModule(m.id, () => ({ title: 'Changed', summary: 'x', contentHash: 'x' }));
    expect((await repo.findModule(m.slug))!.title).toBe('Imported');
  });

  it('updateModule: a change that throws writes nothing', async () => {
    const m = await newModule(rdb.db, { publicationId, origin: 'authored', title: 'Kept' });
    await expect(
      repo.updateModule(m.id, () => {
        throw new Error('precondition failed');
      }),
    ).rejects.toThrow('precondition failed');
    expect((await repo.findModule(m.slug))!.title).toBe('Kept');
  });

  it('updateModule waits for the row lock and reads what was committed meanwhile', async () => {
    const m = await newModule(rdb.db, { publicationId, origin: 'authored', title: 'v1' });
    const other = await rdb.connect();
    try {
      await other.query('BEGIN');
      await other.query(`SELECT id FROM modules WHERE id = $1 FOR UPDATE`, [m.id]);
      const seen: string[] = [];
      const pending = repo.updateModule(m.id, (cur) => {
        seen.push(cur.title);
        return { title: `${cur.title}+mine`, summary: 's', contentHash: 'h' };
      });
      expect(await stillPendingAfter(pending, 300)).toBe(true);
      await other.query(`UPDATE modules SET title = 'v2' WHERE id = $1`, [m.id]);
      await other.query('COMMIT');
      expect(await pending).toBe(true);
      expect(seen).toEqual(['v2']);
    } finally {
      await other.end();
    }
    expect((await repo.findModule(m.slug))!.title).toBe('v2+mine');
  });
});

describe('lessons', () => {
  it('insertLesson appends after the last live lesson; null when the slug is taken in that module', async () => {
    const m = await newModule(rdb.db, { publicationId, origin: 'authored' });
    const other = await newModule(rdb.db, { publicationId, origin: 'authored' });
    await newLesson(rdb.db, { moduleId: m.id, position: 1, slug: 'one' });
    await newLesson(rdb.db, { moduleId: m.id, position: 0, slug: 'retired-one', retired: true });
    const id = await repo.insertLesson(m.id, 'two', fields('Two'));
    expect(id).not.toBeNull();
    expect(await repo.insertLesson(m.id, 'two', fields('Again'))).toBeNull();
    expect(await repo.insertLesson(m.id, 'retired-one', fields('Reuse'))).toBeNull();
    expect(await repo.insertLesson(other.id, 'two', fields('Elsewhere'))).not.toBeNull();
    expect((await repo.lessonsOfModule(m.id)).map((l) => [l.slug, l.position])).toEqual([
      ['one', 1],
      ['two', 2],
    ]);
    expect(await repo.findLesson(id!)).toMatchObject({
      title: 'Two',
      bodyHtml: '<h1>Two</h1>',
      objectives: ['Know it'],
      sources: [{ publication: 'the-pub', passage: 'Source words.' }],
      moduleId: m.id,
    });
  });

  it('concurrent appends to one module take distinct, consecutive positions', async () => {
    const m = await newModule(rdb.db, { publicationId, origin: 'authored' });
    const ids = await Promise.all(['a', 'b', 'c', 'd', 'e'].map((slug) => repo.insertLesson(m.id, slug, fields(slug))));
    expect(ids.every(Boolean)).toBe(true);
    expect((await repo.lessonsOfModule(m.id)).map((l) => l.position)).toEqual([1, 2, 3, 4, 5]);
  });

  it('findLesson: null for a retired lesson, a lesson of a retired module, or an unknown id', async () => {
    const retiredModule = await newModule(rdb.db, { publicationId, retiredAt: new Date() });
    const m = await newModule(rdb.db, { publicationId });
    const orphan = await newLesson(rdb.db, { moduleId: retiredModule.id, position: 1 });
    const retired = await newLesson(rdb.db, { moduleId: m.id, position: 0, retired: true });
    expect(await repo.findLesson(orphan.id)).toBeNull();
    expect(await repo.findLesson(retired.id)).toBeNull();
    expect(await repo.findLesson(MISSING)).toBeNull();
  });

  it('updateLesson writes every field of a lesson of an authored module, never of an imported one', async () => {
    const authored = await newModule(rdb.db, { publicationId, origin: 'authored' });
    const imported = await newModule(rdb.db, { publicationId, origin: 'content' });
    const mine = await newLesson(rdb.db, { moduleId: authored.id, position: 1, title: 'Old' });
    const theirs = await newLesson(rdb.db, { moduleId: imported.id, position: 1, title: 'Imported' });
    expect(await repo.updateLesson(mine.id, (cur) => fields(`${cur.title}→New`, { contentNote: 'Care', estimatedMinutes: 12 }))).toBe(true);
    expect(await repo.findLesson(mine.id)).toMatchObject({
      title: 'Old→New',
      contentNote: 'Care',
      estimatedMinutes: 12,
      bodyMarkdown: '# Old→New',
      contentHash: 'h-Old→New',
    });
    await repo.updateLesson(theirs.id, () => fields('Changed'));
    expect((await repo.findLesson(theirs.id))!.title).toBe('Imported');
    expect(await repo.updateLesson(MISSING, () => fields('x'))).toBe(false);
  });

  it('updateLesson waits for the row lock and reads what was committed meanwhile', async () => {
    const m = await newModule(rdb.db, { publicationId, origin: 'authored' });
    const l = await newLesson(rdb.db, { moduleId: m.id, position: 1, title: 'v1' });
    const other = await rdb.connect();
    try {
      await other.query('BEGIN');
      await other.query(`SELECT id FROM lessons WHERE id = $1 FOR UPDATE`, [l.id]);
      const pending = repo.updateLesson(l.id, (cur) => fields(`${cur.title}+mine`));
      expect(await stillPendingAfter(pending, 300)).toBe(true);
      await other.query(`UPDATE lessons SET title = 'v2' WHERE id = $1`, [l.id]);
      await other.query('COMMIT');
      expect(await pending).toBe(true);
    } finally {
      await other.end();
    }
    expect((await repo.findLesson(l.id))!.title).toBe('v2+mine');
  });
});
