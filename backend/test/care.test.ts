import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { RouteRegistry } from '../src/common/auth/route-registry.js';
import { createDataSource } from '../src/database.js';
import { runMigrations } from '../src/infra/database/migrate.js';
import { importContent } from '../src/modules/courses/content/content.importer.js';
import { createVerifiedUser, signIn, type SignedIn } from './support/admin.js';
import { startApi, type TestApi } from './support/api.js';
import { createScratchDatabase } from './support/databases.js';

/**
 * Issue #13, the app's half: an organisation's safeguarding contact and support line (set by its
 * org admins, seen by its members only), and a learner's private reflections on lessons (read by
 * nobody else: not another learner, not a trainer or org admin of their organisation, not a
 * platform admin). A database of its own with the real content imported, for real lessons.
 */
let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
let db: pg.Client;
let api: TestApi;
let platformAdmin: SignedIn;
let adminA: SignedIn;
let trainerA: SignedIn;
let learnerA: SignedIn;
let adminB: SignedIn;
let learnerB: SignedIn;
let loner: SignedIn;
let orgA: { id: string; name: string };
let orgB: { id: string; name: string };
let lesson: { id: string; courseSlug: string };

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

const emptySupport = {
  safeguardingName: null,
  safeguardingEmail: null,
  safeguardingPhone: null,
  supportLineName: null,
  supportLinePhone: null,
  supportLineUrl: null,
  supportLineHours: null,
};

beforeAll(async () => {
  scratch = await createScratchDatabase(inject('serverUrl'));
  const source = createDataSource({ url: scratch.url, poolMax: 2 });
  await source.initialize();
  await runMigrations(source);
  await importContent(source);
  await source.destroy();
  api = await startApi({ DATABASE_URL: scratch.url, REDIS_URL: inject('redisUrl'), QUEUE_PREFIX: `${inject('queuePrefix')}-care`, QUEUE_DRIVER: 'inline' });
  db = new pg.Client({ connectionString: scratch.url });
  await db.connect();

  platformAdmin = await signIn(api.baseUrl, await createVerifiedUser(scratch.url, { admin: true }));
  const create = async (label: string) =>
    expectStatus(await call(platformAdmin, 'POST', '/api/organisations', { name: `Organisation ${label} ${randomUUID().slice(0, 8)}` }), 201);
  orgA = await create('A');
  orgB = await create('B');
  [adminA, trainerA, learnerA, adminB, learnerB, loner] = await Promise.all([person(), person(), person(), person(), person(), person()]);
  await member(adminA, orgA.id, 'org_admin');
  await member(trainerA, orgA.id, 'trainer');
  await member(learnerA, orgA.id, 'learner');
  await member(adminB, orgB.id, 'org_admin');
  await member(learnerB, orgB.id, 'learner');
  const { rows } = await db.query<{ id: string; slug: string }>(
    `SELECT l.id, c.slug FROM lessons l
       JOIN course_modules cm ON cm.module_id = l.module_id
       JOIN courses c ON c.current_version_id = cm.course_version_id
      WHERE l.content_note IS NOT NULL AND l.retired_at IS NULL AND c.visibility = 'public' AND c.status = 'published'
      ORDER BY c.slug, l.slug LIMIT 1`,
  );
  lesson = { id: rows[0]!.id, courseSlug: rows[0]!.slug };
});

afterAll(async () => {
  await api?.close();
  await db?.end();
  await scratch?.drop();
});

