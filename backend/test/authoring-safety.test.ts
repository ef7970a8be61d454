import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDataSource } from '../src/database.js';
import { runMigrations } from '../src/infra/database/migrate.js';
import { importContent } from '../src/modules/courses/content/content.importer.js';
import { createVerifiedUser, signIn, type SignedIn } from './support/admin.js';
import { startApi, type TestApi } from './support/api.js';
import { createScratchDatabase } from './support/databases.js';

/**
 * Issue #7, findings 4, 7, 10 and 11 (the authoring side): which modules a tailored course may
 * use, edits that race, draft slugs that must not be confirmed, and the per-organisation storage
 * quota. A database of its own with the real content imported, and an API with small quotas.
 */

const FF_MODULE = 'behaviour-change-campaigns';
const ILO_MODULE = 'ending-forced-labour-2030';
const FF_PUBLICATION = 'behaviour-change-communications-campaigns';
const MB = 1024 * 1024;
const ORG_QUOTA_MB = 5;
const PLATFORM_QUOTA_MB = 3;

let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
let db: pg.Client;
let api: TestApi;
let uploadDir: string;
let admin: SignedIn;

async function call(who: SignedIn | null, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${api.baseUrl}${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(who ? who.headers : {}), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

async function ok(res: Response, status = 200) {
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

async function organisation(label: string): Promise<{ id: string }> {
  return ok(await call(admin, 'POST', '/api/organisations', { name: `${label} ${randomUUID().slice(0, 6)}` }), 201);
}

/** An error body without its request id, to compare two refusals. */
function shapeOf(body: Record<string, unknown>) {
  const { requestId, ...rest } = body;
  expect(requestId).toEqual(expect.any(String));
  return rest;
}

beforeAll(async () => {
  scratch = await createScratchDatabase(inject('serverUrl'));
  const source = createDataSource({ url: scratch.url, poolMax: 2 });
  await source.initialize();
  await runMigrations(source);
  await importContent(source);
  await source.destroy();
  uploadDir = await mkdtemp(join(tmpdir(), 'htmse-authoring-safety-uploads-'));
  api = await startApi({
    DATABASE_URL: scratch.url,
    REDIS_URL: inject('redisUrl'),
    QUEUE_PREFIX: inject('queuePrefix'),
    QUEUE_DRIVER: 'inline',
    UPLOAD_DIR: uploadDir,
    STORAGE_QUOTA_MB_PER_ORGANISATION: String(ORG_QUOTA_MB),
    STORAGE_QUOTA_MB_PLATFORM: String(PLATFORM_QUOTA_MB),
  });
  db = new pg.Client({ connectionString: scratch.url });
  await db.connect();
  admin = await signIn(api.baseUrl, await createVerifiedUser(scratch.url, { admin: true }));
});

afterAll(async () => {
  await api?.close();
  await db?.end();
  await scratch?.drop();
  if (uploadDir) await rm(uploadDir, { recursive: true, force: true });
});

describe('modules a tailored course may use (finding 4)', () => {
  it('refuses a draft module and another organisation’s module exactly like unknown slugs, so B’s learners never read them', async () => {
    const token = randomUUID().slice(0, 8);
    const [orgA, orgB] = [await organisation('Organisation A'), await organisation('Organisation B')];
    const [trainerA, trainerB, learnerB] = [await person(), await person(), await person()];
    await member(trainerA, orgA.id, 'trainer');
    await member(trainerB, orgB.id, 'trainer');
    await member(learnerB, orgB.id, 'learner');

    // A module in an unpublished public course (a draft), and one a platform admin put in A's course only.
    const draftModule = `draft-module-${token}`;
    const aModule = `a-module-${token}`;
    const lessons: Record<string, string> = {};
    for (const [slug, text] of [
      [draftModule, 'Unreleased draft text'],
      [aModule, 'Only for organisation A'],
    ] as const) {
      await ok(await call(admin, 'POST', '/api/authoring/modules', { slug, publicationSlug: FF_PUBLICATION, title: slug, summary: 'S' }), 201);
      lessons[slug] = (
        await ok(
          await call(admin, 'POST', `/api/authoring/modules/${slug}/lessons`, { slug: 'one', title: 'One', estimatedMinutes: 5, bodyMarkdown: text }),
          201,
        )
      ).id;
    }
    const draftCourse = `draft-course-${token}`;
    await ok(await call(admin, 'POST', '/api/authoring/courses', { slug: draftCourse, title: 'Draft', moduleSlugs: [draftModule], passMark: 50 }), 201);
    await ok(await call(admin, 'POST', `/api/organisations/${orgA.id}/courses`, { title: 'A’s own', moduleSlugs: [aModule], passMark: 50 }), 201);

    // The grab: refused, and answered exactly as for slugs that do not exist.
    const grab = { title: 'Grab', moduleSlugs: [draftModule, aModule], passMark: 1 };
    const unknown = { ...grab, moduleSlugs: [`no-such-${token}`, `nothing-${token}`] };
    const refused = shapeOf(await ok(await call(trainerB, 'POST', `/api/organisations/${orgB.id}/courses`, grab), 400));
    const missing = shapeOf(await ok(await call(trainerB, 'POST', `/api/organisations/${orgB.id}/courses`, unknown), 400));
    const unmask = (body: unknown) =>
      JSON.parse(
        JSON.stringify(body).replaceAll(draftModule, 'X').replaceAll(aModule, 'Y').replaceAll(`no-such-${token}`, 'X').replaceAll(`nothing-${token}`, 'Y'),
      );
    expect(unmask(refused)).toEqual(unmask(missing));
    expect(refused).toMatchObject({
      statusCode: 400,
      code: 'VALIDATION_FAILED',
      details: { fields: [{ field: 'moduleSlugs', reasons: [`no such module: ${draftModule}, ${aModule}`] }] },
    });
    for (const slug of [draftModule, aModule]) {
      const one = shapeOf(await ok(await call(trainerB, 'POST', `/api/organisations/${orgB.id}/courses`, { ...grab, moduleSlugs: [FF_MODULE, slug] }), 400));
      const none = shapeOf(
        await ok(await call(trainerB, 'POST', `/api/organisations/${orgB.id}/courses`, { ...grab, moduleSlugs: [FF_MODULE, `no-such-${token}`] }), 400),
      );
      expect(JSON.stringify(one).replaceAll(slug, '?')).toBe(JSON.stringify(none).replaceAll(`no-such-${token}`, '?'));
    }

    // The same rule when B edits a course of its own, through either route.
    const own = await ok(
      await call(trainerB, 'POST', `/api/organisations/${orgB.id}/courses`, { title: 'B’s course', moduleSlugs: [FF_MODULE], passMark: 50 }),
      201,
    );
    await ok(await call(trainerB, 'PATCH', `/api/organisations/${orgB.id}/courses/${own.slug}`, { moduleSlugs: [FF_MODULE, draftModule] }), 400);
    await ok(await call(trainerB, 'PATCH', `/api/authoring/courses/${own.slug}`, { moduleSlugs: [aModule] }), 400);
    expect(await ok(await call(trainerB, 'GET', `/api/authoring/courses/${own.slug}`))).toMatchObject({ version: 1, modules: [{ slug: FF_MODULE }] });

    // Nothing of theirs reached B: no course holds them, and B's learner cannot read them.
    const inB = await db.query(
      `SELECT m.slug FROM courses c JOIN course_versions v ON v.course_id = c.id JOIN course_modules cm ON cm.course_version_id = v.id
         JOIN modules m ON m.id = cm.module_id WHERE c.organisation_id = $1`,
      [orgB.id],
    );
    expect(inB.rows.map((r) => r.slug)).toEqual([FF_MODULE]);
    for (const lessonId of Object.values(lessons)) await ok(await call(learnerB, 'GET', `/api/lessons/${lessonId}`), 404);

    // What is allowed: A uses its own module again; once the draft course is published, its module is in the library for B.
    await ok(
      await call(trainerA, 'POST', `/api/organisations/${orgA.id}/courses`, { title: 'A again', moduleSlugs: [aModule, ILO_MODULE], passMark: 50 }),
      201,
    );
    await ok(await call(trainerA, 'POST', `/api/organisations/${orgA.id}/courses`, { title: 'A grab', moduleSlugs: [draftModule], passMark: 50 }), 400);
    await ok(await call(admin, 'POST', `/api/authoring/courses/${draftCourse}/publish`));
    await ok(await call(trainerB, 'POST', `/api/organisations/${orgB.id}/courses`, { title: 'Released', moduleSlugs: [draftModule], passMark: 50 }), 201);
  });
});

describe('concurrent edits (finding 7)', () => {
  let orgId: string;
  let trainer: SignedIn;
  let trainer2: SignedIn;

  beforeAll(async () => {
    orgId = (await organisation('Editors')).id;
    [trainer, trainer2] = [await person(), await person()];
    await member(trainer, orgId, 'trainer');
    await member(trainer2, orgId, 'org_admin');
  });

  it('keeps both of two PATCHes sent together (title and pass mark), in 10 of 10 rounds, on either course route', async () => {
    const course = await ok(await call(trainer, 'POST', `/api/organisations/${orgId}/courses`, { title: 'Race', moduleSlugs: [FF_MODULE], passMark: 50 }), 201);
    const lost: string[] = [];
    for (let round = 1; round <= 10; round++) {
      const title = `Race round ${round}`;
      const passMark = 50 + round;
      const path = round % 2 ? `/api/organisations/${orgId}/courses/${course.slug}` : `/api/authoring/courses/${course.slug}`;
      const [a, b] = await Promise.all([call(trainer, 'PATCH', path, { title }), call(trainer2, 'PATCH', path, { passMark })]);
      expect([a.status, b.status]).toEqual([200, 200]);
      const now = await ok(await call(trainer, 'GET', `/api/authoring/courses/${course.slug}`));
      if (now.title !== title || now.passMark !== passMark) lost.push(`round ${round}: ${now.title} / ${now.passMark}`);
    }
    expect(lost).toEqual([]);
    // Every change became its own version: 1 + 2 per round.
    expect((await ok(await call(trainer, 'GET', `/api/authoring/courses/${course.slug}`))).version).toBe(21);
  });

  it('keeps both of two PATCHes sent together on a module and on a lesson, in 10 of 10 rounds', async () => {
    const slug = `race-${randomUUID().slice(0, 8)}`;
    await ok(await call(admin, 'POST', '/api/authoring/modules', { slug, publicationSlug: FF_PUBLICATION, title: 'Race', summary: 'S' }), 201);
    const lesson = await ok(
      await call(admin, 'POST', `/api/authoring/modules/${slug}/lessons`, { slug: 'one', title: 'One', estimatedMinutes: 5, bodyMarkdown: 'Body' }),
      201,
    );
    const lost: string[] = [];
    for (let round = 1; round <= 10; round++) {
      const sent = await Promise.all([
        call(admin, 'PATCH', `/api/authoring/modules/${slug}`, { title: `Title ${round}` }),
        call(admin, 'PATCH', `/api/authoring/modules/${slug}`, { summary: `Summary ${round}` }),
        call(admin, 'PATCH', `/api/authoring/lessons/${lesson.id}`, { title: `Lesson ${round}` }),
        call(admin, 'PATCH', `/api/authoring/lessons/${lesson.id}`, { estimatedMinutes: round + 5 }),
      ]);
      expect(sent.map((r) => r.status)).toEqual([200, 200, 200, 200]);
      const m = await ok(await call(admin, 'GET', `/api/authoring/modules/${slug}`));
      const l = await ok(await call(admin, 'GET', `/api/authoring/lessons/${lesson.id}`));
      if (m.title !== `Title ${round}` || m.summary !== `Summary ${round}`) lost.push(`module round ${round}: ${m.title} / ${m.summary}`);
      if (l.title !== `Lesson ${round}` || l.estimatedMinutes !== round + 5) lost.push(`lesson round ${round}: ${l.title} / ${l.estimatedMinutes}`);
    }
    expect(lost).toEqual([]);
  });

  it('refuses a stale If-Match with 412 and changes nothing; the current revision (the ETag) applies', async () => {
    const course = await ok(
      await call(trainer, 'POST', `/api/organisations/${orgId}/courses`, { title: 'Editors', moduleSlugs: [FF_MODULE], passMark: 50 }),
      201,
    );
    const loaded = await call(trainer, 'GET', `/api/authoring/courses/${course.slug}`);
    const etag = loaded.headers.get('etag');
    const body = await ok(loaded);
    expect(etag).toBe(`"${body.revision}"`);

    // Someone else saves first; the editor who loaded before that is refused, with the current ETag.
    const other = await call(trainer2, 'PATCH', `/api/organisations/${orgId}/courses/${course.slug}`, { passMark: 60 }, { 'if-match': etag! });
    const saved = await ok(other);
    expect(other.headers.get('etag')).toBe(`"${saved.revision}"`);
    expect(saved.revision).not.toBe(body.revision);
    for (const path of [`/api/organisations/${orgId}/courses/${course.slug}`, `/api/authoring/courses/${course.slug}`]) {
      const stale = await call(trainer, 'PATCH', path, { title: 'Overwrite' }, { 'if-match': etag! });
      expect(stale.headers.get('etag')).toBe(`"${saved.revision}"`);
      expect(await ok(stale, 412)).toMatchObject({ statusCode: 412, code: 'PRECONDITION_FAILED', message: expect.stringMatching(/changed by someone else/) });
    }
    expect(await ok(await call(trainer, 'GET', `/api/authoring/courses/${course.slug}`))).toMatchObject({ title: 'Editors', passMark: 60, version: 2 });
    await ok(await call(trainer, 'PATCH', `/api/authoring/courses/${course.slug}`, { title: 'Editors, renamed' }, { 'if-match': `"${saved.revision}"` }));
    await ok(await call(trainer, 'PATCH', `/api/authoring/courses/${course.slug}`, { title: 'x' }, { 'if-match': 'not-a-tag' }), 400);

    // Modules and lessons: the same.
    const slug = `etag-${randomUUID().slice(0, 8)}`;
    const m = await ok(await call(admin, 'POST', '/api/authoring/modules', { slug, publicationSlug: FF_PUBLICATION, title: 'M', summary: 'S' }), 201);
    const lesson = await ok(
      await call(admin, 'POST', `/api/authoring/modules/${slug}/lessons`, { slug: 'one', title: 'One', estimatedMinutes: 5, bodyMarkdown: 'Body' }),
      201,
    );
    for (const [path, first, second] of [
      [`/api/authoring/modules/${slug}`, { title: 'M2' }, { summary: 'Stale' }],
      [`/api/authoring/lessons/${lesson.id}`, { title: 'One, again' }, { bodyMarkdown: 'Stale' }],
    ] as const) {
      const before = path.includes('modules') ? m.revision : lesson.revision;
      const fresh = await ok(await call(admin, 'PATCH', path, first, { 'if-match': `"${before}"` }));
      expect(await ok(await call(admin, 'PATCH', path, second, { 'if-match': `"${before}"` }), 412)).toMatchObject({ code: 'PRECONDITION_FAILED' });
      expect(await ok(await call(admin, 'GET', path))).toMatchObject({ ...first, revision: fresh.revision });
    }
  });
});

describe('draft course slugs (finding 10)', () => {
  it('answer 404 to anyone who may not edit the course, exactly as a slug that does not exist', async () => {
    const token = randomUUID().slice(0, 8);
    const draft = `secret-draft-${token}`;
    await ok(await call(admin, 'POST', '/api/authoring/courses', { slug: draft, title: 'Secret draft', moduleSlugs: [FF_MODULE], passMark: 50 }), 201);
    const org = await organisation('Outsiders');
    const [learner, trainer, orgAdmin, nobody] = [await person(), await person(), await person(), await person()];
    await member(learner, org.id, 'learner');
    await member(trainer, org.id, 'trainer');
    await member(orgAdmin, org.id, 'org_admin');

    for (const who of [learner, trainer, orgAdmin, nobody]) {
      for (const [method, suffix, body] of [
        ['GET', '', undefined],
        ['PATCH', '', { passMark: 1 }],
        ['POST', '/publish', undefined],
        ['POST', '/unpublish', undefined],
      ] as const) {
        const secret = shapeOf(await ok(await call(who, method, `/api/authoring/courses/${draft}${suffix}`, body), 404));
        const missing = shapeOf(await ok(await call(who, method, `/api/authoring/courses/no-such-${token}${suffix}`, body), 404));
        expect(secret).toEqual(missing);
      }
      // The published catalogue course (imported) is no different to them.
      await ok(await call(who, 'GET', '/api/authoring/courses/foundations'), 404);
    }
    expect(await ok(await call(admin, 'GET', `/api/authoring/courses/${draft}`))).toMatchObject({ status: 'draft', passMark: 50 });
  });
});

describe('storage quota (finding 11)', () => {
  /** A valid PNG signature padded to exactly `bytes`. */
  const png = (bytes: number) => Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(bytes - 8, 7)]);
  const upload = (who: SignedIn, data: Buffer, organisationId?: string) => {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(data)], { type: 'image/png' }), 'chart.png');
    const query = organisationId ? `?organisationId=${organisationId}` : '';
    return fetch(`${api.baseUrl}/api/authoring/images${query}`, { method: 'POST', headers: who.headers, body: form });
  };
  const storedFiles = async () => (await readdir(uploadDir)).filter((f) => !f.endsWith('.tmp'));

  it('lets 12 parallel uploads of 1 MB into a 5 MB quota store exactly 5; the rest get 413 in the error shape', async () => {
    const org = await organisation('Quota');
    const [trainer, orgAdmin] = [await person(), await person()];
    await member(trainer, org.id, 'trainer');
    await member(orgAdmin, org.id, 'org_admin');
    const filesBefore = (await storedFiles()).length;

    const results = await Promise.all(Array.from({ length: 12 }, () => upload(trainer, png(MB))));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([...Array(5).fill(201), ...Array(7).fill(413)]);
    const refusal = await ok(
      results.find((r) => r.status === 413)!,
      413,
    );
    expect(refusal).toMatchObject({
      statusCode: 413,
      code: 'STORAGE_QUOTA_EXCEEDED',
      message: expect.stringMatching(/organisation’s image storage is full: 5 MB of 5 MB used/),
      details: { organisationId: org.id, usedBytes: 5 * MB, quotaBytes: 5 * MB, fileBytes: MB },
      requestId: expect.any(String),
    });
    for (const r of results.filter((res) => res.status === 201)) expect(await ok(r, 201)).toMatchObject({ organisationId: org.id, size: MB });

    const used = await db.query(`SELECT sum(size_bytes)::int AS bytes, count(*)::int AS n FROM uploads WHERE organisation_id = $1`, [org.id]);
    expect(used.rows).toEqual([{ bytes: 5 * MB, n: 5 }]);
    expect((await storedFiles()).length - filesBefore).toBe(5);
    // Shown to the organisation's admins; a trainer is not one of them.
    expect(await ok(await call(orgAdmin, 'GET', `/api/organisations/${org.id}/storage`))).toEqual({
      organisationId: org.id,
      usedBytes: 5 * MB,
      quotaBytes: 5 * MB,
      fileCount: 5,
    });
    await ok(await call(trainer, 'GET', `/api/organisations/${org.id}/storage`), 403);
    expect(await ok(await call(admin, 'GET', `/api/organisations/${org.id}/storage`))).toMatchObject({ usedBytes: 5 * MB });
  });

  it('never overshoots near the limit, and charges each organisation (or the platform) only for its own uploads', async () => {
    const [orgA, orgB] = [await organisation('Near A'), await organisation('Near B')];
    const [both, onlyB] = [await person(), await person()];
    await member(both, orgA.id, 'trainer');
    await member(both, orgB.id, 'org_admin');
    await member(onlyB, orgB.id, 'trainer');

    // Someone authoring for two organisations says which one; the default needs exactly one.
    expect(await ok(await upload(both, png(1000)), 400)).toMatchObject({ details: { fields: [{ field: 'organisationId' }] } });
    // A: 4.5 MB used, then 6 parallel uploads of 300 KB: exactly 1 more fits (4.5 + 0.3 ≤ 5 < 4.5 + 0.6).
    for (let i = 0; i < 3; i++) await ok(await upload(both, png(1.5 * MB), orgA.id), 201);
    const near = await Promise.all(Array.from({ length: 6 }, () => upload(both, png(300 * 1024), orgA.id)));
    expect(near.map((r) => r.status).sort()).toEqual([201, 413, 413, 413, 413, 413]);
    const usedA = await ok(await call(admin, 'GET', `/api/organisations/${orgA.id}/storage`));
    expect(usedA.usedBytes).toBe(4.5 * MB + 300 * 1024);
    expect(usedA.usedBytes).toBeLessThanOrEqual(usedA.quotaBytes);

    // B is not charged for A's uploads; a learner-only organisation cannot be named.
    expect(await ok(await upload(onlyB, png(MB)), 201)).toMatchObject({ organisationId: orgB.id });
    expect(await ok(await call(both, 'GET', `/api/organisations/${orgB.id}/storage`))).toMatchObject({ usedBytes: MB, fileCount: 1 });
    await ok(await upload(onlyB, png(1000), orgA.id), 404);

    // Platform admins' own uploads count against the platform's allowance (3 MB here).
    const platformBefore = (await ok(await call(admin, 'GET', '/api/authoring/storage'))).usedBytes as number;
    const fits = Math.floor((PLATFORM_QUOTA_MB * MB - platformBefore) / MB);
    const platform = await Promise.all(Array.from({ length: fits + 3 }, () => upload(admin, png(MB))));
    expect(platform.filter((r) => r.status === 201)).toHaveLength(fits);
    expect(platform.filter((r) => r.status === 413)).toHaveLength(3);
    const refusal = await ok(
      platform.find((r) => r.status === 413)!,
      413,
    );
    expect(refusal).toMatchObject({ code: 'STORAGE_QUOTA_EXCEEDED', details: { organisationId: null, quotaBytes: PLATFORM_QUOTA_MB * MB } });
    expect((await ok(await call(admin, 'GET', '/api/authoring/storage'))).usedBytes).toBeLessThanOrEqual(PLATFORM_QUOTA_MB * MB);

    // The 2 MB limit and the magic-byte check still come first.
    expect(await ok(await upload(onlyB, png(2 * MB + 1)), 413)).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
    const html = Buffer.from('<html><script>alert(1)</script></html>');
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(html)], { type: 'image/png' }), 'x.png');
    await ok(await fetch(`${api.baseUrl}/api/authoring/images`, { method: 'POST', headers: onlyB.headers, body: form }), 415);
  });
});
