import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDataSource, dataSourceOptions } from '../src/database.js';
import { runMigrations } from '../src/infra/database/migrate.js';
import { migrations } from '../src/migrations/index.js';
import { importContent } from '../src/modules/courses/content/content.importer.js';
import { plainTextLessonHtml } from '../src/modules/courses/lesson-html.js';
import { renderLessonHtml } from '../src/modules/courses/lesson-markdown.js';
import { createVerifiedUser, signIn, type SignedIn } from './support/admin.js';
import { createScratchDatabase } from './support/databases.js';
import { eventually, spawnApi, type ServiceProcess } from './support/processes.js';

/**
 * Issue #7, finding 1: Markdown is rendered once, when a lesson is written, in a worker thread
 * with a time limit; reads serve the stored HTML. The API runs as its own compiled process, as in
 * production, so the health timings measure its event loop and not this test's.
 */

const FF_PUBLICATION = 'behaviour-change-communications-campaigns';
/** Quadratic-ish in marked's emphasis parsing: ~16 s on the event loop before the fix. */
const EMPHASIS_99KB = '_a'.repeat(49_500);
/** 49,000 levels of quotes: a stack overflow (500) before the fix. */
const QUOTES_98KB = '> '.repeat(49_000);

let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
let db: pg.Client;
let api: ServiceProcess & { baseUrl: string };
let mailDir: string;
let admin: SignedIn;
let trainer: SignedIn;
let learner: SignedIn;
let outsider: SignedIn;
let moduleSlug: string;

