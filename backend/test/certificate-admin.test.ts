import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDataSource } from '../src/database.js';
import { runMigrations } from '../src/infra/database/migrate.js';
import { ACCOUNT_DELETED_REASON } from '../src/modules/certificates/certificate-lookup.repository.js';
import { CertificateStoreSweeper } from '../src/modules/certificates/certificate-store-sweeper.js';
import { HolderErasureService } from '../src/modules/certificates/holder-erasure.service.js';
import { IssuanceService } from '../src/modules/certificates/issuance.service.js';
import { createVerifiedUser, signIn, type SignedIn } from './support/admin.js';
import { startApi, type TestApi } from './support/api.js';
import { createScratchDatabase } from './support/databases.js';
import { newCourse, newEnrolment, newLesson, newMembership, newModule, newOrganisation, newPublication } from './support/factories.js';

/**
 * The platform admins' certificate lookup (any organisation's, and HTMSE Academy's own), and what
 * account deletion does to the person's certificates (docs/certificates.md#account-deletion): the
 * real API (inline queue driver), PostgreSQL, the certificate store in a temporary directory.
 */

let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
let ds: DataSource;
let db: pg.Client;
let api: TestApi;
let admin: SignedIn;
let publicationId: string;
let certificateDir: string;

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

async function person(displayName: string): Promise<SignedIn> {
  const user = await createVerifiedUser(scratch.url);
  await db.query(`UPDATE users SET display_name = $2 WHERE id = $1`, [user.userId, displayName]);
  return signIn(api.baseUrl, user);
}

async function course(opts: { organisationId?: string } = {}) {
  const m = await newModule(ds, { publicationId, origin: 'authored' });
  await newLesson(ds, { moduleId: m.id, position: 1, estimatedMinutes: 30 });
  return newCourse(ds, { title: `Course ${randomUUID().slice(0, 6)}`, moduleIds: [m.id], organisationId: opts.organisationId, origin: 'authored' });
}

/** A completion as the learning module writes it, and its certificate issued by the real handler. */
async function certificate(userId: string, c: { id: string; versionId: string }, finalScore: number | null = 91): Promise<Body> {
  const e = await newEnrolment(ds, { userId, courseId: c.id, versionId: c.versionId });
  const { rows } = await db.query<{ id: string; completed_at: Date }>(
    `INSERT INTO course_completions (enrolment_id, user_id, course_id, course_version_id, final_score) VALUES ($1, $2, $3, $4, $5) RETURNING id, completed_at`,
    [e.id, userId, c.id, c.versionId, finalScore],
  );
  const done = rows[0]!;
  await api.app.get(IssuanceService).courseCompleted({
    completionId: done.id,
    enrolmentId: e.id,
    userId,
    courseId: c.id,
    courseVersionId: c.versionId,
    completedAt: done.completed_at.toISOString(),
  });
  return (await db.query(`SELECT * FROM certificates WHERE completion_id = $1`, [done.id])).rows[0];
}

async function storedFiles(): Promise<string[]> {
  const files: string[] = [];
  for (const d of await readdir(certificateDir).catch(() => [])) for (const f of await readdir(join(certificateDir, d))) files.push(`${d}/${f}`);
  return files;
}

/** Whether the published status list (over HTTP) has the status index's revocation bit set. */
async function revokedInStatusList(statusIndex: number): Promise<boolean> {
  const jwt = await (await call(null, 'GET', `/api/credentials/status/${Math.floor(statusIndex / 131_072) + 1}`)).text();
  const subject = JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString('utf8')).credentialSubject;
  const bits = gunzipSync(Buffer.from((subject.encodedList as string).slice(1), 'base64url'));
  const index = statusIndex % 131_072;
  return ((bits[index >> 3]! >> (7 - (index & 7))) & 1) === 1;
}

