import { randomUUID } from 'node:crypto';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDataSource } from '../src/database.js';
import { runMigrations } from '../src/infra/database/migrate.js';
import { DEFAULT_CONTENT_DIR } from '../src/modules/courses/content/content.loader.js';
import { importContent } from '../src/modules/courses/content/content.importer.js';
import { createVerifiedUser, signIn, type SignedIn } from './support/admin.js';
import { startApi, type TestApi } from './support/api.js';
import { createScratchDatabase } from './support/databases.js';
import { mailsTo, randomClientIp } from './support/people.js';
import { executableProblems, XSS_CORPUS } from './support/xss-corpus.js';

/**
 * Issue #4's backend beyond the read-only catalogue: tailored courses and who sees them,
 * enrolments pinned to a course version, the authoring API (XSS corpus, imported items, images)
 * and training enquiries. A database of its own with the real content imported, because
 * catalogue.test.ts counts the rows of an import into an empty catalogue.
 */

const FF_MODULE = 'behaviour-change-campaigns';
const ILO_MODULE = 'ending-forced-labour-2030';
const FF_PUBLICATION = 'behaviour-change-communications-campaigns';

let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
let db: pg.Client;
let api: TestApi;
let mailDir: string;
let uploadDir: string;
let admin: SignedIn;
let trainerA: SignedIn;
let learnerA: SignedIn;
let learnerB: SignedIn;
let orgA: { id: string };
let orgB: { id: string };

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

/** Every course slug of GET /api/courses, following nextCursor. */
async function listedCourseSlugs(who: SignedIn | null): Promise<string[]> {
  const slugs: string[] = [];
  let cursor: string | null = null;
  do {
    const body = await ok(await call(who, 'GET', `/api/courses?limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`));
    slugs.push(...body.items.map((i: { slug: string }) => i.slug));
    cursor = body.nextCursor;
  } while (cursor);
  return slugs;
}

async function createTailored(who: SignedIn, organisationId: string, body: Record<string, unknown>) {
  return ok(await call(who, 'POST', `/api/organisations/${organisationId}/courses`, body), 201);
}

beforeAll(async () => {
  scratch = await createScratchDatabase(inject('serverUrl'));
  const source = createDataSource({ url: scratch.url, poolMax: 2 });
  await source.initialize();
  await runMigrations(source);
  await importContent(source);
  await source.destroy();
  mailDir = await mkdtemp(join(tmpdir(), 'htmse-courses-mail-'));
  uploadDir = await mkdtemp(join(tmpdir(), 'htmse-courses-uploads-'));
  api = await startApi({
    DATABASE_URL: scratch.url,
    REDIS_URL: inject('redisUrl'),
    QUEUE_PREFIX: inject('queuePrefix'),
    QUEUE_DRIVER: 'inline',
    MAIL_DIR: mailDir,
    UPLOAD_DIR: uploadDir,
    TRUST_PROXY: 'true',
  });
  db = new pg.Client({ connectionString: scratch.url });
  await db.connect();

  admin = await signIn(api.baseUrl, await createVerifiedUser(scratch.url, { admin: true }));
  orgA = await ok(await call(admin, 'POST', '/api/organisations', { name: `Organisation A ${randomUUID().slice(0, 6)}` }), 201);
  orgB = await ok(await call(admin, 'POST', '/api/organisations', { name: `Organisation B ${randomUUID().slice(0, 6)}` }), 201);
  [trainerA, learnerA, learnerB] = await Promise.all([person(), person(), person()]);
  await member(trainerA, orgA.id, 'trainer');
  await member(learnerA, orgA.id, 'learner');
  await member(learnerB, orgB.id, 'learner');
});

afterAll(async () => {
  await api?.close();
  await db?.end();
  await scratch?.drop();
  if (mailDir) await rm(mailDir, { recursive: true, force: true });
  if (uploadDir) await rm(uploadDir, { recursive: true, force: true });
});

