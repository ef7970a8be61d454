import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { PDFParse } from 'pdf-parse';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDataSource } from '../src/database.js';
import { runMigrations } from '../src/infra/database/migrate.js';
import type { InlineJobQueue } from '../src/infra/queue/inline-job-queue.js';
import { JobQueue } from '../src/infra/queue/job-queue.js';
import { OutboxRelay } from '../src/infra/queue/outbox.js';
import { CertificateRenderer } from '../src/modules/certificates/certificate-renderer.js';
import { IssuanceService } from '../src/modules/certificates/issuance.service.js';
import { createVerifiedUser, signIn, type SignedIn } from './support/admin.js';
import { startApi, type TestApi } from './support/api.js';
import { createScratchDatabase } from './support/databases.js';
import { newCourse, newEnrolment, newLesson, newMembership, newModule, newOrganisation, newPublication } from './support/factories.js';
import { mailsTo } from './support/people.js';

/**
 * Issue #11's certificates end to end: the real API (inline queue driver, so the jobs run in this
 * process and can be drained), PostgreSQL, the certificate store in a temporary directory.
 */

let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
let ds: DataSource;
let db: pg.Client;
let api: TestApi;
let admin: SignedIn;
let publicationId: string;
let certificateDir: string;
let mailDir: string;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a JSON body, checked by the tests' expectations
type Body = any;

