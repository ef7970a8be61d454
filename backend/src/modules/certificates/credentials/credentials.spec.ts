import { createPublicKey, generateKeyPairSync, verify } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateSigningJwk, parsePreviousPublicKeys, parseSigningKey, type SigningKey } from '../../../config/credential-keys.js';
import { jwks, loadOrCreateKeyFile } from './credential-keys.js';
import { issueCredential, openBadgeCredential, type CredentialCertificate } from './open-badge.js';
import type { CredentialSigner } from './signer.js';
import {
  bitstring,
  decodeBitstring,
  encodeBitstring,
  isBitSet,
  STATUS_LIST_SIZE,
  statusListCredential,
  statusListLocation,
  statusListRange,
} from './status-list.js';

const ORIGIN = 'https://academy.example.org';
const key: SigningKey = parseSigningKey(generateSigningJwk());
const signer: CredentialSigner = { origin: ORIGIN, key };

const cert: CredentialCertificate = {
  id: '3f0c6a57-2f7e-4a5e-9d0b-0c1c2d3e4f50',
  code: 'HTMSE-7K2Q-9XPA',
  holderName: 'Zoë Ødegård-Nguyễn 李',
  courseTitle: 'Recognising the signs of trafficking',
  courseSlug: 'recognising-the-signs',
  courseVersion: 3,
  issuedAt: new Date('2026-11-30T10:15:00.000Z'),
  expiresAt: new Date('2028-11-30T10:15:00.000Z'),
  statusIndex: 131_075,
};

function decodePart(part: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;
}

/** The independent check: Node's own Ed25519 verify over "header.payload", with the published JWK. */
function verifiesWith(jwt: string, jwk: object): boolean {
  const [header, payload, signature] = jwt.split('.');
  return verify(null, Buffer.from(`${header}.${payload}`), createPublicKey({ key: jwk as never, format: 'jwk' }), Buffer.from(signature!, 'base64url'));
}

describe('bitstring status list encoding', () => {
  it('sets exactly the given bits, index 0 being the most significant bit of the first byte', () => {
    const bits = bitstring([0, 7, 8, 131_071], STATUS_LIST_SIZE);
    expect(bits.length).toBe(16_384);
    expect(bits[0]).toBe(0b1000_0001);
    expect(bits[1]).toBe(0b1000_0000);
    expect(bits[16_383]).toBe(0b0000_0001);
    expect(isBitSet(bits, 0)).toBe(true);
    expect(isBitSet(bits, 1)).toBe(false);
    expect(isBitSet(bits, 131_071)).toBe(true);
    expect(isBitSet(bits, 131_070)).toBe(false);
    expect(Array.from({ length: STATUS_LIST_SIZE }, (_, i) => i).filter((i) => isBitSet(bits, i))).toEqual([0, 7, 8, 131_071]);
  });

  it('clears a bit when its index is no longer given (a revocation undone is a list without it)', () => {
    expect(isBitSet(bitstring([5, 9]), 9)).toBe(true);
    expect(isBitSet(bitstring([5]), 9)).toBe(false);
    expect(bitstring([]).every((byte) => byte === 0)).toBe(true);
  });

  it('refuses indexes outside the list', () => {
    expect(() => bitstring([STATUS_LIST_SIZE])).toThrow(RangeError);
    expect(() => bitstring([-1])).toThrow(RangeError);
    expect(() => bitstring([1.5])).toThrow(RangeError);
  });

  it('encodes as GZIP then multibase base64url ("u" prefix, no padding) and decodes back to the same bits', () => {
    const bits = bitstring([3, 1000, 131_000]);
    const encoded = encodeBitstring(bits);
    expect(encoded).toMatch(/^u[A-Za-z0-9_-]+$/);
    const gz = Buffer.from(encoded.slice(1), 'base64url');
    expect([gz[0], gz[1]]).toEqual([0x1f, 0x8b]); // the GZIP magic number
    expect(encoded.length).toBeLessThan(500); // 16 KB of mostly zeros compresses to little
    const back = decodeBitstring(encoded);
    expect(Buffer.from(back).equals(Buffer.from(bits))).toBe(true);
    expect(() => decodeBitstring(encoded.slice(1))).toThrow(/prefix/);
  });

  it('places a status index in its list: lists of 131,072, numbered from 1', () => {
    expect(statusListLocation(0)).toEqual({ listId: 1, index: 0 });
    expect(statusListLocation(131_071)).toEqual({ listId: 1, index: 131_071 });
    expect(statusListLocation(131_072)).toEqual({ listId: 2, index: 0 });
    expect(statusListRange(2)).toEqual({ first: 131_072, last: 262_143 });
    expect(() => statusListLocation(-1)).toThrow(RangeError);
  });
});