describe('tailored courses', () => {
  it('are assembled by a trainer from existing modules, published as version 1 for that organisation only', async () => {
    const course = await createTailored(trainerA, orgA.id, {
      title: 'Induction for A',
      summary: 'Ours.',
      moduleSlugs: [ILO_MODULE, FF_MODULE],
      passMark: 80,
      defaultDuePeriodDays: 30,
    });
    expect(course).toMatchObject({
      title: 'Induction for A',
      visibility: 'organisation',
      organisationId: orgA.id,
      status: 'published',
      origin: 'authored',
      version: 1,
      passMark: 80,
      defaultDuePeriodDays: 30,
      modules: [
        { position: 1, slug: ILO_MODULE },
        { position: 2, slug: FF_MODULE },
      ],
    });
    expect(course.slug).toMatch(/^induction-for-a-[a-f0-9]{6}$/);
  });

  it('refuse bad input naming the field, learners (403) and non-members (404)', async () => {
    const bad = async (body: Record<string, unknown>, field: string) => {
      const res = await call(trainerA, 'POST', `/api/organisations/${orgA.id}/courses`, body);
      const error = await ok(res, 400);
      expect(error.details.fields.map((f: { field: string }) => f.field)).toContain(field);
    };
    await bad({ title: 'x', moduleSlugs: [FF_MODULE, FF_MODULE], passMark: 50 }, 'moduleSlugs');
    await bad({ title: 'x', moduleSlugs: ['no-such-module'], passMark: 50 }, 'moduleSlugs');
    await bad({ title: 'x', moduleSlugs: [], passMark: 50 }, 'moduleSlugs');
    await bad({ title: 'x', moduleSlugs: Array.from({ length: 21 }, (_, i) => `m-${i}`), passMark: 50 }, 'moduleSlugs');
    await bad({ title: 'x', moduleSlugs: [FF_MODULE], passMark: 101 }, 'passMark');
    await bad({ title: 'x', moduleSlugs: [FF_MODULE], passMark: 50, defaultDuePeriodDays: 366 }, 'defaultDuePeriodDays');
    const body = { title: 'x', moduleSlugs: [FF_MODULE], passMark: 50 };
    await ok(await call(learnerA, 'POST', `/api/organisations/${orgA.id}/courses`, body), 403);
    await ok(await call(learnerB, 'POST', `/api/organisations/${orgA.id}/courses`, body), 404);
    // Platform admins pass every role check, but not into an organisation that does not exist
    // (this was a 500 from the foreign key, found by the fuzz tier).
    const missing = await ok(await call(admin, 'POST', `/api/organisations/${randomUUID()}/courses`, body), 404);
    expect(missing.code).toBe('NOT_FOUND');
    await ok(await call(admin, 'GET', `/api/organisations/${randomUUID()}/courses`), 404);
  });

  it('are never seen by a member of organisation B, in any list, by slug or through their lessons, while A’s learner sees them', async () => {
    const title = `Secret course of A ${randomUUID().slice(0, 6)}`;
    const course = await createTailored(trainerA, orgA.id, { title, moduleSlugs: [FF_MODULE], passMark: 70 });

    // Organisation A's learner: in the catalogue, by slug, in the organisation's list, in the publication's courses.
    expect(await listedCourseSlugs(learnerA)).toContain(course.slug);
    expect(await ok(await call(learnerA, 'GET', `/api/courses/${course.slug}`))).toMatchObject({ title, visibility: 'organisation', version: 1 });
    const orgList = await ok(await call(learnerA, 'GET', `/api/organisations/${orgA.id}/courses`));
    expect(orgList.items.map((c: { slug: string }) => c.slug)).toContain(course.slug);
    const publication = await ok(await call(learnerA, 'GET', `/api/publications/${FF_PUBLICATION}`));
    expect(publication.courses.map((c: { slug: string }) => c.slug)).toContain(course.slug);

    // Organisation B's learner and anonymous callers: nowhere.
    const lessonId = (await db.query(`SELECT l.id FROM lessons l JOIN modules m ON m.id = l.module_id WHERE m.slug = $1 AND l.position = 1`, [FF_MODULE]))
      .rows[0].id;
    for (const who of [learnerB, null]) {
      expect(await listedCourseSlugs(who)).not.toContain(course.slug);
      await ok(await call(who, 'GET', `/api/courses/${course.slug}`), 404);
      await ok(await call(who, 'POST', `/api/courses/${course.slug}/enrolments`), who ? 404 : 401);
      const detail = await call(who, 'GET', `/api/publications/${FF_PUBLICATION}`);
      expect(await detail.text()).not.toContain(course.slug);
      for (const query of ['', '?q=campaigns']) {
        const text = await (await call(who, 'GET', `/api/publications${query}`)).text();
        expect(text).not.toContain(title);
      }
      expect(await (await call(who, 'GET', '/api/publications/facets')).text()).not.toContain(title);
      // The lesson is public through the public course, but never through (or naming) A's course.
      await ok(await call(who, 'GET', `/api/lessons/${lessonId}?course=${course.slug}`), 404);
      const lesson = await call(who, 'GET', `/api/lessons/${lessonId}`);
      expect(lesson.status).toBe(200);
      const text = await lesson.text();
      expect(text).not.toContain(course.slug);
      expect(text).not.toContain(title);
    }
    await ok(await call(learnerB, 'GET', `/api/organisations/${orgA.id}/courses`), 404);
    await ok(await call(learnerB, 'PATCH', `/api/organisations/${orgA.id}/courses/${course.slug}`, { passMark: 10 }), 404);
    // B's own path with A's course: still not found.
    const trainerB = await person();
    await member(trainerB, orgB.id, 'trainer');
    await ok(await call(trainerB, 'PATCH', `/api/organisations/${orgB.id}/courses/${course.slug}`, { passMark: 10 }), 404);
    await ok(await call(trainerB, 'PATCH', `/api/authoring/courses/${course.slug}`, { passMark: 10 }), 404);
    await ok(await call(trainerB, 'GET', `/api/authoring/courses/${course.slug}`), 404);
  });

  it('gate the lessons of modules only they contain: enrolled learners, the organisation’s trainers and platform admins', async () => {
    const moduleSlug = `a-only-${randomUUID().slice(0, 8)}`;
    await ok(
      await call(admin, 'POST', '/api/authoring/modules', {
        slug: moduleSlug,
        publicationSlug: FF_PUBLICATION,
        title: 'A only',
        summary: 'Only in A’s course.',
      }),
      201,
    );
    const lesson = await ok(
      await call(admin, 'POST', `/api/authoring/modules/${moduleSlug}/lessons`, {
        slug: 'one',
        title: 'One',
        estimatedMinutes: 5,
        bodyMarkdown: 'Hello **A**.',
      }),
      201,
    );
    // A module in no public course reaches an organisation only through a platform admin (issue #7, finding 4).
    const course = await createTailored(admin, orgA.id, { title: 'A only course', moduleSlugs: [moduleSlug], passMark: 50 });

    await ok(await call(learnerA, 'GET', `/api/lessons/${lesson.id}`), 404);
    await ok(await call(learnerB, 'GET', `/api/lessons/${lesson.id}`), 404);
    await ok(await call(null, 'GET', `/api/lessons/${lesson.id}`), 404);
    expect(await ok(await call(trainerA, 'GET', `/api/lessons/${lesson.id}`))).toMatchObject({ html: '<p>Hello <strong>A</strong>.</p>\n' });
    await ok(await call(admin, 'GET', `/api/lessons/${lesson.id}`));

    await ok(await call(learnerA, 'POST', `/api/courses/${course.slug}/enrolments`), 201);
    expect(await ok(await call(learnerA, 'GET', `/api/lessons/${lesson.id}?course=${course.slug}`))).toMatchObject({ course: { slug: course.slug } });
    await ok(await call(learnerB, 'GET', `/api/lessons/${lesson.id}?course=${course.slug}`), 404);
  });
});

