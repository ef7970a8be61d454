const PLACEHOLDER_ORIGIN = 'http://same-site.invalid';

/**
 * A `?next=` return path we may redirect to after signing in: only a path on this site.
 * Refused: absolute URLs, protocol-relative "//host", backslashes (browsers read "/\host" as
 * "//host"), control characters (URL parsers drop tabs and newlines, so "/\t/host" would become
 * "//host"), and anything that resolves off this origin. Returns the normalised path or null.
 *
 * The checks that matter run on the NORMALISED path, because that is what goes into Location:
 * dot segments ("/./", "/%2e/", "/a/../") collapse during parsing, so "/.//evil.example" arrives
 * as "//evil.example", which a browser reads as another host.
 */
export function safeNext(value: unknown): string | null {
  if (typeof value !== 'string' || value.length === 0 || value.length > 2000) return null;
  if (!value.startsWith('/') || value.startsWith('//')) return null;
  // eslint-disable-next-line no-control-regex
  if (/[\\\u0000-\u001f\u007f]/.test(value)) return null;
  let url: URL;
  try {
    url = new URL(value, PLACEHOLDER_ORIGIN);
  } catch {
    return null;
  }
  if (url.origin !== PLACEHOLDER_ORIGIN) return null;
  const path = `${url.pathname}${url.search}${url.hash}`;
  // After normalising, the result must still be a single-slash path that resolves here.
  if (!isSameOriginPath(path)) return null;
  // Coming back to the sign-in page after signing in would only loop.
  if (url.pathname === '/login' || url.pathname === '/logout') return null;
  return path;
}

function isSameOriginPath(path: string): boolean {
  if (!path.startsWith('/') || path.startsWith('//') || path.startsWith('/\\')) return false;
  try {
    // Parsing the output once more must be a fixed point on this origin.
    const again = new URL(path, PLACEHOLDER_ORIGIN);
    return again.origin === PLACEHOLDER_ORIGIN && `${again.pathname}${again.search}${again.hash}` === path;
  } catch {
    return false;
  }
}

/** /login?next=<path>, for pages that need a signed-in person. */
export function loginUrl(returnTo: string): string {
  const next = safeNext(returnTo);
  return next ? `/login?next=${encodeURIComponent(next)}` : '/login';
}
