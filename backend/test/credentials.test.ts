import { createPublicKey, generateKeyPairSync, randomUUID, verify, type JsonWebKey } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDataSource } from '../src/database.js';
import { runMigrations } from '../src/infra/database/migrate.js';
import { createVerifiedUser, signIn, type SignedIn } from './support/admin.js';
import { startApi, type TestApi } from './support/api.js';
import { createScratchDatabase } from './support/databases.js';
import { spawnService } from './support/processes.js';
import { parseSigningKey } from '../src/config/credential-keys.js';
import { IssuanceService } from '../src/modules/certificates/issuance.service.js';
import { newCourse, newEnrolment, newLesson, newModule, newPublication } from './support/factories.js';

/**
 * Issue #11's verifiable credentials, end to end on the real API and PostgreSQL: the holder's
 * VC-JWT checked by an independent verifier (Node's own Ed25519 verify, not jose) against the
 * JWKS fetched over HTTP, tampering detected, revocation visible in the status list at once, and
 * the refusals. docs/credentials.md.
 */

let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
let ds: DataSource;
let api: TestApi;
let admin: SignedIn;
let holder: SignedIn;
let other: SignedIn;
let publicationId: string;
let certificateDir: string;

const COURSE_TITLE = 'Recognising exploitation in supply chains';

interface Jwk extends JsonWebKey {
  kid: string;
}

interface Certificate {
  id: string;
  code: string;
  statusIndex: number;
}

/**
 * A certificate for `userId`, issued by the certificates module's own issuance (the handler of
 * `course.completed`, PDF and all), for a completion written as the learning module writes it.
 */
async function certificateFor(userId: string, holderName: string): Promise<Certificate> {
  await ds.query(`UPDATE users SET display_name = $2 WHERE id = $1`, [userId, holderName]);
  const m = await newModule(ds, { publicationId, origin: 'authored' });
  await newLesson(ds, { moduleId: m.id, position: 1, estimatedMinutes: 30 });
  const course = await newCourse(ds, { title: COURSE_TITLE, moduleIds: [m.id], origin: 'authored' });
  const enrolment = await newEnrolment(ds, { userId, courseId: course.id, versionId: course.versionId });
  const [completion] = (await ds.query(
    `INSERT INTO course_completions (enrolment_id, user_id, course_id, course_version_id, expires_at)
     VALUES ($1, $2, $3, $4, now() + interval '2 years') RETURNING id, completed_at AS "completedAt"`,
    [enrolment.id, userId, course.id, course.versionId],
  )) as { id: string; completedAt: Date }[];
  await api.app.get(IssuanceService).courseCompleted({
    completionId: completion!.id,
    enrolmentId: enrolment.id,
    userId,
    courseId: course.id,
    courseVersionId: course.versionId,
    completedAt: completion!.completedAt.toISOString(),
  });
  const [row] = (await ds.query(`SELECT id, code, status_index AS "statusIndex" FROM certificates WHERE completion_id = $1`, [
    completion!.id,
  ])) as Certificate[];
  expect(row, 'the certificate was issued').toBeDefined();
  return row!;
}

/** Revoked by a platform admin through the API, as it happens for real. */
async function revoke(certificateId: string): Promise<void> {
  const res = await fetch(`${api.baseUrl}/api/certificates/${certificateId}/revoke`, {
    method: 'POST',
    headers: { ...admin.headers, 'content-type': 'application/json' },
    body: JSON.stringify({ reason: 'Issued in error' }),
  });
  expect(res.status, await res.clone().text()).toBe(200);
}

const get = (path: string, who?: SignedIn | null) => fetch(`${api.baseUrl}${path}`, { headers: who ? who.headers : {} });

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- test reads of decoded JWT parts
const decode = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, any>;

/** The published keys, fetched over HTTP as a verifier would. */
async function publishedKeys(base = api.baseUrl): Promise<Jwk[]> {
  const res = await fetch(`${base}/api/credentials/jwks.json`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { keys: Jwk[] }).keys;
}

