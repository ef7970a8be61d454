import { createHash, randomBytes } from 'node:crypto';

/**
 * Certificate codes: "HTM-" and three groups of four characters of Crockford's base 32 (digits
 * and capitals without I, L, O and U, so nothing reads as another character), from the crypto
 * RNG: 60 random bits, never guessable from another certificate's code. Typed by people from a
 * printed page, so the reading is forgiving: case, spaces, missing dashes and the look-alikes
 * (O for 0, I and L for 1) are accepted.
 */
export const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const CODE_PATTERN = /^HTM(-[0-9A-HJKMNP-TV-Z]{4}){3}$/;
const GROUPS = 3;
const GROUP_LENGTH = 4;

/** A new random code. `random` is for tests only. */
export function generateCertificateCode(random: (size: number) => Buffer = randomBytes): string {
  const bytes = random(GROUPS * GROUP_LENGTH);
  // 32 symbols: the low five bits of a byte are uniform, so no symbol is likelier than another.
  const chars = [...bytes].map((b) => CODE_ALPHABET[b & 31]!);
  const groups = Array.from({ length: GROUPS }, (_, i) => chars.slice(i * GROUP_LENGTH, (i + 1) * GROUP_LENGTH).join(''));
  return ['HTM', ...groups].join('-');
}

/**
 * The code a person typed, in its canonical form, or null when it cannot be one (then the
 * lookup answers 404 without asking the database).
 */
export function normaliseCertificateCode(input: string): string | null {
  if (input.length > 40) return null;
  let s = input.toUpperCase().replace(/[\s\-_.]/g, '');
  if (!s.startsWith('HTM')) return null;
  s = s.slice(3).replace(/O/g, '0').replace(/[IL]/g, '1');
  if (s.length !== GROUPS * GROUP_LENGTH) return null;
  const code = `HTM-${s.slice(0, 4)}-${s.slice(4, 8)}-${s.slice(8, 12)}`;
  return CODE_PATTERN.test(code) ? code : null;
}

/**
 * A UUID derived from a name (the completion id, or the batch and completion of a re-issue):
 * every attempt of one issuance gets the same certificate id, so a retry after a crash writes
 * the same file again instead of a second one.
 */
export function derivedUuid(...parts: string[]): string {
  const h = createHash('sha256')
    .update(`htmse-certificate:${parts.join(':')}`)
    .digest();
  h[6] = (h[6]! & 0x0f) | 0x50; // version 5 layout (name-based, SHA)
  h[8] = (h[8]! & 0x3f) | 0x80; // RFC 4122 variant
  const hex = h.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