describe('module list for authors (GET /api/course-modules)', () => {
  it('lists the modules of the courses the caller can see, once each, by title, a page at a time', async () => {
    const all = await ok(await call(null, 'GET', '/api/course-modules?limit=100'));
    const courses = await ok(await call(null, 'GET', '/api/courses?limit=100'));
    const expected = new Map<string, string>();
    for (const c of courses.items as { slug: string }[]) {
      const detail = await ok(await call(null, 'GET', `/api/courses/${c.slug}`));
      for (const m of detail.modules as { slug: string; title: string }[]) expected.set(m.slug, m.title);
    }
    expect(new Set(all.items.map((m: { slug: string }) => m.slug))).toEqual(new Set(expected.keys()));
    expect(all.items).toHaveLength(expected.size);
    const titles = all.items.map((m: { title: string }) => m.title);
    expect(titles).toEqual([...titles].sort((a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)));

    const first = await ok(await call(null, 'GET', '/api/course-modules?limit=1'));
    expect(first.items).toEqual([all.items[0]]);
    const second = await ok(await call(null, 'GET', `/api/course-modules?limit=1&cursor=${encodeURIComponent(first.nextCursor)}`));
    expect(second.items).toEqual([all.items[1]]);
    await ok(await call(null, 'GET', '/api/course-modules?cursor=not-a-cursor'), 400);
  });
});

