import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDataSource } from '../src/database.js';
import { runMigrations } from '../src/infra/database/migrate.js';
import { importContent } from '../src/modules/courses/content/content.importer.js';
import { createVerifiedUser, signIn, type SignedIn } from './support/admin.js';
import { startApi, type TestApi } from './support/api.js';
import { createScratchDatabase } from './support/databases.js';

/**
 * Issue #10's learning records (xAPI statements): enrolling records `registered` atomically; a
 * learner reads and downloads only their own; org admins (and platform admins) export their
 * organisation's for a date range, streamed and paginated; everyone else is refused; the account
 * export holds them and account deletion erases them. A database of its own with the real content.
 */
let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
let db: pg.Client;
let api: TestApi;
let platformAdmin: SignedIn;
let adminA: SignedIn;
let trainerA: SignedIn;
let learnerA: SignedIn;
let adminB: SignedIn;
let orgA: { id: string };
let orgB: { id: string };
let tailoredSlug: string;
let publicSlugs: string[];

const REGISTERED = 'http://adlnet.gov/expapi/verbs/registered';

async function call(who: SignedIn | null, method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${api.baseUrl}${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(who ? who.headers : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function expectStatus(res: Response, status: number): Promise<any> {
  const text = await res.text();
  expect(res.status, `${res.url}: ${text.slice(0, 300)}`).toBe(status);
  return text ? JSON.parse(text) : undefined;
}

async function person(): Promise<SignedIn> {
  return signIn(api.baseUrl, await createVerifiedUser(scratch.url));
}

async function member(who: SignedIn, organisationId: string, role: 'learner' | 'trainer' | 'org_admin') {
  await db.query(`INSERT INTO memberships (organisation_id, user_id, role) VALUES ($1, $2, $3)`, [organisationId, who.userId, role]);
}

interface Statement {
  id: string;
  actor: { account: { homePage: string; name: string } };
  verb: { id: string };
  object: { id: string };
  stored: string;
  context: { registration?: string; extensions: Record<string, unknown> };
}
interface StatementResult {
  statements: Statement[];
  more: string;
}

/** Copies of one of the user's statements with new ids, stored at the given instants (the writer's shape, many rows fast). */
async function seedStatements(userId: string, organisationId: string | null, stored: string[]): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `WITH src AS (SELECT * FROM learning_statements WHERE user_id = $1 ORDER BY stored LIMIT 1),
          made AS (SELECT gen_random_uuid() AS id, s::timestamptz AS stored FROM unnest($3::text[]) AS s)
     INSERT INTO learning_statements (id, user_id, organisation_id, course_id, course_version_id, registration, verb_id, object_id, "timestamp", stored, statement)
     SELECT made.id, src.user_id, $2, src.course_id, src.course_version_id, src.registration, src.verb_id, src.object_id, made.stored, made.stored,
            src.statement || jsonb_build_object('id', made.id::text, 'stored', to_char(made.stored AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
       FROM src, made
     RETURNING id`,
    [userId, organisationId, stored],
  );
  return rows.map((r) => r.id);
}

/** Follows `more` links to the end; every page parsed as JSON. */
async function walk(who: SignedIn, first: string): Promise<{ ids: string[]; pages: number }> {
  const ids: string[] = [];
  let next = first;
  let pages = 0;
  while (next) {
    const page = (await expectStatus(await call(who, 'GET', next), 200)) as StatementResult;
    ids.push(...page.statements.map((s) => s.id));
    next = page.more;
    pages++;
    expect(pages).toBeLessThan(100);
  }
  return { ids, pages };
}

beforeAll(async () => {
  scratch = await createScratchDatabase(inject('serverUrl'));
  const source = createDataSource({ url: scratch.url, poolMax: 2 });
  await source.initialize();
  await runMigrations(source);
  await importContent(source);
  await source.destroy();
  api = await startApi({
    DATABASE_URL: scratch.url,
    REDIS_URL: inject('redisUrl'),
    QUEUE_PREFIX: `${inject('queuePrefix')}-records`,
    QUEUE_DRIVER: 'inline',
    PUBLIC_ORIGIN: 'https://academy.example.org',
  });
  db = new pg.Client({ connectionString: scratch.url });
  await db.connect();

  platformAdmin = await signIn(api.baseUrl, await createVerifiedUser(scratch.url, { admin: true }));
  const create = async (label: string) =>
    expectStatus(await call(platformAdmin, 'POST', '/api/organisations', { name: `Organisation ${label} ${randomUUID().slice(0, 8)}` }), 201);
  orgA = await create('A');
  orgB = await create('B');
  [adminA, trainerA, learnerA, adminB] = await Promise.all([person(), person(), person(), person()]);
  await member(adminA, orgA.id, 'org_admin');
  await member(trainerA, orgA.id, 'trainer');
  await member(learnerA, orgA.id, 'learner');
  await member(adminB, orgB.id, 'org_admin');
  const tailored = await expectStatus(
    await call(trainerA, 'POST', `/api/organisations/${orgA.id}/courses`, {
      title: `Records course ${randomUUID().slice(0, 8)}`,
      moduleSlugs: ['behaviour-change-campaigns'],
      passMark: 70,
    }),
    201,
  );
  tailoredSlug = tailored.slug;
  const { rows } = await db.query<{ slug: string }>(
    `SELECT slug FROM courses WHERE status = 'published' AND retired_at IS NULL AND visibility = 'public' ORDER BY slug LIMIT 3`,
  );
  publicSlugs = rows.map((r) => r.slug);
  expect(publicSlugs.length).toBeGreaterThanOrEqual(2);
});

afterAll(async () => {
  await api?.close();
  await db?.end();
  await scratch?.drop();
});

describe('enrolling', () => {
  it('records exactly one `registered` statement, and enrolling again records none', async () => {
    const learner = await person();
    const first = await expectStatus(await call(learner, 'POST', `/api/courses/${publicSlugs[0]}/enrolments`), 201);
    await expectStatus(await call(learner, 'POST', `/api/courses/${publicSlugs[0]}/enrolments`), 200);
    const { rows } = await db.query(`SELECT verb_id, registration, organisation_id FROM learning_statements WHERE user_id = $1`, [learner.userId]);
    expect(rows).toEqual([{ verb_id: REGISTERED, registration: first.enrolmentId, organisation_id: null }]);
    const page = (await expectStatus(await call(learner, 'GET', '/api/me/records'), 200)) as StatementResult;
    expect(page.more).toBe('');
    expect(page.statements).toHaveLength(1);
    const [statement] = page.statements;
    expect(statement).toMatchObject({
      actor: { objectType: 'Agent', account: { homePage: 'https://academy.example.org', name: learner.userId } },
      verb: { id: REGISTERED },
      context: { registration: first.enrolmentId },
      version: '1.0.3',
    });
    // The actor is an account: the learner's email address is nowhere in their records.
    expect(JSON.stringify(page)).not.toContain(learner.email);
  });

  it('on an organisation’s tailored course, puts the organisation in the statement', async () => {
    const learner = await person();
    await member(learner, orgA.id, 'learner');
    await expectStatus(await call(learner, 'POST', `/api/courses/${tailoredSlug}/enrolments`), 201);
    const { rows } = await db.query(`SELECT organisation_id, statement FROM learning_statements WHERE user_id = $1`, [learner.userId]);
    expect(rows).toHaveLength(1);
    expect(rows[0].organisation_id).toBe(orgA.id);
    expect(rows[0].statement.context.extensions['https://academy.example.org/xapi/extensions/organisation']).toBe(orgA.id);
  });

  it('commits the enrolment and its statement together: when the statement cannot be written, there is no enrolment', async () => {
    const learner = await person();
    // Refuse this learner's statements at the database, as a failure between the two writes would.
    await db.query(`CREATE FUNCTION refuse_statement() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'statement refused'; END $$`);
    await db.query(
      `CREATE TRIGGER refuse_statement BEFORE INSERT ON learning_statements FOR EACH ROW WHEN (NEW.user_id = '${learner.userId}'::uuid) EXECUTE FUNCTION refuse_statement()`,
    );
    try {
      const res = await call(learner, 'POST', `/api/courses/${publicSlugs[1]}/enrolments`);
      expect(res.status).toBe(500);
    } finally {
      await db.query(`DROP TRIGGER refuse_statement ON learning_statements`);
      await db.query(`DROP FUNCTION refuse_statement()`);
    }
    expect((await db.query(`SELECT 1 FROM enrolments WHERE user_id = $1`, [learner.userId])).rows).toEqual([]);
    expect((await db.query(`SELECT 1 FROM learning_statements WHERE user_id = $1`, [learner.userId])).rows).toEqual([]);
    // The same enrolment afterwards works, with its one statement.
    await expectStatus(await call(learner, 'POST', `/api/courses/${publicSlugs[1]}/enrolments`), 201);
    expect((await db.query(`SELECT 1 FROM learning_statements WHERE user_id = $1`, [learner.userId])).rows).toHaveLength(1);
  });
});

describe('GET /api/me/records', () => {
  it('shows only the caller’s own statements, never another learner’s', async () => {
    const [one, two] = await Promise.all([person(), person()]);
    await expectStatus(await call(one, 'POST', `/api/courses/${publicSlugs[0]}/enrolments`), 201);
    await expectStatus(await call(two, 'POST', `/api/courses/${publicSlugs[0]}/enrolments`), 201);
    await expectStatus(await call(two, 'POST', `/api/courses/${publicSlugs[1]}/enrolments`), 201);
    const mine = (await expectStatus(await call(one, 'GET', '/api/me/records'), 200)) as StatementResult;
    expect(mine.statements.map((s) => s.actor.account.name)).toEqual([one.userId]);
    const theirs = (await expectStatus(await call(two, 'GET', '/api/me/records'), 200)) as StatementResult;
    expect(theirs.statements.map((s) => s.actor.account.name)).toEqual([two.userId, two.userId]);
  });

  it('pages newest first by `more` links, completely and without repeats, ties on stored included', async () => {
    const learner = await person();
    await expectStatus(await call(learner, 'POST', `/api/courses/${publicSlugs[0]}/enrolments`), 201);
    const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000).toISOString();
    // 23 more: 20 a minute apart, and 3 stored in the same instant.
    await seedStatements(
      learner.userId,
      null,
      Array.from({ length: 20 }, (_, i) => minutesAgo(i + 1)),
    );
    await seedStatements(learner.userId, null, [minutesAgo(30), minutesAgo(30), minutesAgo(30)]);
    const { rows } = await db.query<{ id: string }>(`SELECT id FROM learning_statements WHERE user_id = $1 ORDER BY stored DESC, id DESC`, [learner.userId]);
    expect(rows).toHaveLength(24);
    const { ids, pages } = await walk(learner, '/api/me/records?limit=5');
    expect(pages).toBe(5);
    expect(ids).toEqual(rows.map((r) => r.id));
    // since/until carry over into the more links.
    const ranged = await walk(learner, `/api/me/records?limit=4&since=${encodeURIComponent(minutesAgo(10.5))}&until=${encodeURIComponent(minutesAgo(0.5))}`);
    expect(ranged.ids).toHaveLength(10);
    expect(ranged.pages).toBe(3);
  });

  it('answers 400 naming the field for a bad since, until, range, limit or cursor', async () => {
    const learner = await person();
    const fieldOf = async (query: string) => {
      const body = await expectStatus(await call(learner, 'GET', `/api/me/records?${query}`), 400);
      expect(body.code).toBe('VALIDATION_FAILED');
      return body.details.fields.map((f: { field: string }) => f.field);
    };
    expect(await fieldOf('since=yesterday')).toEqual(['since']);
    expect(await fieldOf('until=2026-02-30T00:00:00Z')).toEqual(['until']);
    expect(await fieldOf('since=2026-01-01T00:00:00')).toEqual(['since']); // no time zone
    expect(await fieldOf('since=2026-03-01&until=2026-02-01')).toEqual(['until']);
    expect(await fieldOf('since=2026-03-01T00:00:00Z&until=2026-03-01T00:00:00Z')).toEqual(['until']);
    expect(await fieldOf('limit=501')).toEqual(['limit']);
    expect(await fieldOf('limit=0')).toEqual(['limit']);
    expect(await fieldOf(`cursor=${Buffer.from('["x","y"]').toString('base64url')}`)).toEqual(['cursor']);
    await expectStatus(await call(learner, 'GET', '/api/me/records?since=2026-01-01&until=2026-01-02T00:00:00%2B01:00'), 200);
  });

  it('downloads all of the caller’s statements as one JSON attachment, oldest first', async () => {
    const learner = await person();
    await expectStatus(await call(learner, 'POST', `/api/courses/${publicSlugs[0]}/enrolments`), 201);
    // More than one streamed batch (500 rows).
    await seedStatements(
      learner.userId,
      null,
      Array.from({ length: 620 }, (_, i) => new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString()),
    );
    const res = await call(learner, 'GET', '/api/me/records/download');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="htmse-academy-my-learning-records.json"');
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = JSON.parse(await res.text()) as StatementResult;
    expect(body.more).toBe('');
    expect(body.statements).toHaveLength(621);
    expect(new Set(body.statements.map((s) => s.id)).size).toBe(621);
    const stored = body.statements.map((s) => Date.parse(s.stored));
    expect(stored).toEqual([...stored].sort((a, b) => a - b));
    expect(body.statements.every((s) => s.actor.account.name === learner.userId)).toBe(true);
  });
});