describe('an organisation’s safeguarding contact and support line', () => {
  const path = () => `/api/organisations/${orgA.id}/support`;
  const contact = {
    safeguardingName: '  Designated safeguarding lead ',
    safeguardingEmail: 'Safeguarding@Example.org',
    safeguardingPhone: '+44 20 7946 0000',
    supportLineName: 'Staff support line',
    supportLinePhone: '0800 000 000',
    supportLineUrl: 'https://support.example.org/staff',
    supportLineHours: 'Every day, 8:00-20:00',
  };

  it('starts empty; its org admin sets it (trimmed, email lower-cased), audited by field names only', async () => {
    expect(await expectStatus(await call(adminA, 'GET', path()), 200)).toMatchObject({ ...emptySupport, version: 0, updatedAt: null });
    const saved = await expectStatus(await call(adminA, 'PUT', path(), { ...contact, version: 0 }), 200);
    expect(saved).toMatchObject({
      safeguardingName: 'Designated safeguarding lead',
      safeguardingEmail: 'safeguarding@example.org',
      supportLineUrl: 'https://support.example.org/staff',
      version: 1,
    });
    const { rows } = await db.query(`SELECT metadata FROM audit_events WHERE organisation_id = $1 AND action = 'organisation.support_updated'`, [orgA.id]);
    expect(rows).toHaveLength(1);
    expect(rows[0].metadata.fields).toContain('safeguardingEmail');
    expect(JSON.stringify(rows[0].metadata)).not.toContain('safeguarding@example.org');
    // Saving the same again writes nothing and records nothing.
    expect((await expectStatus(await call(adminA, 'PUT', path(), { ...contact, version: 1 }), 200)).version).toBe(1);
    const again = await db.query(`SELECT 1 FROM audit_events WHERE organisation_id = $1 AND action = 'organisation.support_updated'`, [orgA.id]);
    expect(again.rows).toHaveLength(1);
  });

  it('is shown to every member of that organisation in /api/me, and to nobody else', async () => {
    for (const who of [learnerA, trainerA, adminA]) {
      const me = await expectStatus(await call(who, 'GET', '/api/me'), 200);
      const membership = me.memberships.find((m: { organisationId: string }) => m.organisationId === orgA.id);
      expect(membership.support.safeguardingContact).toEqual({
        name: 'Designated safeguarding lead',
        email: 'safeguarding@example.org',
        phone: '+44 20 7946 0000',
      });
      expect(membership.support.supportLine).toMatchObject({ url: 'https://support.example.org/staff', hours: 'Every day, 8:00-20:00' });
    }
    for (const who of [learnerB, adminB, loner]) {
      const text = await (await call(who, 'GET', '/api/me')).text();
      expect(text).not.toContain('safeguarding@example.org');
    }
    const b = await expectStatus(await call(learnerB, 'GET', '/api/me'), 200);
    expect(b.memberships[0].support).toEqual({ safeguardingContact: null, supportLine: null });
  });

  it('refuses trainers and learners (403), other organisations’ admins (404) and the signed-out (401), changing nothing', async () => {
    const body = { ...emptySupport, safeguardingEmail: 'hijack@example.org', version: 1 };
    for (const [who, status] of [
      [trainerA, 403],
      [learnerA, 403],
      [adminB, 404],
      [loner, 404],
      [null, 401],
    ] as const) {
      const read = await call(who, 'GET', path());
      expect(read.status).toBe(status);
      expect(await read.text()).not.toContain('safeguarding@example.org');
      expect((await call(who, 'PUT', path(), body)).status).toBe(status);
    }
    const { rows } = await db.query(`SELECT safeguarding_email, support_version FROM organisations WHERE id = $1`, [orgA.id]);
    expect(rows[0]).toEqual({ safeguarding_email: 'safeguarding@example.org', support_version: 1 });
  });

  it('answers bad input with 400 naming the field, and keeps what was saved', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ safeguardingEmail: 'not an email' }, 'safeguardingEmail'],
      [{ safeguardingPhone: 'call reception' }, 'safeguardingPhone'],
      [{ supportLineUrl: 'http://support.example.org' }, 'supportLineUrl'],
      [{ supportLineUrl: 'javascript:alert(1)' }, 'supportLineUrl'],
      [{ safeguardingName: 'x'.repeat(121), safeguardingEmail: 'a@example.org' }, 'safeguardingName'],
      [{ supportLineHours: 'h'.repeat(201), supportLinePhone: '999' }, 'supportLineHours'],
      [{ safeguardingName: 'Line\nbreak', safeguardingEmail: 'a@example.org' }, 'safeguardingName'],
      [{ safeguardingName: 'A lead with no way to reach them' }, 'safeguardingEmail'],
      [{ supportLineName: 'A line with no number' }, 'supportLinePhone'],
      [{ safeguardingEmail: 'a@example.org', version: -1 }, 'version'],
      [{ safeguardingEmail: 'a@example.org', version: 'one' }, 'version'],
    ];
    for (const [change, field] of cases) {
      const body = await expectStatus(await call(adminA, 'PUT', path(), { version: 1, ...change }), 400);
      expect(body.code).toBe('VALIDATION_FAILED');
      expect(
        body.details.fields.map((f: { field: string }) => f.field),
        JSON.stringify(change),
      ).toContain(field);
    }
    const current = await expectStatus(await call(adminA, 'GET', path()), 200);
    expect(current).toMatchObject({ safeguardingEmail: 'safeguarding@example.org', version: 1 });
  });

  it('refuses a save from a stale version with 409, so two admins cannot overwrite each other unseen', async () => {
    const second = await person();
    await member(second, orgA.id, 'org_admin');
    const results = await Promise.all([
      call(adminA, 'PUT', path(), { ...contact, safeguardingPhone: '111 111', version: 1 }),
      call(second, 'PUT', path(), { ...contact, safeguardingPhone: '222 222', version: 1 }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const winner = (await results.find((r) => r.status === 200)!.json()) as { safeguardingPhone: string; version: number };
    const loser = (await results.find((r) => r.status === 409)!.json()) as { code: string; details: { currentVersion: number } };
    expect(loser).toMatchObject({ code: 'CONFLICT', details: { currentVersion: 2 } });
    const current = await expectStatus(await call(adminA, 'GET', path()), 200);
    expect(current).toMatchObject({ safeguardingPhone: winner.safeguardingPhone, version: 2 });
  });

  it('is cleared by saving empty fields, and members then get nothing (the panel’s default)', async () => {
    const cleared = await expectStatus(await call(adminA, 'PUT', path(), { safeguardingEmail: '  ', version: 2 }), 200);
    expect(cleared).toMatchObject({ ...emptySupport, version: 3 });
    const me = await expectStatus(await call(learnerA, 'GET', '/api/me'), 200);
    expect(me.memberships[0].support).toEqual({ safeguardingContact: null, supportLine: null });
    // Set again for the rest of the file.
    await expectStatus(await call(adminA, 'PUT', path(), { ...contact, version: 3 }), 200);
  });
});

describe('a learner’s private reflection on a lesson', () => {
  const secret = `My action plan ${randomUUID()}: talk to my manager about the referral route.`;
  const path = () => `/api/lessons/${lesson.id}/reflection`;

  it('is saved and read back by its writer, and carried in the lesson they read', async () => {
    expect((await call(learnerA, 'GET', path())).status).toBe(404);
    const saved = await expectStatus(await call(learnerA, 'PUT', path(), { text: secret, version: 0 }), 200);
    expect(saved).toMatchObject({ lessonId: lesson.id, text: secret, version: 1 });
    expect(await expectStatus(await call(learnerA, 'GET', path()), 200)).toMatchObject({ text: secret, version: 1 });
    const read = await expectStatus(await call(learnerA, 'GET', `/api/lessons/${lesson.id}?course=${lesson.courseSlug}`), 200);
    expect(read.myReflection).toMatchObject({ text: secret, version: 1 });
    expect((await expectStatus(await call(null, 'GET', `/api/lessons/${lesson.id}`), 200)).myReflection).toBeNull();
  });

  it('answers bad input with 400 naming the field, a stale save with 409, and keeps the saved text', async () => {
    for (const [body, field] of [
      [{ text: 'x'.repeat(5001), version: 1 }, 'text'],
      [{ text: 42, version: 1 }, 'text'],
      [{ text: 'bell \u0007', version: 1 }, 'text'],
      [{ text: 'fine' }, 'version'],
      [{ text: 'fine', version: 1.5 }, 'version'],
    ] as const) {
      const res = await expectStatus(await call(learnerA, 'PUT', path(), body), 400);
      expect(res.details.fields.map((f: { field: string }) => f.field)).toContain(field);
    }
    const stale = await expectStatus(await call(learnerA, 'PUT', path(), { text: 'from an old tab', version: 0 }), 409);
    expect(stale).toMatchObject({ code: 'CONFLICT', details: { currentVersion: 1 } });
    expect((await expectStatus(await call(learnerA, 'PUT', `/api/lessons/${randomUUID()}/reflection`, { text: 'x', version: 0 }), 404)).code).toBe('NOT_FOUND');
    expect((await call(null, 'PUT', path(), { text: 'x', version: 0 })).status).toBe(401);
    expect(await expectStatus(await call(learnerA, 'GET', path()), 200)).toMatchObject({ text: secret, version: 1 });
    // Line breaks are part of a note; 5,000 characters fit.
    const long = `${'a'.repeat(4990)}\nline two`;
    expect((await expectStatus(await call(learnerA, 'PUT', path(), { text: long, version: 1 }), 200)).version).toBe(2);
    await expectStatus(await call(learnerA, 'PUT', path(), { text: secret, version: 2 }), 200);
  });

  it('is 404 to another learner, a trainer and an org admin of the learner’s organisation, and a platform admin', async () => {
    for (const who of [learnerB, trainerA, adminA, platformAdmin]) {
      const res = await call(who, 'GET', path());
      expect(res.status).toBe(404);
      expect(await res.text()).not.toContain(secret);
      const lessonRead = await expectStatus(await call(who, 'GET', `/api/lessons/${lesson.id}?course=${lesson.courseSlug}`), 200);
      expect(lessonRead.myReflection).toBeNull();
    }
  });

  it('appears on no GET route of the API for the trainer, the org admin or a platform admin', async () => {
    const enrolment = await expectStatus(await call(learnerA, 'POST', `/api/courses/${lesson.courseSlug}/enrolments`), 201);
    const fixtures: Record<string, string> = {
      organisationId: orgA.id,
      userId: learnerA.userId,
      lessonId: lesson.id,
      id: lesson.id,
      slug: lesson.courseSlug,
      courseSlug: lesson.courseSlug,
      enrolmentId: enrolment.enrolmentId,
    };
    const routes = api.app
      .get(RouteRegistry)
      .routes()
      .filter((r) => r.method === 'GET');
    expect(routes.length).toBeGreaterThan(20);
    const leaks: string[] = [];
    for (const who of [trainerA, adminA, platformAdmin]) {
      for (const route of routes) {
        const url = route.path.replace(/:([A-Za-z]+)/g, (_m, name: string) => fixtures[name] ?? 'no-such-thing');
        const text = await (await call(who, 'GET', url)).text();
        if (text.includes(secret)) leaks.push(`${who.email} GET ${url}`);
      }
    }
    expect(leaks).toEqual([]);
  });

  it('is in its writer’s data export, and erased when the account is deleted', async () => {
    const exported = await expectStatus(await call(learnerA, 'GET', '/api/me/export'), 200);
    expect(exported.reflections).toEqual([expect.objectContaining({ lessonId: lesson.id, text: secret, version: 3 })]);
    const others = await expectStatus(await call(trainerA, 'GET', '/api/me/export'), 200);
    expect(JSON.stringify(others)).not.toContain(secret);
    await expectStatus(await call(learnerA, 'DELETE', '/api/me', { password: learnerA.password }), 204);
    const { rows } = await db.query(`SELECT count(*)::int AS n FROM lesson_reflections WHERE user_id = $1`, [learnerA.userId]);
    expect(rows[0].n).toBe(0);
  });
});