describe('enrolment', () => {
  it('pins the version the learner started on; move-to-latest is their choice', async () => {
    const course = await createTailored(trainerA, orgA.id, {
      title: 'Pinned course',
      moduleSlugs: [ILO_MODULE, FF_MODULE],
      passMark: 60,
      defaultDuePeriodDays: 14,
    });
    const learner = await person();
    await member(learner, orgA.id, 'learner');

    const first = await ok(await call(learner, 'POST', `/api/courses/${course.slug}/enrolments`), 201);
    expect(first).toMatchObject({ courseSlug: course.slug, versionNumber: 1, latestVersion: 1, courseTitle: 'Pinned course' });
    const due = Date.parse(first.dueAt) - Date.parse(first.enrolledAt);
    expect(Math.round(due / 86_400_000)).toBe(14);
    // Idempotent: the same enrolment, 200.
    expect(await ok(await call(learner, 'POST', `/api/courses/${course.slug}/enrolments`), 200)).toMatchObject({ enrolmentId: first.enrolmentId });

    // The trainer reorders the modules and changes the pass mark: version 2. Saving it unchanged makes no version 3.
    const changed = await ok(
      await call(trainerA, 'PATCH', `/api/organisations/${orgA.id}/courses/${course.slug}`, { moduleSlugs: [FF_MODULE, ILO_MODULE], passMark: 75 }),
    );
    expect(changed).toMatchObject({ version: 2, passMark: 75, modules: [{ slug: FF_MODULE }, { slug: ILO_MODULE }] });
    expect(await ok(await call(trainerA, 'PATCH', `/api/organisations/${orgA.id}/courses/${course.slug}`, { passMark: 75 }))).toMatchObject({ version: 2 });

    // The enrolled learner still follows version 1; someone enrolling now gets version 2.
    const pinned = await ok(await call(learner, 'GET', `/api/courses/${course.slug}`));
    expect(pinned).toMatchObject({ version: 1, latestVersion: 2, passMark: 60 });
    // The course answer carries the caller's own enrolment (the course page makes no second call).
    expect(pinned.enrolment).toEqual({ enrolmentId: first.enrolmentId, enrolledAt: first.enrolledAt, dueAt: first.dueAt });
    expect(pinned.modules.map((m: { slug: string }) => m.slug)).toEqual([ILO_MODULE, FF_MODULE]);
    const ilolesson = pinned.modules[0].lessons[0].id;
    const inCourse = await ok(await call(learner, 'GET', `/api/lessons/${ilolesson}?course=${course.slug}`));
    expect(inCourse.previousLessonId).toBeNull(); // first lesson of the pinned version, not of version 2
    expect(await ok(await call(learnerA, 'GET', `/api/courses/${course.slug}`))).toMatchObject({ version: 2, latestVersion: 2, enrolment: null });
    expect(await ok(await call(learnerA, 'POST', `/api/courses/${course.slug}/enrolments`), 201)).toMatchObject({ versionNumber: 2 });

    const mine = await ok(await call(learner, 'GET', '/api/me/enrolments'));
    expect(mine.items).toEqual([expect.objectContaining({ enrolmentId: first.enrolmentId, versionNumber: 1, latestVersion: 2 })]);

    // Someone else cannot move it; the learner can.
    await ok(await call(learnerA, 'POST', `/api/me/enrolments/${first.enrolmentId}/move-to-latest`), 404);
    expect(await ok(await call(learner, 'POST', `/api/me/enrolments/${first.enrolmentId}/move-to-latest`), 201)).toMatchObject({ versionNumber: 2 });
    expect(await ok(await call(learner, 'GET', `/api/courses/${course.slug}`))).toMatchObject({ version: 2, passMark: 75 });
    const row = await db.query(`SELECT v.version FROM enrolments e JOIN course_versions v ON v.id = e.course_version_id WHERE e.id = $1`, [first.enrolmentId]);
    expect(row.rows).toEqual([{ version: 2 }]);
  });

  it('pages my enrolments newest first', async () => {
    const learner = await person();
    for (const slug of ['foundations', 'homelessness-and-labour-exploitation']) await ok(await call(learner, 'POST', `/api/courses/${slug}/enrolments`), 201);
    const page1 = await ok(await call(learner, 'GET', '/api/me/enrolments?limit=1'));
    expect(page1.items).toHaveLength(1);
    const page2 = await ok(await call(learner, 'GET', `/api/me/enrolments?limit=1&cursor=${encodeURIComponent(page1.nextCursor)}`));
    expect(page2.nextCursor).toBeNull();
    expect([page1.items[0].courseSlug, page2.items[0].courseSlug].sort()).toEqual(['foundations', 'homelessness-and-labour-exploitation']);
    await ok(await call(learner, 'GET', '/api/me/enrolments?cursor=not-a-cursor'), 400);
    await ok(await call(null, 'GET', '/api/me/enrolments'), 401);

    // They are the learner's data: "download my data" includes them.
    const exported = await ok(await call(learner, 'GET', '/api/me/export'));
    expect(exported.learningRecords.map((r: { courseSlug: string }) => r.courseSlug).sort()).toEqual(['foundations', 'homelessness-and-labour-exploitation']);
    expect(exported.learningRecords[0]).toMatchObject({ kind: 'enrolment', versionNumber: 1 });
  });

  it('is refused (404) for unknown and draft courses; publishing and unpublishing a course is the authors’ call', async () => {
    const learner = await person();
    await ok(await call(learner, 'POST', '/api/courses/no-such-course/enrolments'), 404);
    const slug = `draft-${randomUUID().slice(0, 8)}`;
    const draft = await ok(await call(admin, 'POST', '/api/authoring/courses', { slug, title: 'A draft', moduleSlugs: [FF_MODULE], passMark: 50 }), 201);
    expect(draft).toMatchObject({ status: 'draft', visibility: 'public', version: 1 });
    await ok(await call(learner, 'POST', `/api/courses/${slug}/enrolments`), 404);
    await ok(await call(null, 'GET', `/api/courses/${slug}`), 404);
    // Not theirs to edit: to them the draft does not exist.
    await ok(await call(trainerA, 'POST', `/api/authoring/courses/${slug}/publish`), 404);
    expect(await ok(await call(admin, 'POST', `/api/authoring/courses/${slug}/publish`))).toMatchObject({ status: 'published' });
    await ok(await call(learner, 'POST', `/api/courses/${slug}/enrolments`), 201);
    await ok(await call(admin, 'POST', `/api/authoring/courses/${slug}/unpublish`));
    await ok(await call(null, 'GET', `/api/courses/${slug}`), 404);
  });
});

