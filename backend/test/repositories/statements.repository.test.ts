import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AppConfig } from '../../src/config/config.js';
import { EnrolmentsRepository } from '../../src/modules/learning/enrolments.repository.js';
import { EnrolmentLearningRecordsReader } from '../../src/modules/learning/learning-records.reader.js';
import { ProgressRepository } from '../../src/modules/learning/progress.repository.js';
import { ReflectionsRepository } from '../../src/modules/learning/reflections.repository.js';
import type { LearningEvent } from '../../src/modules/learning/statements.mapping.js';
import { StatementsRepository } from '../../src/modules/learning/statements.repository.js';
import { LearningStatements } from '../../src/modules/learning/statements.service.js';
import { newCourse, newOrganisation, newUser } from '../support/factories.js';
import { openRepositoryDatabase, type RepositoryDatabase } from '../support/repository-db.js';

let rdb: RepositoryDatabase;
let repo: StatementsRepository;
let writer: LearningStatements;
const BASE = 'https://academy.example.org';
beforeAll(async () => {
  rdb = await openRepositoryDatabase();
  repo = new StatementsRepository(rdb.db);
  writer = new LearningStatements({ http: { publicOrigin: BASE } } as AppConfig);
});
afterAll(() => rdb?.close());
beforeEach(() => rdb.reset());

async function setting(organisationId: string | null = null) {
  const user = await newUser(rdb.db);
  const course = await newCourse(rdb.db, { title: 'Course', organisationId: organisationId ?? undefined });
  const event = (over: Partial<LearningEvent> = {}): LearningEvent =>
    ({
      kind: 'viewed-lesson',
      userId: user.id,
      lesson: { id: randomUUID(), title: 'Lesson' },
      context: { organisationId, course: { id: course.id, title: 'Course' }, courseVersion: { id: course.versionId, number: 1 }, enrolmentId: null },
      ...over,
    }) as LearningEvent;
  return { user, course, event };
}

const ids = (rows: { json: string }[]) => rows.map((r) => (JSON.parse(r.json) as { id: string }).id);

describe('LearningStatements.record', () => {
  it('stores the statement with its filter columns, inside the caller’s transaction', async () => {
    const org = await newOrganisation(rdb.db);
    const { user, course, event } = await setting(org.id);
    const { id, recorded } = await rdb.db.transaction((tx) => writer.record(tx, event({ kind: 'enrolled' } as Partial<LearningEvent>)));
    expect(recorded).toBe(true);
    const [row] = (await rdb.db.query(`SELECT * FROM learning_statements WHERE id = $1`, [id])) as Record<string, unknown>[];
    expect(row).toMatchObject({
      user_id: user.id,
      organisation_id: org.id,
      course_id: course.id,
      course_version_id: course.versionId,
      verb_id: 'http://adlnet.gov/expapi/verbs/registered',
      object_id: `${BASE}/xapi/activities/course/${course.id}`,
      voided: false,
    });
    expect((row!.statement as { id: string; stored: string }).id).toBe(id);
    expect(new Date((row!.statement as { stored: string }).stored).getTime()).toBe((row!.stored as Date).getTime());
  });

  it('writes nothing when the caller’s transaction rolls back', async () => {
    const { user, event } = await setting();
    await expect(
      rdb.db.transaction(async (tx) => {
        await writer.record(tx, event());
        throw new Error('the event itself failed');
      }),
    ).rejects.toThrow('the event itself failed');
    expect(await rdb.db.query(`SELECT id FROM learning_statements WHERE user_id = $1`, [user.id])).toEqual([]);
  });

  it('records an event with a given statement id once, however often it is recorded', async () => {
    const { user, event } = await setting();
    const statementId = randomUUID();
    const results = await Promise.all([1, 2, 3].map(() => writer.record(rdb.db.manager, event({ statementId }))));
    expect(results.filter((r) => r.recorded)).toHaveLength(1);
    expect(results.every((r) => r.id === statementId)).toBe(true);
    expect(await rdb.db.query(`SELECT id FROM learning_statements WHERE user_id = $1`, [user.id])).toEqual([{ id: statementId }]);
  });
});