async function call(who: SignedIn | null, method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${api.baseUrl}${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(who ? who.headers : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

async function ok(res: Response, status = 200): Promise<Body> {
  const text = await res.text();
  expect(res.status, `${res.url}: ${text.slice(0, 400)}`).toBe(status);
  return text ? JSON.parse(text) : undefined;
}

const fieldsOf = async (res: Response) => (await ok(res, 400)).details.fields.map((f: { field: string }) => f.field);

async function person(displayName?: string): Promise<SignedIn> {
  const user = await createVerifiedUser(scratch.url);
  if (displayName) await db.query(`UPDATE users SET display_name = $2 WHERE id = $1`, [user.userId, displayName]);
  return signIn(api.baseUrl, user);
}

async function settle(): Promise<void> {
  for (let i = 0; i < 3; i++) {
    await api.app.get(OutboxRelay).drain();
    await (api.app.get(JobQueue) as InlineJobQueue).drain();
  }
}

/** A published course (optionally an organisation's tailored course) of one module with two 45-minute lessons. */
async function course(opts: { title?: string; organisationId?: string; validityMonths?: number } = {}) {
  const m = await newModule(ds, { publicationId, origin: 'authored' });
  const lessons = [
    await newLesson(ds, { moduleId: m.id, position: 1, estimatedMinutes: 45 }),
    await newLesson(ds, { moduleId: m.id, position: 2, estimatedMinutes: 45 }),
  ];
  const c = await newCourse(ds, {
    title: opts.title ?? `Course ${randomUUID().slice(0, 6)}`,
    moduleIds: [m.id],
    organisationId: opts.organisationId,
    origin: 'authored',
  });
  if (opts.validityMonths) await db.query(`UPDATE course_versions SET validity_months = $2 WHERE id = $1`, [c.versionId, opts.validityMonths]);
  return { ...c, lessonIds: lessons.map((l) => l.id) };
}

/** A completion written as the learning module writes it (no outbox row: the tests call the handler themselves). */
async function completion(userId: string, c: { id: string; versionId: string }, opts: { finalScore?: number | null; expiresAt?: Date | null } = {}) {
  const e = await newEnrolment(ds, { userId, courseId: c.id, versionId: c.versionId });
  const { rows } = await db.query<{ id: string; completed_at: Date }>(
    `INSERT INTO course_completions (enrolment_id, user_id, course_id, course_version_id, final_score, expires_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id, completed_at`,
    [e.id, userId, c.id, c.versionId, opts.finalScore ?? null, opts.expiresAt ?? null],
  );
  const row = rows[0]!;
  return {
    id: row.id,
    payload: { completionId: row.id, enrolmentId: e.id, userId, courseId: c.id, courseVersionId: c.versionId, completedAt: row.completed_at.toISOString() },
  };
}

const certificatesOf = async (completionId: string) =>
  (await db.query(`SELECT * FROM certificates WHERE completion_id = $1 ORDER BY issued_at`, [completionId])).rows;

async function storedFiles(): Promise<string[]> {
  const files: string[] = [];
  for (const d of await readdir(certificateDir).catch(() => [])) for (const f of await readdir(join(certificateDir, d))) files.push(`${d}/${f}`);
  return files;
}

async function pdfText(who: SignedIn, id: string): Promise<string> {
  const res = await call(who, 'GET', `/api/certificates/${id}/pdf`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('application/pdf');
  expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="htmse-academy-certificate-HTM-[0-9A-Z-]+\.pdf"$/);
  const parser = new PDFParse({ data: new Uint8Array(await res.arrayBuffer()) });
  try {
    return (await parser.getText()).text;
  } finally {
    await parser.destroy();
  }
}

beforeAll(async () => {
  scratch = await createScratchDatabase(inject('serverUrl'));
  ds = createDataSource({ url: scratch.url, poolMax: 2 });
  await ds.initialize();
  await runMigrations(ds);
  db = new pg.Client({ connectionString: scratch.url });
  await db.connect();
  publicationId = (await newPublication(ds)).id;
  certificateDir = await mkdtemp(join(tmpdir(), 'htmse-certificates-'));
  mailDir = await mkdtemp(join(tmpdir(), 'htmse-certificates-mail-'));
  api = await startApi({
    DATABASE_URL: scratch.url,
    REDIS_URL: inject('redisUrl'),
    QUEUE_PREFIX: inject('queuePrefix'),
    QUEUE_DRIVER: 'inline',
    CERTIFICATE_DIR: certificateDir,
    MAIL_DIR: mailDir,
    PUBLIC_ORIGIN: 'https://academy.example.org',
  });
  admin = await signIn(api.baseUrl, await createVerifiedUser(scratch.url, { admin: true }));
});

afterAll(async () => {
  await api?.close();
  await db?.end();
  await ds?.destroy();
  await scratch?.drop();
  if (certificateDir) await rm(certificateDir, { recursive: true, force: true });
  if (mailDir) await rm(mailDir, { recursive: true, force: true });
});

describe('issuance', () => {
  it('issues one certificate when a learner completes a course, lists it, mails the learner, and its PDF holds name, course, date, code and score', async () => {
    const c = await course({ title: 'Recognising forced labour in supply chains', validityMonths: 24 });
    const name = 'Zoë Ødegård-Nguyễn 李';
    const learner = await person(name);
    await ok(await call(learner, 'POST', `/api/courses/${c.slug}/enrolments`), 201);
    for (const lessonId of c.lessonIds)
      await ok(await call(learner, 'POST', `/api/lessons/${lessonId}/progress`, { course: c.slug, completed: true, position: 1 }));
    await settle();

    const mine = await ok(await call(learner, 'GET', '/api/me/certificates'));
    expect(mine.nextCursor).toBeNull();
    expect(mine.items).toHaveLength(1);
    const cert = mine.items[0];
    expect(cert).toMatchObject({
      courseTitle: 'Recognising forced labour in supply chains',
      courseSlug: c.slug,
      courseVersion: 1,
      status: 'valid',
      revokedAt: null,
    });
    expect(cert.code).toMatch(/^HTM-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(cert.verifyUrl).toBe(`https://academy.example.org/verify/${cert.code}`);
    expect(new Date(cert.expiresAt).getTime()).toBeGreaterThan(Date.now() + 700 * 86_400_000);
    const row = (await db.query(`SELECT * FROM certificates WHERE id = $1`, [cert.id])).rows[0];
    expect(row).toMatchObject({ holder_name: name, issuer_name: 'HTMSE Academy', organisation_id: null, learning_minutes: 90, score: null });
    expect(row.status_index).toBeGreaterThanOrEqual(0);
    // The file's name says nothing a learner sees (not the id, not the code).
    expect(row.storage_key).toMatch(/^[0-9a-f]{2}\/[0-9a-f]{32}\.pdf$/);
    expect(row.storage_key).not.toContain(cert.id.replace(/-/g, '').slice(0, 8));
    expect(await storedFiles()).toContain(row.storage_key);

    // The inline driver ran the job in the API process: the page was drawn in the renderer's thread, not on the event loop.
    expect(api.app.get(CertificateRenderer).threadStarted).toBe(true);
    const text = await pdfText(learner, cert.id);
    expect(text).toContain(name);
    expect(text).toContain('Recognising forced labour in supply chains');
    expect(text).toContain(cert.code);
    expect(text).toContain(
      new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(row.completed_at)),
    );
    expect(text).toContain('Learning time 1.5 hours');
    expect(text).toContain(`https://academy.example.org/verify/${cert.code}`);
    expect(text).toContain('Version 1');
    expect(text).not.toContain('Final score');

    const mails = await mailsTo(mailDir, learner.email);
    const ready = mails.filter((m) => m.subject.includes('certificate'));
    expect(ready).toHaveLength(1);
    expect(ready[0]!.text).toContain(cert.code);
    expect(ready[0]!.text).toContain('https://academy.example.org/learning/certificates');
    expect(ready[0]!.html).toContain(`Hello ${name},`);
  });

  it('issues exactly once when the job is delivered many times, also concurrently, and leaves one file', async () => {
    const c = await course();
    const learner = await person();
    const done = await completion(learner.userId, c, { finalScore: 87.5 });
    const issuance = api.app.get(IssuanceService);
    const before = (await storedFiles()).length;
    await Promise.all(Array.from({ length: 6 }, () => issuance.courseCompleted(done.payload)));
    await issuance.courseCompleted(done.payload);
    // And once more through the queue, under another job id (a re-delivery BullMQ would not dedupe).
    await api.app.get(JobQueue).enqueue('course.completed', done.payload, { jobId: `course.completed-${done.id}-again` });
    await settle();
    const rows = await certificatesOf(done.id);
    expect(rows).toHaveLength(1);
    expect(rows[0].score).toBe(87.5);
    expect((await storedFiles()).length).toBe(before + 1);
    expect((await mailsTo(mailDir, learner.email)).filter((m) => m.subject.includes('certificate'))).toHaveLength(1);
    const text = await pdfText(learner, rows[0].id);
    expect(text).toContain('Final score 87%');
  });

  it('issues more completions at once than the pool has connections (one connection per issuing job, no pool deadlock)', async () => {
    // The API's pool has 10 connections (DATABASE_POOL_MAX's default): 15 issuances at once would
    // wait for each other forever if each needed a second connection while holding its transaction.
    const c = await course();
    const done = await Promise.all(Array.from({ length: 15 }, async () => completion((await person()).userId, c)));
    const issuance = api.app.get(IssuanceService);
    const outcomes = await Promise.race([
      Promise.all(done.map((d) => issuance.issue(d.id))),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('issuing stalled: pool exhausted')), 30_000)),
    ]);
    expect(outcomes.map((o) => o.kind)).toEqual(Array(15).fill('issued'));
  });

  it('after a failure between the file write and the commit, the retry leaves one certificate with one file, and its code in the PDF', async () => {
    const c = await course();
    const learner = await person();
    const done = await completion(learner.userId, c);
    const issuance = api.app.get(IssuanceService);
    const before = await storedFiles();
    await db.query(
      `CREATE OR REPLACE FUNCTION test_certificates_fail() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'crash before commit'; END $$`,
    );
    await db.query(`CREATE TRIGGER test_certificates_fail BEFORE INSERT ON certificates FOR EACH ROW EXECUTE FUNCTION test_certificates_fail()`);
    try {
      await expect(issuance.courseCompleted(done.payload)).rejects.toThrow(/crash before commit/);
    } finally {
      await db.query(`DROP TRIGGER test_certificates_fail ON certificates`);
    }
    expect(await certificatesOf(done.id)).toHaveLength(0);
    const orphan = (await storedFiles()).filter((f) => !before.includes(f));
    expect(orphan).toHaveLength(1);
    await issuance.courseCompleted(done.payload);
    const rows = await certificatesOf(done.id);
    expect(rows).toHaveLength(1);
    expect((await storedFiles()).filter((f) => !before.includes(f))).toEqual([rows[0].storage_key]);
    expect(await pdfText(learner, rows[0].id)).toContain(rows[0].code);
  });

  it('issues nothing for a completion revoked or archived before the job ran', async () => {
    const c = await course();
    const learner = await person();
    const revoked = await completion(learner.userId, c);
    await db.query(`UPDATE course_completions SET revoked_at = now(), revoked_reason = 'regraded' WHERE id = $1`, [revoked.id]);
    const issuance = api.app.get(IssuanceService);
    await issuance.courseCompleted(revoked.payload);
    expect(await certificatesOf(revoked.id)).toHaveLength(0);
    const other = await course();
    const archived = await completion(learner.userId, other);
    await db.query(`UPDATE course_completions SET archived_at = now() WHERE id = $1`, [archived.id]);
    await issuance.courseCompleted(archived.payload);
    expect(await certificatesOf(archived.id)).toHaveLength(0);
    expect((await ok(await call(learner, 'GET', '/api/me/certificates'))).items).toEqual([]);
  });

  it('revokes the certificate when its completion is withdrawn later (course.completion-revoked), once', async () => {
    const c = await course();
    const learner = await person();
    const done = await completion(learner.userId, c);
    const issuance = api.app.get(IssuanceService);
    await issuance.courseCompleted(done.payload);
    const [row] = await certificatesOf(done.id);
    await db.query(`UPDATE course_completions SET revoked_at = now(), revoked_reason = 'A question was regraded.' WHERE id = $1`, [done.id]);
    await issuance.completionRevoked({ completionId: done.id, reason: 'A question was regraded.' });
    await issuance.completionRevoked({ completionId: done.id, reason: 'again' });
    const [after] = await certificatesOf(done.id);
    expect(after).toMatchObject({ id: row.id, revoked_by: null, revocation_reason: 'The completion was withdrawn. A question was regraded.' });
    expect((await ok(await call(null, 'GET', `/api/certificates/verify/${row.code}`))).status).toBe('revoked');
    // A late duplicate of course.completed issues nothing new for the withdrawn completion.
    await issuance.courseCompleted(done.payload);
    expect(await certificatesOf(done.id)).toHaveLength(1);
  });

  it('names the organisation of a tailored course as the issuer', async () => {
    const org = await newOrganisation(ds, { name: 'Anti-Slavery Partnership North' });
    const c = await course({ organisationId: org.id });
    const learner = await person();
    await newMembership(ds, org.id, learner.userId, 'learner');
    const done = await completion(learner.userId, c);
    await api.app.get(IssuanceService).courseCompleted(done.payload);
    const [row] = await certificatesOf(done.id);
    expect(row).toMatchObject({ organisation_id: org.id, issuer_name: 'Anti-Slavery Partnership North' });
    expect(await pdfText(learner, row.id)).toContain('Issued by Anti-Slavery Partnership North');
  });
});