describe('authoring', () => {
  it('refuses edits to items imported from backend/content (422), and leaves them unchanged', async () => {
    for (const [path, body] of [
      ['/api/authoring/courses/foundations', { passMark: 1 }],
      [`/api/authoring/modules/${FF_MODULE}`, { title: 'Changed' }],
    ] as const) {
      const error = await ok(await call(admin, 'PATCH', path, body), 422);
      expect(error).toMatchObject({ code: 'CONTENT_MANAGED_BY_FILES', message: 'imported from backend/content; edit the file' });
    }
    await ok(
      await call(admin, 'POST', `/api/authoring/modules/${FF_MODULE}/lessons`, { slug: 'new', title: 'New', estimatedMinutes: 5, bodyMarkdown: 'x' }),
      422,
    );
    const lessonId = (await db.query(`SELECT l.id FROM lessons l JOIN modules m ON m.id = l.module_id WHERE m.slug = $1 LIMIT 1`, [FF_MODULE])).rows[0].id;
    await ok(await call(admin, 'PATCH', `/api/authoring/lessons/${lessonId}`, { title: 'Changed' }), 422);
    await ok(await call(admin, 'POST', '/api/authoring/courses/foundations/unpublish'), 422);
    const versions = await db.query(`SELECT count(*)::int AS n FROM course_versions v JOIN courses c ON c.id = v.course_id WHERE c.slug = 'foundations'`);
    expect(versions.rows[0].n).toBe(1);
    expect((await db.query(`SELECT title FROM modules WHERE slug = $1`, [FF_MODULE])).rows[0].title).not.toBe('Changed');
  });

  it('checks lesson sources against the publication’s source text', async () => {
    const moduleSlug = `sources-${randomUUID().slice(0, 8)}`;
    await ok(await call(admin, 'POST', '/api/authoring/modules', { slug: moduleSlug, publicationSlug: FF_PUBLICATION, title: 'Sources', summary: 'S' }), 201);
    const sourceText: string = (await db.query(`SELECT source_text FROM publications WHERE slug = $1`, [FF_PUBLICATION])).rows[0].source_text;
    const passage = sourceText.split(/\s+/).slice(0, 8).join(' ');
    const lesson = { slug: 'cited', title: 'Cited', estimatedMinutes: 3, bodyMarkdown: 'Text.' };
    const error = await ok(
      await call(admin, 'POST', `/api/authoring/modules/${moduleSlug}/lessons`, {
        ...lesson,
        sources: [{ publication: FF_PUBLICATION, passage: 'words that are not in it at all 12345' }],
      }),
      400,
    );
    expect(error.details.fields[0].field).toBe('sources');
    const created = await ok(
      await call(admin, 'POST', `/api/authoring/modules/${moduleSlug}/lessons`, { ...lesson, sources: [{ publication: FF_PUBLICATION, passage }] }),
      201,
    );
    expect(created).toMatchObject({ position: 1, sources: [{ publication: FF_PUBLICATION, passage }] });
    await ok(await call(admin, 'POST', `/api/authoring/modules/${moduleSlug}/lessons`, lesson), 409);
    await ok(await call(trainerA, 'POST', `/api/authoring/modules/${moduleSlug}/lessons`, lesson), 403);
  });

  it('lets nothing executable from the XSS corpus reach a rendered lesson or the preview', async () => {
    const moduleSlug = `xss-${randomUUID().slice(0, 8)}`;
    await ok(await call(admin, 'POST', '/api/authoring/modules', { slug: moduleSlug, publicationSlug: FF_PUBLICATION, title: 'XSS', summary: 'Corpus' }), 201);
    const ids: string[] = [];
    for (const [i, payload] of XSS_CORPUS.entries()) {
      const lesson = await ok(
        await call(admin, 'POST', `/api/authoring/modules/${moduleSlug}/lessons`, {
          slug: `payload-${i}`,
          title: `Payload ${i}`,
          estimatedMinutes: 1,
          bodyMarkdown: `Before.\n\n${payload}\n\nAfter.`,
        }),
        201,
      );
      ids.push(lesson.id);
      expect(executableProblems(lesson.html), payload).toEqual([]);
    }
    // Readable through a course (A's tailored course, read by its trainer), so GET /api/lessons/{id} renders them.
    const course = await createTailored(admin, orgA.id, { title: 'XSS course', moduleSlugs: [moduleSlug], passMark: 50 });
    for (const [i, id] of ids.entries()) {
      const lesson = await ok(await call(trainerA, 'GET', `/api/lessons/${id}?course=${course.slug}`));
      expect(executableProblems(lesson.html), XSS_CORPUS[i]).toEqual([]);
      expect(lesson.html).toContain('Before.');
      const preview = await ok(await call(trainerA, 'POST', '/api/authoring/preview', { markdown: XSS_CORPUS[i] }));
      expect(executableProblems(preview.html), XSS_CORPUS[i]).toEqual([]);
    }
    // The check itself catches what it must.
    expect(executableProblems('<a href="jav&#x09;ascript:alert(1)">x</a>')).not.toEqual([]);
    expect(executableProblems('<p onclick="x()">x</p>')).not.toEqual([]);
    expect(executableProblems('&lt;img src=x onerror=alert(1)&gt;')).toEqual([]);
  });

  it('previews only for authors (platform admins, trainers and org admins)', async () => {
    await ok(await call(null, 'POST', '/api/authoring/preview', { markdown: '# x' }), 401);
    await ok(await call(learnerB, 'POST', '/api/authoring/preview', { markdown: '## Title' }), 403);
    expect(await ok(await call(trainerA, 'POST', '/api/authoring/preview', { markdown: '## Title\n\n*x*' }))).toEqual({
      html: '<h2 id="title">Title</h2>\n<p><em>x</em></p>\n',
    });
    await ok(await call(trainerA, 'POST', '/api/authoring/preview', { markdown: 'x'.repeat(100_001) }), 400);
  });
});