/**
 * The independent verifier: the header's kid picks the key from the JWKS, imported with Node's
 * crypto.createPublicKey, and crypto.verify checks the Ed25519 signature over "header.payload".
 */
function independentlyVerified(jwt: string, keys: Jwk[]): boolean {
  const [header, payload, signature] = jwt.split('.');
  const { alg, kid } = decode(header!);
  const jwk = keys.find((k) => k.kid === kid);
  if (alg !== 'EdDSA' || !jwk) return false;
  return verify(null, Buffer.from(`${header}.${payload}`), createPublicKey({ key: jwk, format: 'jwk' }), Buffer.from(signature!, 'base64url'));
}

async function credentialOf(cert: Certificate, who: SignedIn): Promise<string> {
  const res = await get(`/api/certificates/${cert.id}/credential`, who);
  expect(res.status).toBe(200);
  return res.text();
}

/** Whether the status list the credential points at (fetched over HTTP, signature checked) has its bit set. */
async function revokedInStatusList(jwt: string, keys: Jwk[]): Promise<boolean> {
  const { credentialStatus } = decode(jwt.split('.')[1]!);
  const url = new URL(credentialStatus.statusListCredential as string);
  const res = await get(url.pathname);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('application/vc+jwt');
  const list = await res.text();
  expect(independentlyVerified(list, keys)).toBe(true);
  const subject = decode(list.split('.')[1]!).credentialSubject;
  expect(subject.statusPurpose).toBe('revocation');
  const bits = gunzipSync(Buffer.from((subject.encodedList as string).slice(1), 'base64url'));
  expect(bits.length).toBe(16_384);
  const index = Number(credentialStatus.statusListIndex);
  return ((bits[index >> 3]! >> (7 - (index & 7))) & 1) === 1;
}

beforeAll(async () => {
  scratch = await createScratchDatabase(inject('serverUrl'));
  ds = createDataSource({ url: scratch.url, poolMax: 2 });
  await ds.initialize();
  await runMigrations(ds);
  publicationId = (await newPublication(ds)).id;
  certificateDir = await mkdtemp(join(tmpdir(), 'htmse-credentials-'));
  api = await startApi({ DATABASE_URL: scratch.url, QUEUE_DRIVER: 'inline', PUBLIC_ORIGIN: 'https://academy.example.org', CERTIFICATE_DIR: certificateDir });
  admin = await signIn(api.baseUrl, await createVerifiedUser(scratch.url, { admin: true }));
  holder = await signIn(api.baseUrl, await createVerifiedUser(scratch.url));
  other = await signIn(api.baseUrl, await createVerifiedUser(scratch.url));
});

afterAll(async () => {
  await api?.close();
  await ds?.destroy();
  await scratch?.drop();
  if (certificateDir) await rm(certificateDir, { recursive: true, force: true });
});

describe('the published keys', () => {
  it('are a public JWKS: Ed25519, with kid, no private member, cacheable briefly, readable from other origins', async () => {
    const res = await get('/api/credentials/jwks.json');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=300');
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    const { keys } = (await res.json()) as { keys: Jwk[] };
    expect(keys.length).toBe(1);
    expect(keys[0]).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', use: 'sig' });
    expect(keys[0]!.kid).toEqual(expect.any(String));
    expect(Object.keys(keys[0]!).sort()).toEqual(['alg', 'crv', 'kid', 'kty', 'use', 'x']);
  });
});