describe('access', () => {
  it('lets the holder, platform admins and the issuing organisation’s admins download; others get 404, the anonymous 401', async () => {
    const org = await newOrganisation(ds);
    const otherOrg = await newOrganisation(ds);
    const c = await course({ organisationId: org.id });
    const learner = await person();
    await newMembership(ds, org.id, learner.userId, 'learner');
    const done = await completion(learner.userId, c);
    await api.app.get(IssuanceService).courseCompleted(done.payload);
    const [row] = await certificatesOf(done.id);
    const orgAdmin = await person();
    await newMembership(ds, org.id, orgAdmin.userId, 'org_admin');
    const trainer = await person();
    await newMembership(ds, org.id, trainer.userId, 'trainer');
    const otherAdmin = await person();
    await newMembership(ds, otherOrg.id, otherAdmin.userId, 'org_admin');
    const stranger = await person();

    await ok(await call(null, 'GET', `/api/certificates/${row.id}/pdf`), 401);
    for (const who of [stranger, trainer, otherAdmin])
      expect((await ok(await call(who, 'GET', `/api/certificates/${row.id}/pdf`), 404)).code).toBe('NOT_FOUND');
    await ok(await call(stranger, 'GET', `/api/certificates/${randomUUID()}/pdf`), 404);
    expect(await fieldsOf(await call(stranger, 'GET', `/api/certificates/not-a-uuid/pdf`))).toEqual(['certificateId']);
    for (const who of [learner, admin, orgAdmin]) expect((await call(who, 'GET', `/api/certificates/${row.id}/pdf`)).status).toBe(200);
    // Nobody else lists it as theirs.
    expect((await ok(await call(stranger, 'GET', '/api/me/certificates'))).items).toEqual([]);
    await ok(await call(null, 'GET', '/api/me/certificates'), 401);
    // The organisation's list: its admins (and platform admins), not its trainers, not other organisations.
    const list = await ok(await call(orgAdmin, 'GET', `/api/organisations/${org.id}/certificates`));
    expect(list.items.map((i: Body) => i.id)).toEqual([row.id]);
    expect(list.items[0]).toMatchObject({ userId: learner.userId, holderName: 'Test User', status: 'valid' });
    await ok(await call(trainer, 'GET', `/api/organisations/${org.id}/certificates`), 403);
    await ok(await call(otherAdmin, 'GET', `/api/organisations/${org.id}/certificates`), 404);
    expect((await ok(await call(admin, 'GET', `/api/organisations/${org.id}/certificates?status=valid`))).items).toHaveLength(1);
    expect((await ok(await call(admin, 'GET', `/api/organisations/${org.id}/certificates?status=revoked`))).items).toHaveLength(0);
    expect(await fieldsOf(await call(orgAdmin, 'GET', `/api/organisations/${org.id}/certificates?status=lost`))).toEqual(['status']);
  });
});