beforeAll(async () => {
  scratch = await createScratchDatabase(inject('serverUrl'));
  ds = createDataSource({ url: scratch.url, poolMax: 2 });
  await ds.initialize();
  await runMigrations(ds);
  db = new pg.Client({ connectionString: scratch.url });
  await db.connect();
  publicationId = (await newPublication(ds)).id;
  certificateDir = await mkdtemp(join(tmpdir(), 'htmse-certificate-admin-'));
  api = await startApi({
    DATABASE_URL: scratch.url,
    QUEUE_DRIVER: 'inline',
    CERTIFICATE_DIR: certificateDir,
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
});

describe('platform admin lookup', () => {
  it('finds any certificate by its number as typed from paper, HTMSE Academy’s own courses included, with its status', async () => {
    const learner = await person('Kwame Boateng');
    const own = await certificate(learner.userId, await course());
    const org = await newOrganisation(ds, { name: 'Northern Safeguarding Trust' });
    const tailored = await certificate(learner.userId, await course({ organisationId: org.id }));

    const typed = (own.code as string).toLowerCase().replace(/-/g, ' ').replace(/0/g, 'o');
    const found = await ok(await call(admin, 'GET', `/api/admin/certificates?code=${encodeURIComponent(typed)}`));
    expect(found.nextCursor).toBeNull();
    expect(found.items).toEqual([
      expect.objectContaining({
        id: own.id,
        code: own.code,
        holderName: 'Kwame Boateng',
        accountDeleted: false,
        userId: learner.userId,
        organisationId: null,
        issuerName: 'HTMSE Academy',
        status: 'valid',
        revocationReason: null,
        supersededAt: null,
      }),
    ]);
    const byOrg = await ok(await call(admin, 'GET', `/api/admin/certificates?code=${tailored.code}`));
    expect(byOrg.items).toEqual([expect.objectContaining({ id: tailored.id, organisationId: org.id, issuerName: 'Northern Safeguarding Trust' })]);
    // A well-formed number nobody holds: an empty answer, not an error.
    expect((await ok(await call(admin, 'GET', '/api/admin/certificates?code=HTM-0000-0000-0000'))).items).toEqual([]);
  });

  it('finds a learner’s certificates by email, newest first, in keyset pages', async () => {
    const learner = await person('Ama Owusu');
    const made = [];
    for (let i = 0; i < 3; i++) made.push(await certificate(learner.userId, await course()));
    // A different spelling of the same address finds the same account.
    const email = `  ${learner.email.toUpperCase()} `;
    const first = await ok(await call(admin, 'GET', `/api/admin/certificates?email=${encodeURIComponent(email)}&limit=2`));
    expect(first.items).toHaveLength(2);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await ok(await call(admin, 'GET', `/api/admin/certificates?email=${encodeURIComponent(learner.email)}&limit=2&cursor=${first.nextCursor}`));
    expect(second.items).toHaveLength(1);
    expect(second.nextCursor).toBeNull();
    const ids = [...first.items, ...second.items].map((c: Body) => c.id);
    const expected = [...made].sort((a, b) => b.issued_at.getTime() - a.issued_at.getTime() || (b.id < a.id ? -1 : 1)).map((c) => c.id);
    expect(ids).toEqual(expected);
    expect((await ok(await call(admin, 'GET', '/api/admin/certificates?email=nobody-here%40example.org'))).items).toEqual([]);
  });

  it('a platform admin revokes a public-catalogue certificate with a reason: audited with the admin, shown at once', async () => {
    const learner = await person('Lindiwe Dube');
    const cert = await certificate(learner.userId, await course());
    expect(await fieldsOf(await call(admin, 'POST', `/api/certificates/${cert.id}/revoke`, { reason: '   ' }))).toEqual(['reason']);
    const revoked = await ok(await call(admin, 'POST', `/api/certificates/${cert.id}/revoke`, { reason: 'Issued in error: wrong learner' }));
    expect(revoked).toMatchObject({ id: cert.id, status: 'revoked', revocationReason: 'Issued in error: wrong learner' });
    const found = await ok(await call(admin, 'GET', `/api/admin/certificates?code=${cert.code}`));
    expect(found.items[0]).toMatchObject({ status: 'revoked', revocationReason: 'Issued in error: wrong learner' });
    expect((await ok(await call(null, 'GET', `/api/certificates/verify/${cert.code}`))).status).toBe('revoked');
    const audit = await db.query(`SELECT actor_user_id, organisation_id, metadata FROM audit_events WHERE action = 'certificate.revoked' AND target_id = $1`, [
      cert.id,
    ]);
    expect(audit.rows).toEqual([
      { actor_user_id: admin.userId, organisation_id: null, metadata: { code: cert.code, reason: 'Issued in error: wrong learner' } },
    ]);
    expect((await ok(await call(admin, 'POST', `/api/certificates/${cert.id}/revoke`, { reason: 'again' }), 409)).code).toBe('CERTIFICATE_ALREADY_REVOKED');
  });

  it('answers bad input with 400 naming the field', async () => {
    const q = (query: string) => call(admin, 'GET', `/api/admin/certificates${query}`);
    expect(await fieldsOf(await q(''))).toEqual(['code']);
    expect(await fieldsOf(await q('?code=&email='))).toEqual(['email']);
    expect(await fieldsOf(await q('?code=HTM-0000-0000-0000&email=a%40example.org'))).toEqual(['email']);
    expect(await fieldsOf(await q('?code=not-a-number'))).toEqual(['code']);
    expect(await fieldsOf(await q(`?code=${'A'.repeat(41)}`))).toEqual(['code']);
    expect(await fieldsOf(await q('?email=not-an-address'))).toEqual(['email']);
    expect(await fieldsOf(await q('?email=a%40example.org&limit=0'))).toEqual(['limit']);
    expect(await fieldsOf(await q('?email=a%40example.org&cursor=garbage'))).toEqual(['cursor']);
    expect(await fieldsOf(await q('?code=HTM-0000-0000-0000&cursor=garbage'))).toEqual(['cursor']);
    expect(await fieldsOf(await q('?email=a%40example.org&organisation=x'))).toEqual(['organisation']);
  });

  it('refuses learners (403), org admins (403: their organisation’s list is theirs), and anonymous callers (401)', async () => {
    const org = await newOrganisation(ds, { name: `Org ${randomUUID().slice(0, 6)}` });
    const other = await newOrganisation(ds, { name: `Other ${randomUUID().slice(0, 6)}` });
    const orgAdmin = await person('Org Admin');
    await newMembership(ds, org.id, orgAdmin.userId, 'org_admin');
    const learner = await person('Someone Else');
    const ownCourse = await certificate(learner.userId, await course());
    const otherOrgs = await certificate(learner.userId, await course({ organisationId: other.id }));
    const ours = await certificate(learner.userId, await course({ organisationId: org.id }));

    for (const query of [`?code=${ownCourse.code}`, `?email=${encodeURIComponent(learner.email)}`]) {
      expect((await ok(await call(learner, 'GET', `/api/admin/certificates${query}`), 403)).code).toBe('FORBIDDEN');
      const refused = await call(orgAdmin, 'GET', `/api/admin/certificates${query}`);
      expect(refused.status).toBe(403);
      expect(await refused.text()).not.toContain(ownCourse.code);
      expect((await call(null, 'GET', `/api/admin/certificates${query}`)).status).toBe(401);
    }
    // The org admin's own list holds only what the organisation issued; others' certificates cannot be revoked (404).
    const list = await ok(await call(orgAdmin, 'GET', `/api/organisations/${org.id}/certificates`));
    expect(list.items.map((c: Body) => c.id)).toEqual([ours.id]);
    await ok(await call(orgAdmin, 'GET', `/api/organisations/${other.id}/certificates`), 404);
    for (const id of [ownCourse.id, otherOrgs.id]) await ok(await call(orgAdmin, 'POST', `/api/certificates/${id}/revoke`, { reason: 'no' }), 404);
    await ok(await call(learner, 'POST', `/api/certificates/${ownCourse.id}/revoke`, { reason: 'no' }), 404);
    const rows = await db.query(`SELECT revoked_at FROM certificates WHERE id = ANY($1)`, [[ownCourse.id, otherOrgs.id]]);
    expect(rows.rows.every((r) => r.revoked_at === null)).toBe(true);
  });
});

describe('account deletion', () => {
  it('withdraws the person’s certificates: no name on verification, revoked in the status list, files deleted, data kept minimal', async () => {
    const name = 'Ngozi Adebayo-Okafor';
    const learner = await person(name);
    const org = await newOrganisation(ds, { name: `Trust ${randomUUID().slice(0, 6)}` });
    const orgAdmin = await person('Org Admin');
    await newMembership(ds, org.id, orgAdmin.userId, 'org_admin');
    const own = await certificate(learner.userId, await course(), 88);
    const tailored = await certificate(learner.userId, await course({ organisationId: org.id }), null);
    const revokedBefore = await certificate(learner.userId, await course());
    await ok(await call(admin, 'POST', `/api/certificates/${revokedBefore.id}/revoke`, { reason: 'Issued in error' }));
    const before = await storedFiles();
    for (const c of [own, tailored, revokedBefore]) expect(before).toContain(c.storage_key);
    expect(await revokedInStatusList(own.status_index)).toBe(false);
    // Someone else's certificate is untouched by the deletion.
    const bystander = await certificate((await person('Bystander')).userId, await course());

    const res = await call(learner, 'DELETE', '/api/me', { password: learner.password });
    expect(res.status, await res.clone().text()).toBe(204);

    for (const c of [own, tailored]) {
      const res = await call(null, 'GET', `/api/certificates/verify/${c.code}`);
      const text = await res.text();
      expect(res.status).toBe(200);
      expect(text).not.toContain('Ngozi');
      expect(text).not.toContain('Okafor');
      expect(JSON.parse(text)).toMatchObject({ code: c.code, holderName: null, accountDeleted: true, status: 'revoked', revokedAt: expect.any(String) });
      expect(await revokedInStatusList(c.status_index)).toBe(true);
    }
    const rows = (await db.query(`SELECT * FROM certificates WHERE user_id = $1 ORDER BY issued_at`, [learner.userId])).rows;
    expect(rows).toHaveLength(3);
    for (const row of rows) {
      expect(row).toMatchObject({ holder_name: '', score: null, revoked_by: row.id === revokedBefore.id ? admin.userId : null });
      expect(row.holder_erased_at).toBeInstanceOf(Date);
    }
    expect(rows.find((r) => r.id === own.id)).toMatchObject({ revocation_reason: ACCOUNT_DELETED_REASON });
    // Revoked before: keeps its own reason and date.
    expect(rows.find((r) => r.id === revokedBefore.id)).toMatchObject({ revocation_reason: 'Issued in error' });
    expect(JSON.stringify(rows)).not.toContain('Ngozi');
    const after = await storedFiles();
    for (const c of [own, tailored, revokedBefore]) expect(after).not.toContain(c.storage_key);
    expect(after).toContain(bystander.storage_key);
    expect((await ok(await call(null, 'GET', `/api/certificates/verify/${bystander.code}`))).holderName).toBe('Bystander');

    // Admins see it as withdrawn; its file is gone (410, not a server error).
    const found = await ok(await call(admin, 'GET', `/api/admin/certificates?code=${own.code}`));
    expect(found.items[0]).toMatchObject({ holderName: null, accountDeleted: true, status: 'revoked', revocationReason: ACCOUNT_DELETED_REASON });
    expect((await ok(await call(admin, 'GET', `/api/certificates/${own.id}/pdf`), 410)).code).toBe('CERTIFICATE_WITHDRAWN');
    const orgList = await ok(await call(orgAdmin, 'GET', `/api/organisations/${org.id}/certificates`));
    expect(orgList.items).toEqual([expect.objectContaining({ id: tailored.id, holderName: null, accountDeleted: true, status: 'revoked' })]);
    // The deleted address finds nothing any more.
    expect((await ok(await call(admin, 'GET', `/api/admin/certificates?email=${encodeURIComponent(learner.email)}`))).items).toEqual([]);
    const audit = await db.query(`SELECT metadata FROM audit_events WHERE action = 'account.deleted' AND target_id = $1`, [learner.userId]);
    expect(audit.rows).toEqual([{ metadata: { certificatesWithdrawn: 3 } }]);
    // Withdrawn twice changes nothing.
    expect(await api.app.get(HolderErasureService).eraseHolder(learner.userId)).toBe(0);
  });

  it('an issuance in flight when the account is deleted is withdrawn too (the erasure waits for the completion’s issuing lock)', async () => {
    const learner = await person('Tomasz Wiśniewski');
    const c = await course();
    const first = await certificate(learner.userId, c);
    // A second completion whose issuance holds its lock and has inserted its row, not yet committed.
    const c2 = await course();
    const e2 = await newEnrolment(ds, { userId: learner.userId, courseId: c2.id, versionId: c2.versionId });
    const { rows } = await db.query<{ id: string }>(
      `INSERT INTO course_completions (enrolment_id, user_id, course_id, course_version_id) VALUES ($1, $2, $3, $4) RETURNING id`,
      [e2.id, learner.userId, c2.id, c2.versionId],
    );
    const completionId = rows[0]!.id;
    const issuing = new pg.Client({ connectionString: scratch.url });
    await issuing.connect();
    try {
      await issuing.query('BEGIN');
      await issuing.query(`SELECT pg_advisory_xact_lock(hashtextextended('certificate:' || $1, 0))`, [completionId]);
      const inFlightId = randomUUID();
      await issuing.query(
        `INSERT INTO certificates (id, completion_id, user_id, course_id, course_version_id, code, holder_name, course_title, course_slug, course_version,
                                   issuer_name, completed_at, learning_minutes, score, storage_key, status_index)
         SELECT $1::uuid, $2, user_id, $3, $4, 'HTM-ZZZZ-ZZZZ-ZZZZ', holder_name, course_title, course_slug, course_version, issuer_name, now(), 30, 75,
                'ff/' || md5($1::text) || '.pdf', nextval('certificates_status_index_seq')
           FROM certificates WHERE id = $5`,
        [inFlightId, completionId, c2.id, c2.versionId, first.id],
      );
      await db.query(`UPDATE users SET deleted_at = now(), display_name = 'Deleted user' WHERE id = $1`, [learner.userId]);
      let settled = false;
      const erasure = api.app
        .get(HolderErasureService)
        .eraseHolder(learner.userId)
        .finally(() => (settled = true));
      await new Promise((r) => setTimeout(r, 300));
      expect(settled).toBe(false); // waiting for the issuing lock
      await issuing.query('COMMIT');
      expect(await erasure).toBe(2);
      const after = (await db.query(`SELECT id, holder_name, holder_erased_at, revoked_at FROM certificates WHERE user_id = $1`, [learner.userId])).rows;
      expect(after).toHaveLength(2);
      expect(after.every((r) => r.holder_name === '' && r.holder_erased_at && r.revoked_at)).toBe(true);
      expect(after.map((r) => r.id)).toContain(inFlightId);
    } finally {
      await issuing.end();
    }
  });

  it('a withdrawal that failed at deletion is done by the next sweep (at start and hourly)', async () => {
    const learner = await person('Left Standing');
    const cert = await certificate(learner.userId, await course());
    const standing = await certificate((await person('Still Here')).userId, await course());
    // As if the withdrawal had failed: the account is deleted, its certificate still names it.
    await db.query(`UPDATE users SET deleted_at = now(), display_name = 'Deleted user' WHERE id = $1`, [learner.userId]);
    expect((await ok(await call(null, 'GET', `/api/certificates/verify/${cert.code}`))).holderName).toBe('Left Standing');
    expect(await api.app.get(CertificateStoreSweeper).withdrawLeftovers()).toBeGreaterThanOrEqual(1);
    expect(await ok(await call(null, 'GET', `/api/certificates/verify/${cert.code}`))).toMatchObject({
      holderName: null,
      accountDeleted: true,
      status: 'revoked',
    });
    expect(await storedFiles()).not.toContain(cert.storage_key);
    expect((await ok(await call(null, 'GET', `/api/certificates/verify/${standing.code}`))).holderName).toBe('Still Here');
    expect(await api.app.get(CertificateStoreSweeper).withdrawLeftovers()).toBe(0);
  });

  it('the schema refuses an erased certificate that shows a name or stands valid', async () => {
    const learner = await person('Check Constraint');
    const cert = await certificate(learner.userId, await course());
    await expect(db.query(`UPDATE certificates SET holder_erased_at = now() WHERE id = $1`, [cert.id])).rejects.toThrow(/chk_certificates_holder_erased/);
  });
});