describe("the holder's credential", () => {
  it('downloads as a VC-JWT file that an independent verifier accepts against the JWKS fetched over HTTP', async () => {
    const cert = await certificateFor(holder.userId, 'Zoë Ødegård-Nguyễn 李');
    const res = await get(`/api/certificates/${cert.id}/credential`, holder);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/vc+jwt');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="htmse-academy-credential-${cert.code}.jwt"`);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const jwt = await res.text();
    expect(jwt).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);

    const keys = await publishedKeys();
    expect(independentlyVerified(jwt, keys)).toBe(true);

    const header = decode(jwt.split('.')[0]!);
    expect(header).toEqual({ alg: 'EdDSA', kid: keys[0]!.kid, typ: 'vc+jwt', cty: 'vc' });
    const vc = decode(jwt.split('.')[1]!);
    expect(vc.type).toEqual(['VerifiableCredential', 'OpenBadgeCredential']);
    expect(vc.id).toBe(`urn:uuid:${cert.id}`);
    expect(vc.jti).toBe(vc.id);
    expect(vc.iss).toBe('https://academy.example.org');
    expect(vc.issuer).toMatchObject({ id: 'https://academy.example.org', name: 'HTMSE Academy' });
    expect(vc.credentialSubject.identifier[0]).toMatchObject({ identityType: 'name', identityHash: 'Zoë Ødegård-Nguyễn 李' });
    expect(vc.credentialSubject.achievement.name).toBe(COURSE_TITLE);
    expect(vc.nbf).toBe(Math.floor(Date.parse(vc.validFrom as string) / 1000));
    expect(vc.exp).toBe(Math.floor(Date.parse(vc.validUntil as string) / 1000));
    expect(vc.credentialStatus).toMatchObject({
      type: 'BitstringStatusListEntry',
      statusPurpose: 'revocation',
      statusListIndex: String(cert.statusIndex),
      statusListCredential: 'https://academy.example.org/api/credentials/status/1',
    });
    expect(JSON.stringify(vc)).not.toContain(holder.email);
    // The same certificate downloads as the same token.
    expect(await credentialOf(cert, holder)).toBe(jwt);
  });

  it('fails verification after one byte of the payload is changed, and with another key', async () => {
    const cert = await certificateFor(holder.userId, 'Ana Holder');
    const jwt = await credentialOf(cert, holder);
    const keys = await publishedKeys();
    const [header, payload, signature] = jwt.split('.');
    const bytes = Buffer.from(payload!, 'base64url');
    const at = bytes.indexOf('Ana Holder');
    expect(at).toBeGreaterThan(0);
    bytes[at] = 'E'.charCodeAt(0); // "Ena Holder"
    const tampered = `${header}.${bytes.toString('base64url')}.${signature}`;
    expect(decode(tampered.split('.')[1]!).credentialSubject.identifier[0].identityHash).toBe('Ena Holder');
    expect(independentlyVerified(tampered, keys)).toBe(false);
    const stranger = generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' });
    expect(independentlyVerified(jwt, [{ ...stranger, kid: keys[0]!.kid }])).toBe(false);
  });

  it('is refused to another learner (404, as if it did not exist), to anonymous callers (401), and for unknown or malformed ids', async () => {
    const cert = await certificateFor(holder.userId, 'Private Holder');
    const theirs = await get(`/api/certificates/${cert.id}/credential`, other);
    expect(theirs.status).toBe(404);
    const theirsBody = (await theirs.json()) as { code: string; message: string };
    expect(theirsBody.code).toBe('NOT_FOUND');
    const unknown = await get(`/api/certificates/${randomUUID()}/credential`, other);
    expect(unknown.status).toBe(404);
    // Another's certificate and no certificate at all are answered alike.
    expect(((await unknown.json()) as { message: string }).message).toBe(theirsBody.message);
    expect((await get(`/api/certificates/${cert.id}/credential`, null)).status).toBe(401);
    const malformed = await get('/api/certificates/not-a-uuid/credential', holder);
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ code: 'VALIDATION_FAILED', details: { fields: [{ field: 'certificateId' }] } });
  });
});