describe('image uploads', () => {
  const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 1)]);
  const upload = (who: SignedIn | null, data: Buffer, name: string, type: string) => {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(data)], { type }), name);
    return fetch(`${api.baseUrl}/api/authoring/images`, { method: 'POST', headers: who ? who.headers : {}, body: form });
  };

  it('stores a real image under a random name and serves it with its type, nosniff and a closed CSP', async () => {
    const stored = await ok(await upload(trainerA, PNG, 'photo.jpg', 'image/jpeg'), 201);
    expect(stored).toMatchObject({ contentType: 'image/png', size: PNG.length });
    expect(stored.file).toMatch(/^[a-f0-9]{32}\.png$/);
    const res = await fetch(`${api.baseUrl}${stored.url}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toBe("default-src 'none'");
    expect(Buffer.from(await res.arrayBuffer()).equals(PNG)).toBe(true);
    // Usable in a lesson: the sanitiser keeps images from our uploads only.
    const preview = await ok(await call(trainerA, 'POST', '/api/authoring/preview', { markdown: `![A chart](${stored.url})` }));
    expect(preview.html).toContain(`<img src="${stored.url}" alt="A chart" />`);
  });

  it('checks the bytes, not the name or the client’s type (415), and the size (413)', async () => {
    const html = Buffer.from('<html><script>alert(1)</script></html>');
    expect(await ok(await upload(trainerA, html, 'innocent.png', 'image/png'), 415)).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE' });
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>');
    await ok(await upload(admin, svg, 'image.svg', 'image/svg+xml'), 415);
    const big = Buffer.concat([PNG, Buffer.alloc(2 * 1024 * 1024)]);
    expect(await ok(await upload(trainerA, big, 'big.png', 'image/png'), 413)).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
  });

  it('is for authors only, and serves nothing but stored names', async () => {
    await ok(await upload(null, PNG, 'a.png', 'image/png'), 401);
    await ok(await upload(learnerB, PNG, 'a.png', 'image/png'), 403);
    await ok(await call(null, 'GET', `/api/uploads/${'0'.repeat(32)}.png`), 404);
    await ok(await call(null, 'GET', '/api/uploads/..%2F..%2Fpackage.json'), 404);
    await ok(await call(null, 'GET', '/api/uploads/x.html'), 404);
  });
});

describe('training enquiries', () => {
  const enquiry = (over: Record<string, unknown> = {}) => ({
    organisation: 'Safe Homes Trust',
    contactName: 'Ada Contact',
    email: `contact-${randomUUID()}@example.org`,
    needs: 'Training for 40 outreach workers on spotting labour exploitation.',
    staffCount: 40,
    preferredTiming: 'Spring',
    ...over,
  });

  it('are stored, acknowledged by mail, listed for platform admins only, with a status they set', async () => {
    const body = enquiry();
    const receipt = await ok(await call(null, 'POST', '/api/enquiries', body, { 'x-forwarded-for': randomClientIp() }), 201);
    expect(receipt).toMatchObject({ id: expect.any(String), message: expect.any(String) });
    const deadline = Date.now() + 5_000;
    while ((await mailsTo(mailDir, body.email)).length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const [mail] = await mailsTo(mailDir, body.email);
    expect(mail).toMatchObject({ subject: 'We have received your training enquiry' });
    expect(mail!.text).toContain('Safe Homes Trust');

    const list = await ok(await call(admin, 'GET', '/api/enquiries?status=new'));
    expect(list.items[0]).toMatchObject({ id: receipt.id, status: 'new', organisation: 'Safe Homes Trust', staffCount: 40, preferredTiming: 'Spring' });
    expect(await ok(await call(admin, 'PATCH', `/api/enquiries/${receipt.id}`, { status: 'in_progress' }))).toMatchObject({ status: 'in_progress' });
    expect((await ok(await call(admin, 'GET', '/api/enquiries?status=new'))).items.map((e: { id: string }) => e.id)).not.toContain(receipt.id);
    expect((await ok(await call(admin, 'GET', '/api/enquiries?status=in_progress'))).items.map((e: { id: string }) => e.id)).toContain(receipt.id);
    await ok(await call(admin, 'PATCH', `/api/enquiries/${receipt.id}`, { status: 'done' }), 400);
    await ok(await call(admin, 'PATCH', `/api/enquiries/${randomUUID()}`, { status: 'closed' }), 404);

    await ok(await call(null, 'GET', '/api/enquiries'), 401);
    await ok(await call(learnerA, 'GET', '/api/enquiries'), 403);
    await ok(await call(trainerA, 'PATCH', `/api/enquiries/${receipt.id}`, { status: 'closed' }), 403);
  });

  it('page newest first, validate the form, and limit each address to 5 an hour', async () => {
    await ok(await call(null, 'POST', '/api/enquiries', enquiry({ staffCount: 0 }), { 'x-forwarded-for': randomClientIp() }), 400);
    await ok(await call(null, 'POST', '/api/enquiries', enquiry({ needs: 'x'.repeat(4001) }), { 'x-forwarded-for': randomClientIp() }), 400);
    await ok(await call(null, 'POST', '/api/enquiries', enquiry({ email: 'not-an-email' }), { 'x-forwarded-for': randomClientIp() }), 400);
    const ip = randomClientIp();
    for (let i = 0; i < 5; i++) await ok(await call(null, 'POST', '/api/enquiries', enquiry(), { 'x-forwarded-for': ip }), 201);
    const limited = await call(null, 'POST', '/api/enquiries', enquiry(), { 'x-forwarded-for': ip });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);

    const page1 = await ok(await call(admin, 'GET', '/api/enquiries?limit=2'));
    expect(page1.items).toHaveLength(2);
    const page2 = await ok(await call(admin, 'GET', `/api/enquiries?limit=2&cursor=${encodeURIComponent(page1.nextCursor)}`));
    expect(Date.parse(page2.items[0].createdAt)).toBeLessThanOrEqual(Date.parse(page1.items[1].createdAt));
    expect(page2.items.map((e: { id: string }) => e.id)).not.toContain(page1.items[0].id);
  });
});

describe('the importer and authored items', () => {
  it('neither retires nor takes over authored courses and modules', async () => {
    const moduleSlug = `authored-${randomUUID().slice(0, 8)}`;
    await ok(await call(admin, 'POST', '/api/authoring/modules', { slug: moduleSlug, publicationSlug: FF_PUBLICATION, title: 'Authored', summary: 'S' }), 201);
    const course = await createTailored(admin, orgA.id, { title: 'Survives imports', moduleSlugs: [moduleSlug, FF_MODULE], passMark: 50 });

    const source = createDataSource({ url: scratch.url, poolMax: 2 });
    await source.initialize();
    const dir = await mkdtemp(join(tmpdir(), 'htmse-content-'));
    try {
      const report = await importContent(source);
      expect(report.modules.retired).toBe(0);
      expect(report.courses.retired).toBe(0);
      const live = await db.query(`SELECT (SELECT retired_at FROM modules WHERE slug = $1) AS m, (SELECT retired_at FROM courses WHERE slug = $2) AS c`, [
        moduleSlug,
        course.slug,
      ]);
      expect(live.rows).toEqual([{ m: null, c: null }]);

      // A file that takes an authored slug stops the import; nothing is written.
      await cp(DEFAULT_CONTENT_DIR, dir, { recursive: true });
      const file = join(dir, 'modules', `${FF_MODULE}.yaml`);
      await writeFile(join(dir, 'modules', `${moduleSlug}.yaml`), (await readFile(file, 'utf8')).replace(`slug: ${FF_MODULE}`, `slug: ${moduleSlug}`));
      await rm(file);
      for (const name of ['foundations.yaml']) {
        const path = join(dir, 'courses', name);
        await writeFile(path, (await readFile(path, 'utf8')).replace(`module: ${FF_MODULE}`, `module: ${moduleSlug}`));
      }
      await expect(importContent(source, dir)).rejects.toThrow(/authored in the browser.*module authored-/);
      expect((await db.query(`SELECT origin, title FROM modules WHERE slug = $1`, [moduleSlug])).rows).toEqual([{ origin: 'authored', title: 'Authored' }]);
    } finally {
      await source.destroy();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('lists of authored items', () => {
  interface Page<T> {
    items: T[];
    nextCursor: string | null;
  }
  type CourseItem = { slug: string; title: string; status: string; visibility: string; organisationName: string | null; version: number; updatedAt: string };
  type ModuleItem = { slug: string; title: string; lessonCount: number; updatedAt: string };

  /** Every item of a list, following nextCursor with small pages. */
  async function everyItem<T>(who: SignedIn, path: string, query = ''): Promise<T[]> {
    const items: T[] = [];
    let cursor: string | null = null;
    do {
      const body: Page<T> = await ok(await call(who, 'GET', `${path}?limit=2${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`));
      expect(body.items.length).toBeLessThanOrEqual(2);
      items.push(...body.items);
      cursor = body.nextCursor;
    } while (cursor);
    return items;
  }

  it('list authored courses (drafts and tailored ones too) and modules in no course for platform admins, never imported ones', async () => {
    const token = randomUUID().slice(0, 8);
    const moduleSlug = `unused-${token}`;
    await ok(
      await call(admin, 'POST', '/api/authoring/modules', {
        slug: moduleSlug,
        publicationSlug: FF_PUBLICATION,
        title: `Unused module ${token}`,
        summary: 'In no course.',
      }),
      201,
    );
    await ok(
      await call(admin, 'POST', `/api/authoring/modules/${moduleSlug}/lessons`, { slug: 'one', title: 'One', estimatedMinutes: 5, bodyMarkdown: 'x' }),
      201,
    );
    const draftSlug = `listed-draft-${token}`;
    await ok(
      await call(admin, 'POST', '/api/authoring/courses', { slug: draftSlug, title: `Listed draft ${token}`, moduleSlugs: [FF_MODULE], passMark: 50 }),
      201,
    );
    const tailored = await createTailored(trainerA, orgA.id, { title: `Listed tailored ${token}`, moduleSlugs: [FF_MODULE], passMark: 50 });

    const courses = await everyItem<CourseItem>(admin, '/api/authoring/courses');
    const slugs = courses.map((c) => c.slug);
    expect(new Set(slugs).size).toBe(slugs.length); // each exactly once across pages
    const authoredCourses = await db.query(`SELECT count(*)::int AS n FROM courses WHERE origin = 'authored' AND retired_at IS NULL`);
    expect(slugs).toHaveLength(authoredCourses.rows[0].n);
    expect(slugs).not.toContain('foundations');
    expect(courses.find((c) => c.slug === draftSlug)).toMatchObject({
      title: `Listed draft ${token}`,
      status: 'draft',
      visibility: 'public',
      organisationName: null,
      version: 1,
    });
    const orgAName = (await db.query(`SELECT name FROM organisations WHERE id = $1`, [orgA.id])).rows[0].name;
    expect(courses.find((c) => c.slug === tailored.slug)).toMatchObject({ status: 'published', visibility: 'organisation', organisationName: orgAName });
    // Most recently updated first: the tailored course was written last.
    const times = courses.map((c) => Date.parse(c.updatedAt));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    expect(slugs.indexOf(tailored.slug)).toBeLessThan(slugs.indexOf(draftSlug));

    const modules = await everyItem<ModuleItem>(admin, '/api/authoring/modules');
    const moduleSlugs = modules.map((m) => m.slug);
    expect(new Set(moduleSlugs).size).toBe(moduleSlugs.length);
    const authoredModules = await db.query(`SELECT count(*)::int AS n FROM modules WHERE origin = 'authored' AND retired_at IS NULL`);
    expect(moduleSlugs).toHaveLength(authoredModules.rows[0].n);
    expect(moduleSlugs).not.toContain(FF_MODULE);
    expect(modules.find((m) => m.slug === moduleSlug)).toMatchObject({ title: `Unused module ${token}`, lessonCount: 1 });
    expect(modules[0]!.slug).toBe(moduleSlug);
  });

  it('filter by title (wildcards taken literally), status and visibility', async () => {
    const token = randomUUID().slice(0, 8);
    const percent = `percent-${token}`;
    await ok(await call(admin, 'POST', '/api/authoring/courses', { slug: percent, title: `100% sure_${token}`, moduleSlugs: [FF_MODULE], passMark: 50 }), 201);
    await ok(await call(admin, 'POST', `/api/authoring/courses/${percent}/publish`));
    const moduleSlug = `filtered-${token}`;
    await ok(
      await call(admin, 'POST', '/api/authoring/modules', {
        slug: moduleSlug,
        publicationSlug: FF_PUBLICATION,
        title: `Filtered ${token.toUpperCase()}`,
        summary: 'S',
      }),
      201,
    );

    const titled = await everyItem<CourseItem>(admin, '/api/authoring/courses', `&q=${token.toUpperCase()}`);
    expect(titled.map((c) => c.slug)).toEqual([percent]);
    for (const wildcard of ['%', '_', '100% sure']) {
      const matched = await everyItem<CourseItem>(admin, '/api/authoring/courses', `&q=${encodeURIComponent(wildcard)}`);
      expect(
        matched.map((c) => c.slug),
        wildcard,
      ).toEqual([percent]);
    }
    expect((await everyItem<ModuleItem>(admin, '/api/authoring/modules', `&q=${token}`)).map((m) => m.slug)).toEqual([moduleSlug]);
    expect(await everyItem<ModuleItem>(admin, '/api/authoring/modules', '&q=%25')).toEqual([]);

    const drafts = await everyItem<CourseItem>(admin, '/api/authoring/courses', '&status=draft');
    expect(drafts.length).toBeGreaterThan(0);
    expect(drafts.every((c) => c.status === 'draft')).toBe(true);
    expect(drafts.map((c) => c.slug)).not.toContain(percent);
    const published = await everyItem<CourseItem>(admin, '/api/authoring/courses', `&status=published&visibility=public&q=${token}`);
    expect(published.map((c) => c.slug)).toEqual([percent]);
    const tailored = await everyItem<CourseItem>(admin, '/api/authoring/courses', '&visibility=organisation');
    expect(tailored.length).toBeGreaterThan(0);
    expect(tailored.every((c) => c.visibility === 'organisation' && c.organisationName !== null)).toBe(true);
    // A blank filter, as a GET form sends it, is no filter.
    const all = await ok(await call(admin, 'GET', '/api/authoring/courses?q=&status=&visibility=&limit=100'));
    expect(all.items.length).toBeGreaterThan(drafts.length);
  });

  it('refuse trainers (403), anonymous callers (401), bad filters and cursors (400)', async () => {
    for (const path of ['/api/authoring/courses', '/api/authoring/modules']) {
      await ok(await call(trainerA, 'GET', path), 403);
      await ok(await call(learnerA, 'GET', path), 403);
      await ok(await call(null, 'GET', path), 401);
      await ok(await call(admin, 'GET', `${path}?cursor=not-a-cursor`), 400);
      await ok(await call(admin, 'GET', `${path}?limit=0`), 400);
      const forged = Buffer.from(JSON.stringify(['2026-01-01', 'x'])).toString('base64url');
      await ok(await call(admin, 'GET', `${path}?cursor=${forged}`), 400);
    }
    await ok(await call(admin, 'GET', '/api/authoring/courses?status=archived'), 400);
    await ok(await call(admin, 'GET', '/api/authoring/courses?visibility=secret'), 400);
  });
});