describe('verification and revocation', () => {
  it('shows only the public fields by code (typed loosely too), 404 for an unknown code, and a revocation at once', async () => {
    const org = await newOrganisation(ds, { name: 'Safe Harbour Trust' });
    const otherOrg = await newOrganisation(ds);
    const c = await course({ organisationId: org.id, title: 'Trauma-informed interviewing' });
    const learner = await person('Amina Rahman');
    await newMembership(ds, org.id, learner.userId, 'learner');
    const done = await completion(learner.userId, c, { finalScore: 91 });
    await api.app.get(IssuanceService).courseCompleted(done.payload);
    const [row] = await certificatesOf(done.id);

    const seen = await ok(await call(null, 'GET', `/api/certificates/verify/${row.code}`));
    expect(Object.keys(seen).sort()).toEqual([
      'accountDeleted',
      'code',
      'courseTitle',
      'courseVersion',
      'expiresAt',
      'holderName',
      'issuedAt',
      'issuer',
      'revokedAt',
      'status',
    ]);
    expect(seen).toMatchObject({
      code: row.code,
      holderName: 'Amina Rahman',
      accountDeleted: false,
      courseTitle: 'Trauma-informed interviewing',
      courseVersion: 1,
      issuer: { name: 'Safe Harbour Trust' },
      status: 'valid',
      expiresAt: null,
      revokedAt: null,
    });
    expect(JSON.stringify(seen)).not.toMatch(/@|userId|email|score/);
    expect((await ok(await call(null, 'GET', `/api/certificates/verify/${row.code.toLowerCase().replace(/-/g, ' ')}`))).code).toBe(row.code);
    await ok(await call(null, 'GET', `/api/certificates/verify/HTM-0000-0000-0000`), 404);
    await ok(await call(null, 'GET', `/api/certificates/verify/${'x'.repeat(300)}`), 404);

    // Refusals: not signed in, the holder, another organisation's admin, bad reasons.
    await ok(await call(null, 'POST', `/api/certificates/${row.id}/revoke`, { reason: 'x' }), 401);
    await ok(await call(learner, 'POST', `/api/certificates/${row.id}/revoke`, { reason: 'x' }), 404);
    const otherAdmin = await person();
    await newMembership(ds, otherOrg.id, otherAdmin.userId, 'org_admin');
    await ok(await call(otherAdmin, 'POST', `/api/certificates/${row.id}/revoke`, { reason: 'not mine' }), 404);
    const orgAdmin = await person();
    await newMembership(ds, org.id, orgAdmin.userId, 'org_admin');
    expect(await fieldsOf(await call(orgAdmin, 'POST', `/api/certificates/${row.id}/revoke`, {}))).toEqual(['reason']);
    expect(await fieldsOf(await call(orgAdmin, 'POST', `/api/certificates/${row.id}/revoke`, { reason: '   ' }))).toEqual(['reason']);
    expect(await fieldsOf(await call(orgAdmin, 'POST', `/api/certificates/${row.id}/revoke`, { reason: 'r'.repeat(501) }))).toEqual(['reason']);
    expect((await ok(await call(null, 'GET', `/api/certificates/verify/${row.code}`))).status).toBe('valid');

    const revoked = await ok(await call(orgAdmin, 'POST', `/api/certificates/${row.id}/revoke`, { reason: 'Issued in error' }));
    expect(revoked).toMatchObject({ id: row.id, status: 'revoked', revocationReason: 'Issued in error' });
    const after = await ok(await call(null, 'GET', `/api/certificates/verify/${row.code}`));
    expect(after.status).toBe('revoked');
    expect(after.revokedAt).not.toBeNull();
    expect(JSON.stringify(after)).not.toContain('Issued in error');
    expect((await ok(await call(orgAdmin, 'POST', `/api/certificates/${row.id}/revoke`, { reason: 'again' }), 409)).code).toBe('CERTIFICATE_ALREADY_REVOKED');
    const audit = (
      await db.query(`SELECT actor_user_id, organisation_id, metadata FROM audit_events WHERE action = 'certificate.revoked' AND target_id = $1`, [row.id])
    ).rows;
    expect(audit).toEqual([{ actor_user_id: orgAdmin.userId, organisation_id: org.id, metadata: { code: row.code, reason: 'Issued in error' } }]);
    expect((await ok(await call(learner, 'GET', '/api/me/certificates'))).items[0]).toMatchObject({ id: row.id, status: 'revoked' });
  });

  it('lets only platform admins revoke a certificate of a public course; shows an expired one as expired', async () => {
    const c = await course();
    const learner = await person();
    const org = await newOrganisation(ds);
    await newMembership(ds, org.id, learner.userId, 'learner');
    const orgAdmin = await person();
    await newMembership(ds, org.id, orgAdmin.userId, 'org_admin');
    const done = await completion(learner.userId, c, { expiresAt: new Date(Date.now() - 86_400_000) });
    await api.app.get(IssuanceService).courseCompleted(done.payload);
    const [row] = await certificatesOf(done.id);
    expect((await ok(await call(null, 'GET', `/api/certificates/verify/${row.code}`))).status).toBe('expired');
    await ok(await call(orgAdmin, 'POST', `/api/certificates/${row.id}/revoke`, { reason: 'member left' }), 404);
    expect((await ok(await call(admin, 'POST', `/api/certificates/${row.id}/revoke`, { reason: 'Fraud' }))).status).toBe('revoked');
  });
});

