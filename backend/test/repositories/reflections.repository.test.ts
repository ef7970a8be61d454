import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ReflectionsRepository } from '../../src/modules/learning/reflections.repository.js';
import { newLesson, newModule, newPublication, newUser } from '../support/factories.js';
import { openRepositoryDatabase, type RepositoryDatabase } from '../support/repository-db.js';

let rdb: RepositoryDatabase;
let repo: ReflectionsRepository;
beforeAll(async () => {
  rdb = await openRepositoryDatabase();
  repo = new ReflectionsRepository(rdb.db);
});
afterAll(() => rdb?.close());
beforeEach(() => rdb.reset());

async function lesson(title = 'Lesson') {
  const publication = await newPublication(rdb.db);
  const module = await newModule(rdb.db, { publicationId: publication.id, title: 'Module' });
  return newLesson(rdb.db, { moduleId: module.id, position: 1, title });
}

describe('ReflectionsRepository', () => {
  it('creates at version 0, then saves only from the version it was loaded at', async () => {
    const user = await newUser(rdb.db);
    const { id: lessonId } = await lesson();
    const first = await repo.save(user.id, lessonId, 'first', 0);
    expect(first).toMatchObject({ saved: { lessonId, text: 'first', version: 1 } });
    expect(await repo.save(user.id, lessonId, 'second', 1)).toMatchObject({ saved: { text: 'second', version: 2 } });
    // A tab still holding version 1, or one that thinks there is no note yet: refused, the saved text kept.
    expect(await repo.save(user.id, lessonId, 'stale', 1)).toMatchObject({ stale: { text: 'second', version: 2 } });
    expect(await repo.save(user.id, lessonId, 'stale', 0)).toMatchObject({ stale: { text: 'second', version: 2 } });
    expect(await repo.findOwn(user.id, lessonId)).toMatchObject({ text: 'second', version: 2 });
  });

  it('lets exactly one of two concurrent saves from the same version win', async () => {
    const user = await newUser(rdb.db);
    const { id: lessonId } = await lesson();
    await repo.save(user.id, lessonId, 'start', 0);
    const results = await Promise.all([repo.save(user.id, lessonId, 'tab A', 1), repo.save(user.id, lessonId, 'tab B', 1)]);
    const saved = results.filter((r) => 'saved' in r);
    expect(saved).toHaveLength(1);
    const kept = await repo.findOwn(user.id, lessonId);
    expect(kept?.version).toBe(2);
    expect(kept?.text).toBe((saved[0] as { saved: { text: string } }).saved.text);
    // Two first saves at once: one creates, the other is told it is stale.
    const other = await newUser(rdb.db);
    const firsts = await Promise.all([repo.save(other.id, lessonId, 'one', 0), repo.save(other.id, lessonId, 'two', 0)]);
    expect(firsts.filter((r) => 'saved' in r)).toHaveLength(1);
  });

  it('reads, exports and deletes only the writer’s own notes', async () => {
    const writer = await newUser(rdb.db);
    const someoneElse = await newUser(rdb.db);
    const { id: lessonId } = await lesson('Reading the signs');
    await repo.save(writer.id, lessonId, 'private words', 0);
    await repo.save(someoneElse.id, lessonId, 'their words', 0);
    expect(await repo.findOwn(someoneElse.id, lessonId)).toMatchObject({ text: 'their words' });
    expect(await repo.listAllForUser(writer.id)).toEqual([
      expect.objectContaining({ lessonId, text: 'private words', version: 1, lessonTitle: 'Reading the signs', moduleTitle: 'Module' }),
    ]);
    await repo.deleteAllForUser(writer.id);
    expect(await repo.findOwn(writer.id, lessonId)).toBeNull();
    expect(await repo.listAllForUser(writer.id)).toEqual([]);
    expect(await repo.findOwn(someoneElse.id, lessonId)).toMatchObject({ text: 'their words' });
  });
});
