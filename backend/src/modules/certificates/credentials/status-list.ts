import { gunzipSync, gzipSync } from 'node:zlib';
import { numericDate, signVcJwt, VC_CONTEXT_V2, type CredentialSigner } from './signer.js';

/**
 * W3C Bitstring Status List v1.0: each certificate owns one bit (its `status_index`) in a list;
 * a set bit means revoked. Lists hold 131,072 entries (16 KB, the spec's minimum, for herd
 * privacy): list n (1-based) holds the indexes (n - 1) * 131,072 to n * 131,072 - 1.
 */
export const STATUS_LIST_SIZE = 131_072;

/** How long a verifier may cache a status list (ms): the credential's `ttl` and the HTTP max-age. */
export const STATUS_LIST_TTL_MS = 60_000;

export function statusListLocation(statusIndex: number): { listId: number; index: number } {
  if (!Number.isSafeInteger(statusIndex) || statusIndex < 0) throw new RangeError(`status index must be a non-negative integer, got ${statusIndex}`);
  return { listId: Math.floor(statusIndex / STATUS_LIST_SIZE) + 1, index: statusIndex % STATUS_LIST_SIZE };
}

/** The status indexes list `listId` covers: [first, last]. */
export function statusListRange(listId: number): { first: number; last: number } {
  const first = (listId - 1) * STATUS_LIST_SIZE;
  return { first, last: first + STATUS_LIST_SIZE - 1 };
}

export const statusListUrl = (origin: string, listId: number): string => `${origin}/api/credentials/status/${listId}`;

/** A bitstring of `size` bits with the given indexes set. Bit 0 is the most significant bit of byte 0 (the spec's order). */
export function bitstring(setIndexes: Iterable<number>, size = STATUS_LIST_SIZE): Uint8Array {
  if (size % 8 !== 0) throw new RangeError('the bitstring size must be a multiple of 8');
  const bits = new Uint8Array(size / 8);
  for (const i of setIndexes) {
    if (!Number.isInteger(i) || i < 0 || i >= size) throw new RangeError(`index ${i} is outside the list (0..${size - 1})`);
    bits[i >> 3]! |= 0x80 >> (i & 7);
  }
  return bits;
}

export function isBitSet(bits: Uint8Array, index: number): boolean {
  return ((bits[index >> 3] ?? 0) & (0x80 >> (index & 7))) !== 0;
}

/** `encodedList`: the bitstring GZIP-compressed, then base64url (no padding) with the multibase prefix `u`. */
export function encodeBitstring(bits: Uint8Array): string {
  return `u${gzipSync(bits).toString('base64url')}`;
}

export function decodeBitstring(encodedList: string): Uint8Array {
  if (!encodedList.startsWith('u')) throw new Error('encodedList must be multibase base64url (prefix "u")');
  return new Uint8Array(gunzipSync(Buffer.from(encodedList.slice(1), 'base64url')));
}

/** The status list credential (unsigned): the list's revoked indexes (positions inside the list). */
export function bitstringStatusListCredential(revokedIndexes: Iterable<number>, listId: number, origin: string, now: Date) {
  const url = statusListUrl(origin, listId);
  return {
    '@context': [VC_CONTEXT_V2],
    id: url,
    type: ['VerifiableCredential', 'BitstringStatusListCredential'],
    issuer: origin,
    validFrom: now.toISOString(),
    credentialSubject: {
      id: `${url}#list`,
      type: 'BitstringStatusList',
      statusPurpose: 'revocation',
      encodedList: encodeBitstring(bitstring(revokedIndexes)),
      ttl: STATUS_LIST_TTL_MS,
    },
  };
}

/** The status list credential, signed as a VC-JWT with the same key as the credentials. */
export function statusListCredential(revokedIndexes: Iterable<number>, listId: number, signer: CredentialSigner, now = new Date()): Promise<string> {
  const credential = bitstringStatusListCredential(revokedIndexes, listId, signer.origin, now);
  return signVcJwt(credential, { iss: signer.origin, jti: credential.id, nbf: numericDate(now), iat: numericDate(now) }, signer);
}