describe('the Open Badges 3.0 credential', () => {
  it('has the OB 3.0 shape: contexts, types, issuer profile, achievement, validity and status entry', () => {
    const vc = openBadgeCredential(cert, ORIGIN);
    expect(vc['@context']).toEqual(['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json']);
    expect(vc.id).toBe(`urn:uuid:${cert.id}`);
    expect(vc.type).toEqual(['VerifiableCredential', 'OpenBadgeCredential']);
    expect(vc.issuer).toEqual({ id: ORIGIN, type: ['Profile'], name: 'HTMSE Academy', url: ORIGIN });
    expect(vc.validFrom).toBe('2026-11-30T10:15:00.000Z');
    expect(vc.validUntil).toBe('2028-11-30T10:15:00.000Z');
    expect(vc.credentialSubject.type).toEqual(['AchievementSubject']);
    expect(vc.credentialSubject.identifier).toEqual([{ type: 'IdentityObject', identityType: 'name', hashed: false, identityHash: cert.holderName }]);
    expect(vc.credentialSubject.achievement).toMatchObject({
      id: `${ORIGIN}/courses/recognising-the-signs`,
      type: ['Achievement'],
      achievementType: 'CertificateOfCompletion',
      name: cert.courseTitle,
      version: '3',
      criteria: { narrative: expect.stringContaining('quiz') as unknown },
    });
    expect(vc.credentialStatus).toEqual({
      id: `${ORIGIN}/api/credentials/status/2#3`,
      type: 'BitstringStatusListEntry',
      statusPurpose: 'revocation',
      statusListIndex: '3',
      statusListCredential: `${ORIGIN}/api/credentials/status/2`,
    });
    expect(vc.description).toContain(`${ORIGIN}/verify/${cert.code}`);
    expect(vc.credentialSchema).toEqual([
      { id: 'https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json', type: '1EdTechJsonSchemaValidator2019' },
    ]);
    // The OB 3.0 schema's required members: the credential's, and the achievement's.
    for (const member of ['@context', 'id', 'type', 'name', 'issuer', 'validFrom', 'credentialSubject']) expect(vc).toHaveProperty([member]);
    for (const member of ['id', 'type', 'name', 'description', 'criteria']) expect(vc.credentialSubject.achievement).toHaveProperty([member]);
    // Nothing personal beyond the name on the certificate.
    expect(JSON.stringify(vc)).not.toMatch(/@[a-z0-9.-]+\.[a-z]+|email/i);
  });

  it('has no validUntil when the certificate does not expire', () => {
    expect('validUntil' in openBadgeCredential({ ...cert, expiresAt: null }, ORIGIN)).toBe(false);
  });
});

describe('issueCredential (VC-JWT)', () => {
  it('signs the credential itself as the payload, with EdDSA, the kid and typ vc+jwt, and the mirrored claims', async () => {
    const jwt = await issueCredential(cert, signer);
    const [h, p] = jwt.split('.');
    expect(decodePart(h!)).toEqual({ alg: 'EdDSA', kid: key.publicJwk.kid, typ: 'vc+jwt', cty: 'vc' });
    const payload = decodePart(p!);
    expect(payload).toMatchObject(JSON.parse(JSON.stringify(openBadgeCredential(cert, ORIGIN))) as object);
    expect(payload.iss).toBe(ORIGIN);
    expect(payload.jti).toBe(`urn:uuid:${cert.id}`);
    expect(payload.nbf).toBe(Date.parse('2026-11-30T10:15:00Z') / 1000);
    expect(payload.exp).toBe(Date.parse('2028-11-30T10:15:00Z') / 1000);
    expect(payload).not.toHaveProperty('sub');
    expect(payload).not.toHaveProperty('vc');
    expect('exp' in decodePart((await issueCredential({ ...cert, expiresAt: null }, signer)).split('.')[1]!)).toBe(false);
  });

  it('verifies with the published public key, not after a byte of the payload changes, not with another key', async () => {
    const jwt = await issueCredential(cert, signer);
    const [jwk] = jwks(key, []).keys;
    expect(verifiesWith(jwt, jwk!)).toBe(true);
    const [h, p, s] = jwt.split('.');
    const bytes = Buffer.from(p!, 'base64url');
    bytes[10] = bytes[10]! ^ 0x01;
    expect(verifiesWith(`${h}.${bytes.toString('base64url')}.${s}`, jwk!)).toBe(false);
    const other = parseSigningKey(generateSigningJwk());
    expect(verifiesWith(jwt, jwks(other, []).keys[0]!)).toBe(false);
  });

  it('is deterministic: the same certificate and key give the same token', async () => {
    expect(await issueCredential(cert, signer)).toBe(await issueCredential(cert, signer));
  });
});