describe('StatementsRepository reads', () => {
  it('pages one person’s statements by (stored, id) either way, without gaps or repeats, never another person’s', async () => {
    const { user, event } = await setting();
    const other = await setting();
    const mine: string[] = [];
    for (let i = 0; i < 7; i++) mine.push((await writer.record(rdb.db.manager, event())).id);
    await writer.record(rdb.db.manager, other.event());
    const walk = async (ascending: boolean) => {
      const seen: string[] = [];
      let after: { stored: string; id: string } | null = null;
      for (;;) {
        const rows = await repo.pageOfUser(user.id, { since: null, until: null }, after, 3, ascending);
        seen.push(...ids(rows));
        if (rows.length < 3) return seen;
        const last = rows[rows.length - 1]!;
        after = { stored: last.storedKey, id: last.id };
      }
    };
    // The order is (stored, id): statements written within one millisecond tie on stored and go
    // by id, so the expected order is the database's, checked to hold exactly the ones written.
    const ordered = ((await rdb.db.query(`SELECT id FROM learning_statements WHERE user_id = $1 ORDER BY stored, id`, [user.id])) as { id: string }[]).map(
      (r) => r.id,
    );
    expect([...ordered].sort()).toEqual([...mine].sort());
    expect(await walk(true)).toEqual(ordered);
    expect(await walk(false)).toEqual([...ordered].reverse());
  });

  it('keeps statements stored in the same microsecond apart by id', async () => {
    const { user, event } = await setting();
    for (let i = 0; i < 4; i++) await writer.record(rdb.db.manager, event());
    await rdb.db.query(`UPDATE learning_statements SET stored = '2026-06-01T00:00:00Z'`);
    const first = await repo.pageOfUser(user.id, { since: null, until: null }, null, 2, true);
    const last = first[1]!;
    const second = await repo.pageOfUser(user.id, { since: null, until: null }, { stored: last.storedKey, id: last.id }, 5, true);
    expect(new Set([...ids(first), ...ids(second)]).size).toBe(4);
  });

  it('filters on stored: since exclusive, until inclusive; voided statements are never served', async () => {
    const { user, event } = await setting();
    const at = ['2026-01-01T00:00:00Z', '2026-02-01T00:00:00Z', '2026-03-01T00:00:00Z'];
    const made: string[] = [];
    for (const stored of at) {
      const { id } = await writer.record(rdb.db.manager, event());
      await rdb.db.query(`UPDATE learning_statements SET stored = $2 WHERE id = $1`, [id, stored]);
      made.push(id);
    }
    const range = (since: string | null, until: string | null) => repo.pageOfUser(user.id, { since, until }, null, 10, true).then(ids);
    expect(await range(at[0]!, at[2]!)).toEqual([made[1], made[2]]);
    expect(await range(null, at[1]!)).toEqual([made[0], made[1]]);
    await rdb.db.query(`UPDATE learning_statements SET voided = true WHERE id = $1`, [made[1]]);
    expect(await range(null, null)).toEqual([made[0], made[2]]);
  });

  it('an organisation’s statements are those made in its context only', async () => {
    const orgA = await newOrganisation(rdb.db);
    const orgB = await newOrganisation(rdb.db);
    const a = await setting(orgA.id);
    const b = await setting(orgB.id);
    const own = await setting(null);
    const inA = (await writer.record(rdb.db.manager, a.event())).id;
    await writer.record(rdb.db.manager, b.event());
    await writer.record(rdb.db.manager, own.event());
    expect(ids(await repo.pageOfOrganisation(orgA.id, { since: null, until: null }, null, 10))).toEqual([inA]);
  });
});

describe('EnrolmentLearningRecordsReader: statements in the export, erased with the account', () => {
  it('exports the person’s statements oldest first, and erases only theirs', async () => {
    const { user, event } = await setting();
    const other = await setting();
    const first = (await writer.record(rdb.db.manager, event())).id;
    const second = (await writer.record(rdb.db.manager, event({ kind: 'enrolled' } as Partial<LearningEvent>))).id;
    const theirs = (await writer.record(rdb.db.manager, other.event())).id;
    const reader = new EnrolmentLearningRecordsReader(
      new EnrolmentsRepository(rdb.db),
      new ReflectionsRepository(rdb.db),
      new ProgressRepository(rdb.db),
      repo,
    );
    const exported = await reader.statementsFor(user.id);
    expect(exported.complete).toBe(true);
    expect(exported.statements.map((s) => s.id)).toEqual([first, second]);
    await reader.eraseStatementsFor(user.id);
    expect(await reader.statementsFor(user.id)).toEqual({ statements: [], complete: true });
    expect((await reader.statementsFor(other.user.id)).statements.map((s) => s.id)).toEqual([theirs]);
  });
});
