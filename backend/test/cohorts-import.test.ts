import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { OrgRole } from '../src/common/auth/access.js';
import { createDataSource } from '../src/database.js';
import { createVerifiedUser, signIn, type SignedIn } from './support/admin.js';
import { startApi, type TestApi } from './support/api.js';
import { newCourse, newLesson, newModule, newOrganisation, newPublication } from './support/factories.js';
import { mailsTo } from './support/people.js';

/**
 * The cohort CSV import (POST /api/cohorts/{id}/members:import) through the real HTTP app:
 * row-level report, a BOM, empty lines, duplicates and bad emails, importing twice, invitations
 * for addresses not registered, enrolment in the cohort's assignments, the seat limit refusing
 * the whole import, the size limits, and a 10,000-row file (timed).
 */
let api: TestApi;
let db: DataSource;
let mailDir: string;
let platformAdmin: SignedIn;

async function person(organisationId: string, role: OrgRole = 'learner'): Promise<SignedIn> {
  const user = await createVerifiedUser(inject('databaseUrl'));
  await db.query(`INSERT INTO memberships (organisation_id, user_id, role) VALUES ($1, $2, $3)`, [organisationId, user.userId, role]);
  return signIn(api.baseUrl, user);
}

async function importCsv(as: SignedIn, cohortId: string, csv: string | Buffer, contentType = 'text/csv') {
  const res = await fetch(`${api.baseUrl}/api/cohorts/${cohortId}/members:import`, {
    method: 'POST',
    headers: { authorization: `Bearer ${as.accessToken}`, 'content-type': contentType },
    body: csv,
  });
  const text = await res.text();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  let body: any = null;
  try {
    body = JSON.parse(text);
  } catch {
    body = null;
  }
  return { status: res.status, body, text };
}