describe('statusListCredential', () => {
  it('is a signed BitstringStatusListCredential whose list has exactly the revoked indexes set', async () => {
    const now = new Date('2026-12-01T12:00:00Z');
    const jwt = await statusListCredential([4, 77], 2, signer, now);
    expect(verifiesWith(jwt, key.publicJwk)).toBe(true);
    const [h, p] = jwt.split('.');
    expect(decodePart(h!)).toMatchObject({ alg: 'EdDSA', typ: 'vc+jwt', kid: key.publicJwk.kid });
    const payload = decodePart(p!) as { type: string[]; id: string; issuer: string; credentialSubject: Record<string, unknown>; iss: string };
    expect(payload.type).toEqual(['VerifiableCredential', 'BitstringStatusListCredential']);
    expect(payload.id).toBe(`${ORIGIN}/api/credentials/status/2`);
    expect(payload.issuer).toBe(ORIGIN);
    expect(payload.iss).toBe(ORIGIN);
    expect(payload.credentialSubject).toMatchObject({
      id: `${ORIGIN}/api/credentials/status/2#list`,
      type: 'BitstringStatusList',
      statusPurpose: 'revocation',
    });
    const bits = decodeBitstring(payload.credentialSubject.encodedList as string);
    expect(bits.length * 8).toBe(STATUS_LIST_SIZE);
    expect([3, 4, 5, 76, 77, 78].map((i) => isBitSet(bits, i))).toEqual([false, true, false, false, true, false]);
  });
});

describe('keys', () => {
  it('reads an Ed25519 key as a PKCS8 PEM (also with escaped newlines) or a JWK, with the same thumbprint kid', () => {
    const { privateKey } = generateKeyPairSync('ed25519');
    const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    const fromPem = parseSigningKey(pem);
    const fromEscaped = parseSigningKey(pem.replace(/\n/g, '\\n'));
    const fromJwk = parseSigningKey(JSON.stringify(privateKey.export({ format: 'jwk' })));
    expect(fromPem.publicJwk).toEqual(fromJwk.publicJwk);
    expect(fromEscaped.publicJwk).toEqual(fromJwk.publicJwk);
    expect(fromPem.publicJwk.kid).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(parseSigningKey(pem, 'academy-2026').publicJwk.kid).toBe('academy-2026');
  });

  it('refuses another key type, a public key and garbage, without echoing the key', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    expect(() => parseSigningKey(rsa)).toThrow(/Ed25519 key \(this one is rsa\)/);
    const publicJwk = JSON.stringify(generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' }));
    expect(() => parseSigningKey(publicJwk)).toThrow(/private key/);
    expect(() => parseSigningKey('hunter2')).toThrow(/^must be an Ed25519 private key/);
  });

  it('publishes only public members: the current key first, then previous keys, each with its kid', () => {
    const previous = parsePreviousPublicKeys(JSON.stringify([{ ...jwks(parseSigningKey(generateSigningJwk()), []).keys[0], kid: 'old-1' }]));
    const set = jwks(key, [...previous, key.publicJwk]);
    expect(set.keys.map((k) => k.kid)).toEqual([key.publicJwk.kid, 'old-1']);
    for (const k of set.keys) expect(Object.keys(k).sort()).toEqual(['alg', 'crv', 'kid', 'kty', 'use', 'x']);
    expect(JSON.stringify(set)).not.toContain(JSON.parse(generateSigningJwk()).d as string);
  });

  it('refuses previous keys that hold a private half or are not Ed25519', () => {
    expect(() => parsePreviousPublicKeys(generateSigningJwk())).toThrow(/private key/);
    expect(() => parsePreviousPublicKeys('[{"kty":"EC","crv":"P-256","x":"a","y":"b"}]')).toThrow(/Ed25519 public JWK/);
    expect(() => parsePreviousPublicKeys('not json')).toThrow(/must be JSON/);
    const { x } = jwks(key, []).keys[0]!;
    expect(parsePreviousPublicKeys(JSON.stringify({ keys: [{ kty: 'OKP', crv: 'Ed25519', x }] }))[0]!.kid).toBe(key.publicJwk.kid);
  });

  describe('the generated key file (development)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'htmse-credentials-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('is created once with mode 0600 and read back on the next start', () => {
      const file = join(dir, 'nested', 'credentials-ed25519.json');
      const first = loadOrCreateKeyFile(file);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ kty: 'OKP', crv: 'Ed25519' });
      const second = loadOrCreateKeyFile(file);
      expect(second.publicJwk).toEqual(first.publicJwk);
    });
  });
});
