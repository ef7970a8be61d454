import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type JsonWebKey, type KeyObject } from 'node:crypto';

/**
 * The Ed25519 keys that sign the verifiable credentials (Open Badges 3.0 VC-JWT), read from the
 * environment (docs/credentials.md): parsed and checked once, at boot, with loadConfig.
 */

/** A public key as published in the JWKS: an Ed25519 OKP JWK with its key id. */
export interface PublicJwk {
  kty: 'OKP';
  crv: 'Ed25519';
  x: string;
  kid: string;
  alg: 'EdDSA';
  use: 'sig';
}

export interface SigningKey {
  privateKey: KeyObject;
  /** Its public half, as published. */
  publicJwk: PublicJwk;
}

/** RFC 7638 JWK thumbprint (SHA-256, base64url) of an Ed25519 public key: the default key id. */
export function jwkThumbprint(x: string): string {
  // The required members in lexicographic order, no whitespace (RFC 7638 §3.2).
  return createHash('sha256').update(`{"crv":"Ed25519","kty":"OKP","x":"${x}"}`).digest('base64url');
}

function publicJwkOf(key: KeyObject, kid: string | undefined): PublicJwk {
  const jwk = createPublicKey(key).export({ format: 'jwk' });
  const x = String(jwk.x);
  return { kty: 'OKP', crv: 'Ed25519', x, kid: kid ?? jwkThumbprint(x), alg: 'EdDSA', use: 'sig' };
}

/**
 * An Ed25519 private key given as a PKCS8 PEM (newlines may be written as `\n`, as .env files
 * need) or as a JWK (JSON, with `d`). Throws an Error whose message names the problem, never the key.
 */
export function parseSigningKey(text: string, kid?: string): SigningKey {
  const trimmed = text.trim();
  let privateKey: KeyObject;
  try {
    if (trimmed.startsWith('{')) {
      const jwk = JSON.parse(trimmed) as JsonWebKey & { kid?: string };
      if (typeof jwk.d !== 'string') throw new Error('not a private key');
      privateKey = createPrivateKey({ key: jwk, format: 'jwk' });
      kid ??= typeof jwk.kid === 'string' && jwk.kid !== '' ? jwk.kid : undefined;
    } else if (trimmed.includes('-----BEGIN')) {
      privateKey = createPrivateKey({ key: trimmed.replace(/\\n/g, '\n'), format: 'pem' });
    } else {
      throw new Error('neither PEM nor JSON');
    }
  } catch {
    throw new Error('must be an Ed25519 private key: a PKCS8 PEM ("-----BEGIN PRIVATE KEY-----") or a JWK with "d"');
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error(`must be an Ed25519 key (this one is ${privateKey.asymmetricKeyType ?? 'unknown'})`);
  return { privateKey, publicJwk: publicJwkOf(privateKey, kid) };
}

/**
 * Earlier keys' public halves, still published so credentials they signed keep verifying: a JSON
 * array of Ed25519 public JWKs, or a JWKS object (`{"keys": [...]}`), or one JWK. A key without
 * `kid` gets its thumbprint. A private key (with `d`) is refused: only public halves belong here.
 */
export function parsePreviousPublicKeys(text: string): PublicJwk[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error('must be JSON: an array of Ed25519 public JWKs (or {"keys": [...]})');
  }
  const list: unknown[] = Array.isArray(parsed)
    ? parsed
    : parsed !== null && typeof parsed === 'object' && Array.isArray((parsed as { keys?: unknown }).keys)
      ? (parsed as { keys: unknown[] }).keys
      : [parsed];
  return list.map((item, i) => {
    const jwk = item as (JsonWebKey & { kid?: unknown }) | null;
    if (jwk === null || typeof jwk !== 'object') throw new Error(`key ${i + 1}: must be a JWK object`);
    if ('d' in jwk) throw new Error(`key ${i + 1}: holds a private key ("d"); give only the public half`);
    if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string')
      throw new Error(`key ${i + 1}: must be an Ed25519 public JWK (kty OKP, crv Ed25519, x)`);
    try {
      createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: jwk.x }, format: 'jwk' });
    } catch {
      throw new Error(`key ${i + 1}: x is not an Ed25519 public key`);
    }
    const kid = typeof jwk.kid === 'string' && jwk.kid !== '' ? jwk.kid : jwkThumbprint(jwk.x);
    return { kty: 'OKP', crv: 'Ed25519', x: jwk.x, kid, alg: 'EdDSA', use: 'sig' };
  });
}

/** A new Ed25519 private key as a JWK (JSON): what `credentials:keygen` prints and the development key file holds. */
export function generateSigningJwk(): string {
  const { kty, crv, x, d } = generateKeyPairSync('ed25519').privateKey.export({ format: 'jwk' });
  return JSON.stringify({ kty, crv, x, d });
}