describe('the status list', () => {
  it("shows a revoked certificate's index set at once, and only its own", async () => {
    const keep = await certificateFor(holder.userId, 'Kept Holder');
    const revoked = await certificateFor(holder.userId, 'Revoked Holder');
    const keys = await publishedKeys();
    const keptJwt = await credentialOf(keep, holder);
    const revokedJwt = await credentialOf(revoked, holder);
    expect(await revokedInStatusList(revokedJwt, keys)).toBe(false);

    await revoke(revoked.id);

    expect(await revokedInStatusList(revokedJwt, keys)).toBe(true);
    expect(await revokedInStatusList(keptJwt, keys)).toBe(false);
    // The revoked certificate's credential still verifies: it is the status list that says revoked.
    expect(independentlyVerified(await credentialOf(revoked, holder), keys)).toBe(true);
  });

  it('is public and cacheable for 60 s; lists not in use are 404, bad list ids 400', async () => {
    const res = await get('/api/credentials/status/1', other);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=60');
    const list = decode((await res.text()).split('.')[1]!);
    expect(list).toMatchObject({
      id: 'https://academy.example.org/api/credentials/status/1',
      type: ['VerifiableCredential', 'BitstringStatusListCredential'],
      issuer: 'https://academy.example.org',
      credentialSubject: { type: 'BitstringStatusList', statusPurpose: 'revocation', ttl: 60_000 },
    });
    expect((await get('/api/credentials/status/2')).status).toBe(404);
    for (const bad of ['0', 'abc', '-1', '1.5']) {
      const refused = await get(`/api/credentials/status/${bad}`);
      expect(refused.status, bad).toBe(400);
    }
  });
});

describe('key rotation', () => {
  it('publishes the previous public key beside the new one, so credentials signed before still verify', async () => {
    const cert = await certificateFor(holder.userId, 'Rotated Holder');
    const before = await credentialOf(cert, holder);
    const [oldKey] = await publishedKeys();
    const newKey = generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    const rotated = await startApi({
      DATABASE_URL: scratch.url,
      CERTIFICATE_DIR: certificateDir,
      QUEUE_DRIVER: 'inline',
      PUBLIC_ORIGIN: 'https://academy.example.org',
      CREDENTIALS_SIGNING_KEY: newKey,
      CREDENTIALS_KEY_ID: 'academy-next',
      CREDENTIALS_PREVIOUS_PUBLIC_KEYS: JSON.stringify([oldKey]),
    });
    try {
      const keys = await publishedKeys(rotated.baseUrl);
      expect(keys.map((k) => k.kid)).toEqual(['academy-next', oldKey!.kid]);
      expect(independentlyVerified(before, keys)).toBe(true);
      const after = await (await fetch(`${rotated.baseUrl}/api/certificates/${cert.id}/credential`, { headers: holder.headers })).text();
      expect(decode(after.split('.')[0]!).kid).toBe('academy-next');
      expect(independentlyVerified(after, keys)).toBe(true);
      expect(independentlyVerified(after, [oldKey!])).toBe(false);
    } finally {
      await rotated.close();
    }
  });
});

describe('configuration (the compiled processes)', () => {
  it('the API refuses to start in production without a signing key, naming the variable (exit 78)', async () => {
    const refused = spawnService('main.js', {
      NODE_ENV: 'production',
      DATABASE_URL: scratch.url,
      PUBLIC_ORIGIN: 'https://academy.example.org',
      SMTP_URL: 'smtp://mail.invalid:587',
    });
    const { code } = await refused.exited;
    expect(code, refused.output()).toBe(78);
    expect(refused.output()).toMatch(/CREDENTIALS_SIGNING_KEY: is required in production/);
  });

  it('credentials:keygen prints a private Ed25519 JWK the configuration accepts, and its public half apart', async () => {
    const keygen = spawnService('cli.js', {}, ['credentials:keygen']);
    const { code } = await keygen.exited;
    expect(code, keygen.output()).toBe(0);
    // stdout (the private key) and stderr (kid, public half) arrive on two pipes, in either order.
    const lines = keygen.output().trim().split('\n');
    const privateLine = lines.find((l) => l.startsWith('{') && l.includes('"d"'));
    const publicLine = lines.find((l) => l.startsWith('{') && !l.includes('"d"'));
    const kidLine = lines.find((l) => l.startsWith('kid '));
    const key = parseSigningKey(privateLine!);
    expect(kidLine).toContain(key.publicJwk.kid);
    expect(JSON.parse(publicLine!)).toEqual(key.publicJwk);
    expect(publicLine).not.toContain('"d"');
  });
});
