/**
 * Certificate codes as people type them. A code ("HTM-7K3M-Q9XZ-2B4T": HTM and three groups of
 * four characters of Crockford's base 32) is printed on the certificate and sits in its QR code
 * and verification address; someone checking a certificate may copy it from paper or a PDF, in
 * lower case, with spaces, without dashes or with an en dash where the print has a hyphen, or
 * read a 0 as an O. The page accepts all of that, as the API does, and asks for the canonical form.
 */

/** Hyphen-minus and the dashes and minus signs a copy from a PDF or a word processor may bring, and _ and . */
const SEPARATORS = /[-_.\u2010-\u2015\u2212\uFE58\uFE63\uFF0D]/g;
/** Every kind of white space, including no-break and zero-width spaces. */
const SPACES = /[\s\u00A0\u200B-\u200D\u2060\uFEFF]/g;
/** Crockford's base 32: digits and capitals without I, L, O and U. */
const GROUPS = /^[0-9A-HJKMNP-TV-Z]{12}$/;

/** The longest input the page looks at: a code is short; anything longer is not one. */
export const MAX_CODE_INPUT = 100;

/**
 * The canonical form of a typed code ("HTM-7K3M-Q9XZ-2B4T"), or '' when the input cannot be a
 * code (then nobody need be asked). O is read as 0, and I and L as 1, since the codes have none.
 */
export function normaliseCertificateCode(input: string | null | undefined): string {
  if (typeof input !== 'string' || input.length > MAX_CODE_INPUT) return '';
  const compact = input.normalize('NFKC').replace(SPACES, '').replace(SEPARATORS, '').toUpperCase();
  if (!compact.startsWith('HTM')) return '';
  const rest = compact.slice(3).replace(/O/g, '0').replace(/[IL]/g, '1');
  if (!GROUPS.test(rest)) return '';
  return `HTM-${rest.slice(0, 4)}-${rest.slice(4, 8)}-${rest.slice(8, 12)}`;
}

/** The public verification page of a code. */
export function verifyPath(code: string): string {
  return `/verify/${encodeURIComponent(code)}`;
}