describe('GET /api/organisations/{id}/records', () => {
  let inA: string[];
  const day = (d: number) => new Date(Date.UTC(2026, 5, d)).toISOString();

  beforeAll(async () => {
    // Organisation A's statements on 1-10 June (two a day), one of B's and a private one on the same days.
    const learnerB = await person();
    await member(learnerB, orgB.id, 'learner');
    const tailoredB = await expectStatus(
      await call(adminB, 'POST', `/api/organisations/${orgB.id}/courses`, {
        title: `B course ${randomUUID().slice(0, 8)}`,
        moduleSlugs: ['behaviour-change-campaigns'],
        passMark: 70,
      }),
      201,
    );
    await expectStatus(await call(learnerA, 'POST', `/api/courses/${tailoredSlug}/enrolments`), 201);
    await expectStatus(await call(learnerA, 'POST', `/api/courses/${publicSlugs[0]}/enrolments`), 201);
    await expectStatus(await call(learnerB, 'POST', `/api/courses/${tailoredB.slug}/enrolments`), 201);
    inA = await seedStatements(
      learnerA.userId,
      orgA.id,
      Array.from({ length: 20 }, (_, i) => new Date(Date.UTC(2026, 5, 1 + Math.floor(i / 2), 12, i)).toISOString()),
    );
    await seedStatements(learnerB.userId, orgB.id, [day(3), day(4)]);
    await seedStatements(learnerA.userId, null, [day(3), day(5)]);
  });

  it('exports only the organisation’s statements in the range, oldest first, as streamed xAPI JSON', async () => {
    const res = await call(adminA, 'GET', `/api/organisations/${orgA.id}/records?since=${day(3)}&until=${day(6)}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment;/);
    const body = JSON.parse(await res.text()) as StatementResult;
    // 3, 4 and 5 June: six statements (the 12:00 ones of 3 June are after midnight, so in).
    expect(body.statements.map((s) => s.id)).toEqual(inA.slice(4, 10));
    expect(body.more).toBe('');
    expect(body.statements.every((s) => s.context.extensions['https://academy.example.org/xapi/extensions/organisation'] === orgA.id)).toBe(true);
    const audit = await db.query(`SELECT metadata FROM audit_events WHERE action = 'organisation.learning_records_exported' AND actor_user_id = $1`, [
      adminA.userId,
    ]);
    expect(audit.rows[0].metadata).toMatchObject({ since: day(3), until: day(6) });
  });

  it('pages with limit and `more`, completely and without repeats; platform admins may export too', async () => {
    const { rows } = await db.query<{ id: string }>(`SELECT id FROM learning_statements WHERE organisation_id = $1 ORDER BY stored, id`, [orgA.id]);
    const viaAdmin = await walk(adminA, `/api/organisations/${orgA.id}/records?limit=6`);
    expect(viaAdmin.ids).toEqual(rows.map((r) => r.id));
    expect(viaAdmin.pages).toBe(Math.ceil(rows.length / 6) + (rows.length % 6 === 0 ? 1 : 0));
    const viaPlatform = await walk(platformAdmin, `/api/organisations/${orgA.id}/records?limit=7&since=${day(2)}&until=${day(30)}`);
    expect(viaPlatform.ids).toEqual(inA.slice(2));
  });

  it('streams a page larger than a batch with memory bounded by the batch', async () => {
    const many = await seedStatements(
      learnerA.userId,
      orgA.id,
      Array.from({ length: 1100 }, (_, i) => new Date(Date.UTC(2025, 0, 1) + i * 1000).toISOString()),
    );
    const res = await call(adminA, 'GET', `/api/organisations/${orgA.id}/records?until=2025-12-31T00:00:00Z&limit=1050`);
    // Written as rows arrive: no length known up front.
    expect(res.headers.get('content-length')).toBeNull();
    const body = JSON.parse(await res.text()) as StatementResult;
    expect(body.statements.map((s) => s.id)).toEqual(many.slice(0, 1050));
    expect(body.more).toMatch(new RegExp(`^/api/organisations/${orgA.id}/records\\?until=.*&limit=1050&cursor=`));
    const rest = (await expectStatus(await call(adminA, 'GET', body.more), 200)) as StatementResult;
    expect(rest.statements.map((s) => s.id)).toEqual(many.slice(1050));
    expect(rest.more).toBe('');
  });

  it('refuses the anonymous (401), learners and trainers (403), other organisations’ admins (404)', async () => {
    const path = `/api/organisations/${orgA.id}/records`;
    expect((await call(null, 'GET', path)).status).toBe(401);
    expect((await call(null, 'GET', '/api/me/records')).status).toBe(401);
    expect((await call(null, 'GET', '/api/me/records/download')).status).toBe(401);
    for (const [who, status] of [
      [learnerA, 403],
      [trainerA, 403],
      [adminB, 404],
    ] as const) {
      const res = await call(who, 'GET', path);
      const text = await res.text();
      expect(res.status, text).toBe(status);
      expect(text).not.toContain('statements');
    }
    // An organisation that does not exist, to a platform admin and to an org admin alike.
    expect((await call(platformAdmin, 'GET', `/api/organisations/${randomUUID()}/records`)).status).toBe(404);
    expect((await call(adminA, 'GET', `/api/organisations/${randomUUID()}/records`)).status).toBe(404);
  });

  it('answers 400 naming the field for a bad range or limit', async () => {
    const fieldOf = async (query: string) => {
      const body = await expectStatus(await call(adminA, 'GET', `/api/organisations/${orgA.id}/records?${query}`), 400);
      return body.details.fields.map((f: { field: string }) => f.field);
    };
    expect(await fieldOf('since=2026-13-01')).toEqual(['since']);
    expect(await fieldOf('until=soon')).toEqual(['until']);
    expect(await fieldOf(`since=${day(5)}&until=${day(4)}`)).toEqual(['until']);
    expect(await fieldOf('limit=10001')).toEqual(['limit']);
    expect(await fieldOf('cursor=nope')).toEqual(['cursor']);
  });
});

describe('my data', () => {
  it('the account export holds the person’s statements; deleting the account erases them', async () => {
    const learner = await person();
    const other = await person();
    await expectStatus(await call(learner, 'POST', `/api/courses/${publicSlugs[0]}/enrolments`), 201);
    await expectStatus(await call(other, 'POST', `/api/courses/${publicSlugs[0]}/enrolments`), 201);
    const exported = await expectStatus(await call(learner, 'GET', '/api/me/export'), 200);
    expect(exported.learningStatementsComplete).toBe(true);
    expect(exported.learningStatements).toEqual([
      expect.objectContaining({
        verb: expect.objectContaining({ id: REGISTERED }),
        actor: expect.objectContaining({ account: expect.objectContaining({ name: learner.userId }) }),
      }),
    ]);
    await expectStatus(await call(learner, 'DELETE', '/api/me', { password: learner.password }), 204);
    expect((await db.query(`SELECT 1 FROM learning_statements WHERE user_id = $1`, [learner.userId])).rows).toEqual([]);
    expect((await db.query(`SELECT 1 FROM learning_statements WHERE user_id = $1`, [other.userId])).rows).toHaveLength(1);
  });
});
