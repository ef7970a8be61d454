/**
 * Certificate codes as people type them. A code is printed on the certificate and sits in its
 * QR code and verification address; someone checking a certificate may copy it from paper or a
 * PDF, in lower case, with spaces, or with an en dash where the print has a hyphen. The page
 * accepts all of that and asks the API for the one canonical form.
 */

/** Hyphen-minus and the dashes and minus signs a copy from a PDF or a word processor may bring. */
const DASHES = /[-\u2010-\u2015\u2212\uFE58\uFE63\uFF0D]/g;
/** Every kind of white space, including no-break spaces. */
const SPACES = /[\s\u00A0\u200B-\u200D\u2060\uFEFF]/g;

/** The longest input the page looks at: a code is short; anything longer is not one. */
export const MAX_CODE_INPUT = 100;

/**
 * The canonical form of a typed code: upper case, without spaces or dashes. '' when the input
 * has anything else in it (letters and digits only) or is too long to be a code.
 */
export function normaliseCertificateCode(input: string | null | undefined): string {
  if (typeof input !== 'string' || input.length > MAX_CODE_INPUT) return '';
  const compact = input.normalize('NFKC').replace(SPACES, '').replace(DASHES, '').toUpperCase();
  return /^[A-Z0-9]{4,64}$/.test(compact) ? compact : '';
}

/** A code as it reads best: groups of four joined by dashes ("ABCD-EFGH-JKLM"). */
export function formatCertificateCode(code: string): string {
  return code.match(/.{1,4}/g)?.join('-') ?? code;
}

/** The public verification page of a code. */
export function verifyPath(code: string): string {
  return `/verify/${encodeURIComponent(code)}`;
}