describe('bulk re-issue', () => {
  it('re-issues with the corrected name, superseding the old certificate; progress is visible; refusals name the field', async () => {
    const c = await course();
    const learner = await person('Jon Smiht');
    const done = await completion(learner.userId, c);
    const second = await person('Other Learner');
    const other = await completion(second.userId, c);
    const issuance = api.app.get(IssuanceService);
    await issuance.courseCompleted(done.payload);
    const [old] = await certificatesOf(done.id);
    await db.query(`UPDATE users SET display_name = 'Jon Smith' WHERE id = $1`, [learner.userId]);

    await ok(await call(learner, 'POST', '/api/admin/certificates/batches', { userIds: [learner.userId], reason: 'Name corrected' }), 403);
    await ok(await call(null, 'POST', '/api/admin/certificates/batches', { userIds: [learner.userId], reason: 'Name corrected' }), 401);
    expect(await fieldsOf(await call(admin, 'POST', '/api/admin/certificates/batches', { reason: 'Name corrected' }))).toEqual(['courseId']);
    expect(await fieldsOf(await call(admin, 'POST', '/api/admin/certificates/batches', { userIds: [learner.userId] }))).toEqual(['reason']);
    expect(await fieldsOf(await call(admin, 'POST', '/api/admin/certificates/batches', { userIds: ['nope'], reason: 'x' }))).toEqual(['userIds']);
    expect(await fieldsOf(await call(admin, 'POST', '/api/admin/certificates/batches', { courseId: 'nope', reason: 'x' }))).toEqual(['courseId']);

    const created = await ok(await call(admin, 'POST', '/api/admin/certificates/batches', { courseId: c.id, reason: 'Name corrected' }), 201);
    expect(created.total).toBe(2);
    await settle();
    const batch = await ok(await call(admin, 'GET', `/api/admin/certificates/batches/${created.id}`));
    expect(batch).toMatchObject({ id: created.id, total: 2, done: 2, failed: 0, skipped: 0, state: 'done' });
    await ok(await call(learner, 'GET', `/api/admin/certificates/batches/${created.id}`), 403);
    await ok(await call(admin, 'GET', `/api/admin/certificates/batches/${randomUUID()}`), 404);

    const rows = await certificatesOf(done.id);
    expect(rows).toHaveLength(2);
    const fresh = rows.find((r: Body) => r.id !== old.id);
    expect(fresh).toMatchObject({ holder_name: 'Jon Smith', superseded_at: null, revoked_at: null, batch_id: created.id });
    expect(rows.find((r: Body) => r.id === old.id)).toMatchObject({ superseded_by_id: fresh.id, holder_name: 'Jon Smiht' });
    expect((await ok(await call(null, 'GET', `/api/certificates/verify/${old.code}`))).status).toBe('revoked');
    expect((await ok(await call(null, 'GET', `/api/certificates/verify/${fresh.code}`))).holderName).toBe('Jon Smith');
    const mine = await ok(await call(learner, 'GET', '/api/me/certificates'));
    expect(mine.items.map((i: Body) => i.id)).toEqual([fresh.id]);
    expect(await pdfText(learner, fresh.id)).toContain('Jon Smith');
    // The other learner had no certificate yet: the batch issued their first.
    expect(await certificatesOf(other.id)).toHaveLength(1);
    expect(await fieldsOf(await call(admin, 'GET', `/api/admin/certificates/batches/not-a-uuid`))).toEqual(['batchId']);

    // The same batch's jobs delivered again change nothing.
    await issuance.batchItem({ batchId: created.id, completionId: done.id }, { jobId: 'again', name: 'certificates.issue', attempt: 1 });
    expect(await certificatesOf(done.id)).toHaveLength(2);
  });
});