async function newCohort(admin: SignedIn, organisationId: string, name = `Cohort ${randomUUID().slice(0, 6)}`): Promise<string> {
  const res = await fetch(`${api.baseUrl}/api/organisations/${organisationId}/cohorts`, {
    method: 'POST',
    headers: { ...admin.headers, 'content-type': 'application/json' },
    body: JSON.stringify({ name }),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

beforeAll(async () => {
  mailDir = await mkdtemp(join(tmpdir(), 'htmse-cohort-import-mail-'));
  api = await startApi({
    DATABASE_URL: inject('databaseUrl'),
    REDIS_URL: inject('redisUrl'),
    QUEUE_PREFIX: `${inject('queuePrefix')}-cohort-import`,
    QUEUE_DRIVER: 'inline',
    MAIL_DIR: mailDir,
    PUBLIC_ORIGIN: 'http://academy.test',
  });
  db = createDataSource({ url: inject('databaseUrl'), poolMax: 3 });
  await db.initialize();
  platformAdmin = await signIn(api.baseUrl, await createVerifiedUser(inject('databaseUrl'), { admin: true }));
});

afterAll(async () => {
  await db?.destroy();
  await api?.close();
  if (mailDir) await rm(mailDir, { recursive: true, force: true });
});

describe('cohort CSV import', () => {
  let orgId: string;
  let admin: SignedIn;
  let trainer: SignedIn;
  let registered: SignedIn;
  let cohortId: string;
  let courseId: string;

  beforeAll(async () => {
    orgId = (await newOrganisation(db)).id;
    admin = await person(orgId, 'org_admin');
    trainer = await person(orgId, 'trainer');
    registered = await person(orgId, 'learner');
    cohortId = await newCohort(admin, orgId, 'Import');
    const publication = await newPublication(db, {});
    const mod = await newModule(db, { publicationId: publication.id });
    await newLesson(db, { moduleId: mod.id, position: 1 });
    courseId = (await newCourse(db, { moduleIds: [mod.id] })).id;
    const assigned = await fetch(`${api.baseUrl}/api/cohorts/${cohortId}/assignments`, {
      method: 'POST',
      headers: { ...admin.headers, 'content-type': 'application/json' },
      body: JSON.stringify({ courseId, dueAt: new Date(Date.now() + 14 * 86_400_000).toISOString() }),
    });
    expect(assigned.status).toBe(201);
  });

  it('imports the good rows and reports each bad one by line and field: BOM, empty line, duplicates, bad emails, long fields', async () => {
    const newcomer = `newcomer-${randomUUID()}@example.org`;
    const csv = [
      '\uFEFFemail,name,external_id',
      `${registered.email.toUpperCase()},Registered Person,HR-1`,
      `${newcomer},Nadia Newcomer,HR-2`,
      '',
      'not-an-email,Bad Email,HR-3',
      `${newcomer},Duplicate,HR-4`,
      `long@example.org,${'n'.repeat(201)},HR-5`,
      `,,HR-6`,
      `ext@example.org,Ext,${'x'.repeat(101)}`,
      '',
    ].join('\r\n');
    const res = await importCsv(admin, cohortId, csv);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ rows: 7, imported: 2, alreadyMembers: 0, invited: 1, rejected: 5 });
    expect(res.body.errors).toEqual([
      { line: 5, field: 'email', reason: 'email is not an email address' },
      { line: 6, field: 'email', reason: 'email is already on line 3' },
      { line: 7, field: 'name', reason: 'name is longer than 200 characters' },
      { line: 8, field: 'email', reason: 'email is missing' },
      { line: 9, field: 'external_id', reason: 'external_id is longer than 100 characters' },
    ]);
    const rejected = (res.body.rejectedCsv as string).trimEnd().split('\r\n');
    expect(rejected[0]).toBe('email,name,external_id,line,errors');
    expect(rejected).toHaveLength(6);
    expect(rejected[1]).toBe('not-an-email,Bad Email,HR-3,5,email is not an email address');

    // The registered member is in and enrolled; the newcomer is pending, invited by mail, not enrolled yet.
    const members = (await db.query(`SELECT user_id, email, external_id, invitation_id FROM cohort_members WHERE cohort_id = $1 ORDER BY external_id`, [
      cohortId,
    ])) as { user_id: string | null; email: string; external_id: string; invitation_id: string | null }[];
    expect(members).toEqual([
      { user_id: registered.userId, email: registered.email, external_id: 'HR-1', invitation_id: null },
      { user_id: null, email: newcomer, external_id: 'HR-2', invitation_id: expect.any(String) },
    ]);
    expect(await db.query(`SELECT 1 FROM enrolments WHERE user_id = $1 AND course_id = $2`, [registered.userId, courseId])).toHaveLength(1);
    // The mail leaves through the outbox once the import committed.
    await expect.poll(async () => (await mailsTo(mailDir, newcomer)).length, { timeout: 10_000 }).toBe(1);
  });

  it('adds no one when the same file comes again, and sends no second invitation', async () => {
    const before = (await db.query(`SELECT count(*)::int AS n FROM cohort_members WHERE cohort_id = $1`, [cohortId]))[0].n as number;
    const invitationsBefore = (await db.query(`SELECT count(*)::int AS n FROM invitations WHERE organisation_id = $1`, [orgId]))[0].n as number;
    const emails = (await db.query(`SELECT email FROM cohort_members WHERE cohort_id = $1 ORDER BY email`, [cohortId])) as { email: string }[];
    const csv = ['email', ...emails.map((e) => e.email)].join('\n');
    const first = await importCsv(admin, cohortId, csv);
    const second = await importCsv(admin, cohortId, csv);
    for (const res of [first, second]) expect(res.body).toMatchObject({ imported: 0, alreadyMembers: emails.length, invited: 0, rejected: 0, errors: [] });
    expect((await db.query(`SELECT count(*)::int AS n FROM cohort_members WHERE cohort_id = $1`, [cohortId]))[0].n).toBe(before);
    expect((await db.query(`SELECT count(*)::int AS n FROM invitations WHERE organisation_id = $1`, [orgId]))[0].n).toBe(invitationsBefore);
  });

  it('refuses a file it cannot read as a whole (400 with the reason), another content type (415), and files over the limits (413)', async () => {
    const noEmail = await importCsv(admin, cohortId, 'name,external_id\nAna,1\n');
    expect(noEmail.status).toBe(400);
    expect(noEmail.body.details.errors).toEqual([{ line: 1, field: 'email', reason: 'the header has no email column' }]);
    const broken = await importCsv(admin, cohortId, 'email\n"unclosed@example.org\n');
    expect([broken.status, broken.body.details.errors[0].field]).toEqual([400, 'file']);
    expect((await importCsv(admin, cohortId, '', 'text/csv')).status).toBe(400);
    const json = await fetch(`${api.baseUrl}/api/cohorts/${cohortId}/members:import`, {
      method: 'POST',
      headers: { ...admin.headers, 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'a@example.org' }),
    });
    expect(json.status).toBe(415);
    const tooManyRows = ['email', ...Array.from({ length: 20_001 }, (_, i) => `r${i}@x.io`)].join('\n');
    expect(Buffer.byteLength(tooManyRows)).toBeLessThan(2 * 1024 * 1024);
    const rows = await importCsv(admin, cohortId, tooManyRows);
    expect([rows.status, rows.body.code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    const tooBig = await importCsv(admin, cohortId, `email\n${'a'.repeat(2 * 1024 * 1024)}@example.org\n`);
    expect(tooBig.status).toBe(413);
    // A trainer cannot import (it invites people into the organisation); nothing was written by any of these.
    expect((await importCsv(trainer, cohortId, 'email\nt@example.org\n')).status).toBe(404);
    expect(await db.query(`SELECT 1 FROM cohort_members WHERE email IN ('a@example.org', 't@example.org', 'r0@x.io')`)).toEqual([]);
  });

  it('refuses the whole import with SEAT_LIMIT_REACHED when the valid rows need more seats than the licence has', async () => {
    const org = (await newOrganisation(db)).id;
    const orgAdmin = await person(org, 'org_admin');
    const cohort = await newCohort(orgAdmin, org);
    await fetch(`${api.baseUrl}/api/organisations/${org}/licence`, {
      method: 'PUT',
      headers: { ...platformAdmin.headers, 'content-type': 'application/json' },
      body: JSON.stringify({ seatLimit: 3 }),
    });
    const csv = ['email', ...Array.from({ length: 4 }, () => `seat-${randomUUID()}@example.org`)].join('\n');
    const res = await importCsv(orgAdmin, cohort, csv);
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'SEAT_LIMIT_REACHED', details: { seatLimit: 3, seatsUsed: 0, seatsNeeded: 4 } });
    expect(await db.query(`SELECT 1 FROM cohort_members WHERE cohort_id = $1`, [cohort])).toEqual([]);
    expect(await db.query(`SELECT 1 FROM invitations WHERE organisation_id = $1`, [org])).toEqual([]);
    const three = ['email', ...csv.split('\n').slice(1, 4)].join('\n');
    expect((await importCsv(orgAdmin, cohort, three)).body).toMatchObject({ imported: 3, invited: 3 });
  });

  it('imports a 10,000-row file (half registered members, half new) in one go, with a correct report, and again adds no one', async () => {
    const org = (await newOrganisation(db)).id;
    const orgAdmin = await person(org, 'org_admin');
    const cohort = await newCohort(orgAdmin, org);
    // 5,000 registered members of the organisation, written straight into the database.
    const registeredEmails = Array.from({ length: 5000 }, (_, i) => `staff-${i}-${randomUUID().slice(0, 8)}@example.org`);
    await db.query(
      `WITH u AS (INSERT INTO users (email, display_name, password_hash, email_verified_at)
                  SELECT e, 'Staff ' || i, 'x', now() FROM unnest($1::text[]) WITH ORDINALITY AS t(e, i) RETURNING id)
       INSERT INTO memberships (organisation_id, user_id, role) SELECT $2, id, 'learner' FROM u`,
      [registeredEmails, org],
    );
    const newEmails = Array.from({ length: 5000 }, (_, i) => `new-${i}-${randomUUID().slice(0, 8)}@example.org`);
    const csv = ['email,name,external_id', ...[...registeredEmails, ...newEmails].map((e, i) => `${e},Person ${i},E${i}`)].join('\n');
    const started = performance.now();
    const res = await importCsv(orgAdmin, cohort, csv);
    const ms = Math.round(performance.now() - started);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ rows: 10_000, imported: 10_000, alreadyMembers: 0, invited: 5000, rejected: 0, errors: [] });
    console.info(`cohort import: 10,000 rows (${Buffer.byteLength(csv)} bytes, 5,000 invitations) in ${ms} ms`);
    expect(ms).toBeLessThan(60_000);
    expect((await db.query(`SELECT count(*)::int AS n FROM cohort_members WHERE cohort_id = $1`, [cohort]))[0].n).toBe(10_000);
    expect((await db.query(`SELECT count(*)::int AS n FROM invitations WHERE organisation_id = $1`, [org]))[0].n).toBe(5000);
    const again = await importCsv(orgAdmin, cohort, csv);
    expect(again.body).toMatchObject({ imported: 0, alreadyMembers: 10_000, invited: 0 });
    expect((await db.query(`SELECT count(*)::int AS n FROM cohort_members WHERE cohort_id = $1`, [cohort]))[0].n).toBe(10_000);
  }, 180_000);
});