async function call(who: SignedIn | null, method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${api.baseUrl}${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(who ? who.headers : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

async function ok(res: Response, status = 200) {
  const text = await res.text();
  expect(res.status, `${res.url}: ${text.slice(0, 300)}`).toBe(status);
  return text ? JSON.parse(text) : undefined;
}

/**
 * Runs `request` while GET /api/health is asked again and again (one at a time), for a second
 * at least; answers the request's response, how long it took, and how long each health answer
 * that arrived after the request was sent took.
 */
async function whileWatchingHealth(request: () => Promise<Response>): Promise<{ res: Response; body: string; ms: number; health: number[] }> {
  const health: { sentAt: number; ms: number }[] = [];
  let done = false;
  const watcher = (async () => {
    while (!done) {
      const sentAt = performance.now();
      const res = await fetch(`${api.baseUrl}/api/health`);
      await res.arrayBuffer();
      health.push({ sentAt, ms: performance.now() - sentAt });
      expect(res.status).toBe(200);
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  await new Promise((r) => setTimeout(r, 50));
  const started = performance.now();
  const res = await request();
  const body = await res.text();
  const ms = performance.now() - started;
  // Watch for a second at least, so a quick answer is judged on enough health answers too.
  await new Promise((r) => setTimeout(r, Math.max(0, started + 1_000 - performance.now())));
  done = true;
  await watcher;
  // Every health answer that arrived after the request was sent (the one in flight then included).
  const during = health.filter((h) => h.sentAt + h.ms >= started);
  return { res, body, ms, health: during.map((h) => h.ms) };
}

/**
 * The request answered within 2 s and health kept answering meanwhile. Health is asked
 * throughout (one after another, 20 ms apart), so a stalled event loop shows: before the fix the
 * 99 KB preview held every health answer for 10-16 s, and any render on the event loop that the
 * time limit would stop holds it for at least that limit (1 s). Health typically answers here in
 * 10-60 ms, but this shared 2-core machine (load average ~12 from parallel work) delays single
 * answers by up to ~700 ms even when nothing renders (measured during the 1 MB request, which
 * is refused before any rendering). So the test asks for what a stall cannot give and the noise
 * does not break: a typical (median) answer under 150 ms, and none reaching 1 s.
 */
function expectResponsive(run: { ms: number; health: number[] }) {
  expect(run.ms).toBeLessThan(2_000);
  // Asked throughout: a health answer takes ~10-60 ms here, and the next is sent 20 ms later.
  expect(run.health.length).toBeGreaterThanOrEqual(1 + Math.floor(Math.max(run.ms, 1_000) / 400));
  const sorted = [...run.health].sort((a, b) => a - b);
  const seen = `health answers (ms): ${run.health.map(Math.round).join(' ')}`;
  // Issue #5's line: health in < 100 ms while the render runs. Measured alone on the 2-core
  // machine: medians 2-4 ms, the slowest 30 ms. The median must hold it; a single answer may
  // wait longer on a machine running the other test files at once, but never the render's second.
  expect(sorted[Math.floor(sorted.length / 2)], seen).toBeLessThan(100);
  expect(sorted.at(-1), seen).toBeLessThan(1_000);
}

beforeAll(async () => {
  scratch = await createScratchDatabase(inject('serverUrl'));
  const source = createDataSource({ url: scratch.url, poolMax: 2 });
  await source.initialize();
  await runMigrations(source);
  await importContent(source);
  await source.destroy();
  mailDir = await mkdtemp(join(tmpdir(), 'htmse-rendering-mail-'));
  api = await spawnApi({
    DATABASE_URL: scratch.url,
    REDIS_URL: inject('redisUrl'),
    QUEUE_PREFIX: inject('queuePrefix'),
    QUEUE_DRIVER: 'inline',
    MIGRATIONS_RUN: 'false',
    MAIL_DIR: mailDir,
    LOG_LEVEL: 'warn',
  });
  db = new pg.Client({ connectionString: scratch.url });
  await db.connect();

  admin = await signIn(api.baseUrl, await createVerifiedUser(scratch.url, { admin: true }));
  const person = async () => signIn(api.baseUrl, await createVerifiedUser(scratch.url));
  [trainer, learner, outsider] = await Promise.all([person(), person(), person()]);
  const org = await ok(await call(admin, 'POST', '/api/organisations', { name: `Rendering ${randomUUID().slice(0, 6)}` }), 201);
  await db.query(`INSERT INTO memberships (organisation_id, user_id, role) VALUES ($1, $2, 'trainer'), ($1, $3, 'learner')`, [
    org.id,
    trainer.userId,
    learner.userId,
  ]);
  moduleSlug = `rendering-${randomUUID().slice(0, 8)}`;
  await ok(
    await call(admin, 'POST', '/api/authoring/modules', {
      slug: moduleSlug,
      publicationSlug: FF_PUBLICATION,
      title: 'Rendering',
      summary: 'Lessons for the renderer.',
    }),
    201,
  );
  await ok(
    await call(admin, 'POST', `/api/authoring/modules/${moduleSlug}/lessons`, { slug: 'intro', title: 'Intro', estimatedMinutes: 5, bodyMarkdown: 'Welcome.' }),
    201,
  );
  // A published public course with the module, so its lessons are read as learners read them.
  await ok(
    await call(admin, 'POST', '/api/authoring/courses', {
      slug: moduleSlug,
      title: 'Rendering',
      summary: 'A course.',
      moduleSlugs: [moduleSlug],
      passMark: 50,
    }),
    201,
  );
  await ok(await call(admin, 'POST', `/api/authoring/courses/${moduleSlug}/publish`));
});

afterAll(async () => {
  await api?.stop();
  await db?.end();
  await scratch?.drop();
  if (mailDir) await rm(mailDir, { recursive: true, force: true });
});

describe('the preview', () => {
  it('answers 99 KB of "_a" with 422 naming markdown within 2 s, while health keeps answering', async () => {
    const run = await whileWatchingHealth(() => call(trainer, 'POST', '/api/authoring/preview', { markdown: EMPHASIS_99KB }));
    expect(run.res.status, run.body.slice(0, 300)).toBe(422);
    const error = JSON.parse(run.body);
    expect(error).toMatchObject({ statusCode: 422, code: 'MARKDOWN_REFUSED', details: { fields: [{ field: 'markdown' }] } });
    expect(error.message).toMatch(/^markdown: this Markdown is too complex to render/);
    expect(error.requestId).toEqual(expect.any(String));
    expectResponsive(run);
  });

  it('answers 49,000 nested quotes with a 4xx naming markdown, never a 500', async () => {
    const run = await whileWatchingHealth(() => call(admin, 'POST', '/api/authoring/preview', { markdown: QUOTES_98KB }));
    expect(run.res.status, run.body.slice(0, 300)).toBe(422);
    expect(JSON.parse(run.body)).toMatchObject({ code: 'MARKDOWN_REFUSED', details: { fields: [{ field: 'markdown' }] } });
    expectResponsive(run);
  });

  it('still renders ordinary Markdown after refusing some (the stopped threads were replaced)', async () => {
    // A replaced thread takes a moment to load the renderer; meanwhile a preview may hear 503 + Retry-After.
    await eventually(async () => ((await call(trainer, 'POST', '/api/authoring/preview', { markdown: 'x' })).status === 200 ? true : undefined), 10_000);
    for (let i = 0; i < 3; i++) {
      expect(await ok(await call(trainer, 'POST', '/api/authoring/preview', { markdown: '## Title\n\n*x*' }))).toEqual({
        html: '<h2 id="title">Title</h2>\n<p><em>x</em></p>\n',
      });
    }
  });

  it('is for authors only: a learner, and someone in no organisation, get 403', async () => {
    for (const who of [learner, outsider]) {
      const error = await ok(await call(who, 'POST', '/api/authoring/preview', { markdown: '## Title' }), 403);
      expect(error).toMatchObject({ code: 'FORBIDDEN' });
    }
    // Refused before anything is rendered, pathological input included.
    await ok(await call(learner, 'POST', '/api/authoring/preview', { markdown: EMPHASIS_99KB }), 403);
  });
});

describe('authoring saves', () => {
  const lessonBody = (bodyMarkdown: string) => ({ slug: `l-${randomUUID().slice(0, 8)}`, title: 'A lesson', estimatedMinutes: 5, bodyMarkdown });

  it('answer a 1 MB lesson body within 2 s, create and update alike, while health keeps answering', async () => {
    // 1,000,000 characters: within the API's 1 MiB body limit, over the 100,000-character lesson cap.
    const megabyte = 'Lorem ipsum **dolor** sit _amet_, consectetur. '.repeat(21_277).slice(0, 1_000_000);
    const created = await whileWatchingHealth(() => call(admin, 'POST', `/api/authoring/modules/${moduleSlug}/lessons`, lessonBody(megabyte)));
    expect(created.res.status, created.body.slice(0, 300)).toBe(400);
    expect(JSON.parse(created.body).details.fields.map((f: { field: string }) => f.field)).toEqual(['bodyMarkdown']);
    expectResponsive(created);

    const lesson = await ok(await call(admin, 'POST', `/api/authoring/modules/${moduleSlug}/lessons`, lessonBody('Short.')), 201);
    const updated = await whileWatchingHealth(() => call(admin, 'PATCH', `/api/authoring/lessons/${lesson.id}`, { bodyMarkdown: megabyte }));
    expect(updated.res.status, updated.body.slice(0, 300)).toBe(400);
    expectResponsive(updated);

    // Over 1 MiB of JSON: refused by the body parser, in the error shape.
    const overLimit = await whileWatchingHealth(() =>
      call(admin, 'POST', `/api/authoring/modules/${moduleSlug}/lessons`, lessonBody(`${megabyte}${'\n'.repeat(50_000)}`)),
    );
    expect(overLimit.res.status, overLimit.body.slice(0, 300)).toBe(413);
    expect(JSON.parse(overLimit.body)).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
    expectResponsive(overLimit);
  });

  it('refuse Markdown too complex to render with 422 naming bodyMarkdown within 2 s, and save nothing', async () => {
    const before = await db.query(`SELECT count(*)::int AS n FROM lessons l JOIN modules m ON m.id = l.module_id WHERE m.slug = $1`, [moduleSlug]);
    const created = await whileWatchingHealth(() => call(admin, 'POST', `/api/authoring/modules/${moduleSlug}/lessons`, lessonBody(EMPHASIS_99KB)));
    expect(created.res.status, created.body.slice(0, 300)).toBe(422);
    expect(JSON.parse(created.body)).toMatchObject({ code: 'MARKDOWN_REFUSED', details: { fields: [{ field: 'bodyMarkdown' }] } });
    expectResponsive(created);
    const after = await db.query(`SELECT count(*)::int AS n FROM lessons l JOIN modules m ON m.id = l.module_id WHERE m.slug = $1`, [moduleSlug]);
    expect(after.rows[0].n).toBe(before.rows[0].n);

    const lesson = await ok(await call(admin, 'POST', `/api/authoring/modules/${moduleSlug}/lessons`, lessonBody('Kept *as is*.')), 201);
    const updated = await whileWatchingHealth(() =>
      call(admin, 'PATCH', `/api/authoring/lessons/${lesson.id}`, { title: 'Changed', bodyMarkdown: QUOTES_98KB }),
    );
    expect(updated.res.status, updated.body.slice(0, 300)).toBe(422);
    expect(JSON.parse(updated.body)).toMatchObject({ details: { fields: [{ field: 'bodyMarkdown' }] } });
    expectResponsive(updated);
    expect(await ok(await call(admin, 'GET', `/api/authoring/lessons/${lesson.id}`))).toMatchObject({
      title: 'A lesson',
      bodyMarkdown: 'Kept *as is*.',
      html: '<p>Kept <em>as is</em>.</p>\n',
    });
  });

  it('store the rendered HTML: the lesson is read back with it, and an edit renders it again', async () => {
    const markdown = '## Key findings\n\nHello **A** <script>alert(1)</script>.';
    const html = '<h2 id="key-findings">Key findings</h2>\n<p>Hello <strong>A</strong> &lt;script&gt;alert(1)&lt;/script&gt;.</p>\n';
    const lesson = await ok(await call(admin, 'POST', `/api/authoring/modules/${moduleSlug}/lessons`, lessonBody(markdown)), 201);
    expect(lesson.html).toBe(html);
    const { rows } = await db.query(`SELECT body_html FROM lessons WHERE id = $1`, [lesson.id]);
    expect(rows[0].body_html).toBe(html);
    expect((await ok(await call(admin, 'GET', `/api/authoring/lessons/${lesson.id}`))).html).toBe(html);
    expect((await ok(await call(learner, 'GET', `/api/lessons/${lesson.id}`))).html).toBe(html);

    await ok(await call(admin, 'PATCH', `/api/authoring/lessons/${lesson.id}`, { bodyMarkdown: 'Now *this*.' }));
    expect((await ok(await call(learner, 'GET', `/api/lessons/${lesson.id}`))).html).toBe('<p>Now <em>this</em>.</p>\n');
  });
});

describe('lesson reads', () => {
  it('serve the stored HTML and never render Markdown, however slow it would be', async () => {
    // An imported lesson of a published course, as learners read it.
    const courses = await ok(await call(learner, 'GET', '/api/courses'));
    const course = await ok(await call(learner, 'GET', `/api/courses/${courses.items[0].slug}`));
    const id: string = course.modules[0].lessons[0].id;
    const marker = `<p>stored ${randomUUID()}</p>\n`;
    // Markdown that would take ~16 s to render, and HTML that no render of it could produce.
    await db.query(`UPDATE lessons SET body_markdown = $2, body_html = $3 WHERE id = $1`, [id, EMPHASIS_99KB, marker]);
    const run = await whileWatchingHealth(() => call(learner, 'GET', `/api/lessons/${id}`));
    expect(run.res.status, run.body.slice(0, 300)).toBe(200);
    expect(JSON.parse(run.body).html).toBe(marker);
    expect(run.ms).toBeLessThan(1_000);
    expectResponsive(run);
  });

  it('of imported lessons answer what the renderer made of their Markdown at import', async () => {
    const { rows } = await db.query<{ slug: string; body_markdown: string; body_html: string }>(
      `SELECT l.slug, l.body_markdown, l.body_html FROM lessons l JOIN modules m ON m.id = l.module_id
        WHERE m.origin = 'content' AND l.body_markdown <> $1`,
      [EMPHASIS_99KB],
    );
    expect(rows.length).toBeGreaterThan(5);
    for (const row of rows) expect(row.body_html, row.slug).toBe(renderLessonHtml(row.body_markdown));
  });
});

describe('the migration adding lessons.body_html', () => {
  it('renders every existing lesson, and gives one the renderer refuses its text as escaped paragraphs', async () => {
    const db2 = await createScratchDatabase(inject('serverUrl'));
    const index = migrations.findIndex((m) => m.name === 'AddLessonBodyHtml1764708000000');
    expect(index).toBeGreaterThan(0);
    const before = new DataSource({ ...dataSourceOptions({ url: db2.url, poolMax: 2 }), migrations: migrations.slice(0, index) });
    await before.initialize();
    try {
      await runMigrations(before);
      const [publication] = await before.query(
        `INSERT INTO publications (slug, title, publisher, topics, summary, findings, source_text, content_hash)
         VALUES ('p', 'P', 'Org', '[]', 'S', '[]', 'text', 'h') RETURNING id`,
      );
      const [module] = await before.query(
        `INSERT INTO modules (slug, publication_id, title, summary, content_hash) VALUES ('m', $1, 'M', 'S', 'h') RETURNING id`,
        [publication.id],
      );
      const bodies = ['## Hello\n\nA **bold** <b>claim</b>.', `${EMPHASIS_99KB}\n\n<script>alert(1)</script>`, QUOTES_98KB];
      for (const [i, body] of bodies.entries()) {
        await before.query(
          `INSERT INTO lessons (module_id, slug, position, title, estimated_minutes, objectives, body_markdown, sources, content_hash)
           VALUES ($1, $2, $3, 'L', 5, '{}', $4, '[]', 'h')`,
          [module.id, `l${i}`, i + 1, body],
        );
      }
    } finally {
      await before.destroy();
    }

    const after = createDataSource({ url: db2.url, poolMax: 2 });
    await after.initialize();
    try {
      const started = performance.now();
      expect((await runMigrations(after)).applied).toContain('AddLessonBodyHtml1764708000000');
      // Each refused lesson costs at most the render time limit (1 s), not the 16 s a render would take.
      expect(performance.now() - started).toBeLessThan(10_000);
      const rows: { slug: string; bodyHtml: string }[] = await after.query(`SELECT slug, body_html AS "bodyHtml" FROM lessons ORDER BY slug`);
      expect(rows.map((r) => r.slug)).toEqual(['l0', 'l1', 'l2']);
      expect(rows[0]!.bodyHtml).toBe('<h2 id="hello">Hello</h2>\n<p>A <strong>bold</strong> &lt;b&gt;claim&lt;/b&gt;.</p>\n');
      expect(rows[1]!.bodyHtml).toBe(plainTextLessonHtml(`${EMPHASIS_99KB}\n\n<script>alert(1)</script>`));
      expect(rows[1]!.bodyHtml).toContain('<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>');
      expect(rows[2]!.bodyHtml).toBe(plainTextLessonHtml(QUOTES_98KB));
      const [column] = await after.query(`SELECT is_nullable FROM information_schema.columns WHERE table_name = 'lessons' AND column_name = 'body_html'`);
      expect(column.is_nullable).toBe('NO');
    } finally {
      await after.destroy();
      await db2.drop();
    }
  });
});
